// Test fixtures: seeded random spaces with cluster structure (as item2vec spaces have), rotated copies, and
// noisy feature views, so alignment tests can plant a known map and check it is recovered.
import { gaussians } from '../linalg/dense.ts';
import { mapRows, unitRows } from '../space/vector-space.ts';

/** n unit rows in `dim` dimensions around `clusters` seeded centres (spread 0.7 around unit centres). */
export function clusteredSpace(n: number, dim: number, seed: number, clusters = 8): Float32Array {
  const centres = unitRows(gaussians(clusters * dim, seed), dim);
  const noise = gaussians(n * dim, seed + 1);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    for (let d = 0; d < dim; d++)
      out[i * dim + d] = centres[c * dim + d]! + (0.7 / Math.sqrt(dim)) * noise[i * dim + d]!;
  }
  return unitRows(out, dim);
}

/** Rows rotated by `rotation` (y = R x), plus Gaussian noise of standard deviation `sigma` per coordinate. */
export function rotatedCopy(
  vectors: Float32Array,
  dim: number,
  rotation: Float64Array,
  sigma: number,
  seed: number,
): Float32Array {
  const out = mapRows(vectors, dim, rotation);
  const noise = gaussians(out.length, seed);
  for (let i = 0; i < out.length; i++) out[i]! += sigma * noise[i]!;
  return out;
}

/** Unit rows of vectors + sigma · Gaussian noise (a noisy second view of the same items). */
export function noisyView(vectors: Float32Array, dim: number, sigma: number, seed: number): Float32Array {
  const noise = gaussians(vectors.length, seed);
  return unitRows(
    vectors.map((v, i) => v + sigma * noise[i]!),
    dim,
  );
}

/** Row indices 0..n-1 as skus with a shop prefix. */
export function skus(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}
