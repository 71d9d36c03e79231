// Seeded int8 codes shaped like tower output for index tests: tanh of clustered Gaussian pre-activations
// (categories of sub-clusters, as catalogs group), so neighbours are close but not duplicates.
import { createRng } from '@shopspace/item2vec';
import { quantizeTowerOutput } from '../int8/int8-vectors.ts';

export interface ClusteredCodes {
  /** Float tanh outputs, n × dim (the float32 reference). */
  readonly floats: Float32Array;
  readonly codes: Int8Array;
  /** Top-level cluster of each row. */
  readonly cluster: Int32Array;
}

export function clusteredCodes(n: number, dim: number, seed: number, clusters = 20): ClusteredCodes {
  const rng = createRng(seed);
  const gauss = (): number => {
    const u = 1 - rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const sub = 8;
  const centres = Float64Array.from({ length: clusters * dim }, () => gauss());
  const subCentres = Float64Array.from({ length: clusters * sub * dim }, (_, i) => {
    const c = Math.floor(i / (sub * dim));
    return centres[c * dim + (i % dim)]! + 0.6 * gauss();
  });
  const floats = new Float32Array(n * dim);
  const cluster = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const c = rng.nextInt(clusters);
    const s = rng.nextInt(sub);
    cluster[r] = c;
    for (let j = 0; j < dim; j++) floats[r * dim + j] = Math.tanh(subCentres[(c * sub + s) * dim + j]! + 0.5 * gauss());
  }
  return { floats, codes: quantizeTowerOutput(floats), cluster };
}

/** Exact top-k labels by float dot product (the oracle), ties by label. */
export function exactTopK(
  floats: Float32Array,
  dim: number,
  query: Float32Array,
  k: number,
  keep?: (label: number) => boolean,
): Int32Array {
  const n = floats.length / dim;
  const scored: [number, number][] = [];
  for (let r = 0; r < n; r++) {
    if (keep !== undefined && !keep(r)) continue;
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += query[j]! * floats[r * dim + j]!;
    scored.push([dot, r]);
  }
  scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return Int32Array.from(scored.slice(0, k), ([, r]) => r);
}

/** Share of `truth` found in `found`. */
export function recall(found: ArrayLike<number>, truth: ArrayLike<number>): number {
  const set = new Set(Array.from(found));
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (set.has(truth[i]!)) hits++;
  return truth.length === 0 ? 1 : hits / truth.length;
}
