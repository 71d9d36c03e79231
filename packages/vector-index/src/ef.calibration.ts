// Picks the search beam (ef) from measured recall on the catalog itself: item2vec spaces differ so much in
// difficulty (a 100k catalog with a big long tail needs 4-8x the ef of a clustered one) that no constant fits.

import type { VectorIndex } from './vector-index.port.ts';

export interface EfCalibration {
  /** Smallest ef on the ladder that reached the target, or the largest tried. */
  readonly ef: number;
  /** recall@10 measured at that ef. */
  readonly recall: number;
  readonly queries: number;
}

/** Beam widths tried in order; each step roughly doubles query time. */
export const EF_LADDER = [16, 32, 64, 128, 256, 512, 1024] as const;

/**
 * Queries are midpoints of two catalog items picked far apart in label order: points off the indexed set, like
 * a session vector. They are harder than item-to-item queries (which the graph was built around); measured, they
 * read 0.5-1 point above held-out recall, which is why the default target is 0.99 for a 0.98 requirement.
 */
export function calibrateEf(
  approx: VectorIndex & { ef: number },
  exact: VectorIndex & { readonly unitVectors: Float32Array },
  options: { readonly targetRecall: number; readonly queries: number; readonly minEf: number },
): EfCalibration {
  const { size, dim } = exact;
  const count = Math.min(options.queries, size);
  if (count === 0) return { ef: options.minEf, recall: 1, queries: 0 };
  const queries = Array.from({ length: count }, (_, i) => {
    const a = Math.floor(((i + 0.5) * size) / count);
    // A multiplicative hash spreads the partner across the catalog, independent of a's cluster.
    const b = Math.imul(a + 1, 0x9e3779b1) >>> 0;
    const q = new Float32Array(dim);
    for (let j = 0; j < dim; j++) {
      q[j] = (exact.unitVectors[a * dim + j] as number) + (exact.unitVectors[(b % size) * dim + j] as number);
    }
    return q;
  });
  const k = Math.min(10, size);
  const truth = queries.map((q) => new Set(exact.search(q, k).labels));
  const ladder = [options.minEf, ...EF_LADDER.filter((ef) => ef > options.minEf)];
  let best: EfCalibration = { ef: options.minEf, recall: 0, queries: count };
  for (const ef of ladder) {
    approx.ef = ef;
    let hits = 0;
    queries.forEach((q, i) => {
      const want = truth[i] as Set<number>;
      for (const label of approx.search(q, k).labels) if (want.has(label)) hits++;
    });
    best = { ef, recall: hits / (k * count), queries: count };
    if (best.recall >= options.targetRecall) break;
  }
  approx.ef = best.ef;
  return best;
}
