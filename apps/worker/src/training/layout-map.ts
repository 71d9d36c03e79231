// The embedding map's layout, computed once per model at training time so the API never does it per request:
// t-SNE of the most frequent items that have a vector.

import { TsneRun, type ModelLayout } from '@shopspace/serving';

/** Items on the embedding map: the most frequent ones with a vector (t-SNE is O(n²) a step). */
export const MAP_ITEMS = 2_000;
export const MAP_PERPLEXITY = 30;

/**
 * The embedding map's layout, computed once per model rather than per request: t-SNE of the MAP_ITEMS most
 * frequent items with a vector (about 4 s for 2,000 on one core). The steps run in slices that give the event
 * loop a turn, so the job keeps renewing its lock and writing progress meanwhile.
 */
export async function mapLayout(
  vectors: Float32Array,
  dim: number,
  counts: ArrayLike<number>,
  items = MAP_ITEMS,
): Promise<ModelLayout | undefined> {
  if (dim === 0) return undefined;
  const rows = Array.from({ length: counts.length }, (_, i) => i)
    .sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b)
    .filter((i) => vectors.subarray(i * dim, (i + 1) * dim).some((x) => x !== 0))
    .slice(0, items);
  if (rows.length < 2) return undefined;
  const run = new TsneRun(vectors, dim, rows, { perplexity: MAP_PERPLEXITY });
  for (let slice = 0; run.step(); slice++)
    if (slice % 25 === 24) await new Promise<void>((resolve) => setImmediate(resolve));
  const { points, perplexity } = run.result();
  return { rows: Int32Array.from(rows), points: Float32Array.from(points), perplexity };
}
