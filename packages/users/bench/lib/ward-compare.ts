// Hand-written Ward (nearest-neighbour chain) against ml-hclust's agnes on user-sized histories: same merge
// heights (a cross-check), and the time of each.
import { agnes, type Cluster } from 'ml-hclust';
import { createRng } from '@shopspace/item2vec';
import { wardClustering } from '../../src/pinnersage/ward.clustering.ts';

export interface WardTiming {
  readonly n: number;
  readonly ownMs: number;
  readonly mlHclustMs: number;
  /** Largest |own height − ml-hclust height| over the sorted merges (both as 2·ΔSSE). */
  readonly maxHeightDiff: number;
}

export function compareWard(sizes: readonly number[], dim: number, vectors: Float32Array, rows: number): WardTiming[] {
  const rng = createRng(77);
  return sizes.map((n) => {
    const picked = Array.from({ length: n }, () => rng.nextInt(rows));
    const points = new Float32Array(n * dim);
    picked.forEach((r, p) => points.set(vectors.subarray(r * dim, (r + 1) * dim), p * dim));
    const arrays = picked.map((_, p) => Array.from(points.subarray(p * dim, (p + 1) * dim)));
    const squared = (a: number[], b: number[]): number => a.reduce((s, x, d) => s + (x - b[d]!) ** 2, 0);
    const reps = n <= 20 ? 200 : n <= 100 ? 20 : 3;
    let own = wardClustering(points, dim);
    let t = performance.now();
    for (let r = 0; r < reps; r++) own = wardClustering(points, dim);
    const ownMs = (performance.now() - t) / reps;
    let tree: Cluster = agnes(arrays, { method: 'ward', distanceFunction: squared });
    t = performance.now();
    for (let r = 0; r < reps; r++) tree = agnes(arrays, { method: 'ward', distanceFunction: squared });
    const mlHclustMs = (performance.now() - t) / reps;
    const heights: number[] = [];
    tree.traverse((c) => {
      if (!c.isLeaf) heights.push(c.height);
    });
    heights.sort((a, b) => a - b);
    const mine = Array.from(own.cost, (c) => 2 * c).sort((a, b) => a - b);
    const maxHeightDiff = mine.reduce((m, h, i) => Math.max(m, Math.abs(h - (heights[i] ?? NaN))), 0);
    return { n, ownMs, mlHclustMs, maxHeightDiff };
  });
}
