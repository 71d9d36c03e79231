import { describe, expect, it } from 'vitest';
import { adaptiveCut } from './adaptive-cut.ts';
import { plantedInterests } from './planted-interests.fixture.ts';
import { wardClustering } from './ward.clustering.ts';

/** Greedy Ward by brute force (merge the pair with the least SSE increase), the oracle for the chain. */
function greedyWardCosts(vectors: Float32Array, dim: number): number[] {
  let clusters = Array.from({ length: vectors.length / dim }, (_, i) => ({
    n: 1,
    c: Array.from(vectors.subarray(i * dim, (i + 1) * dim)),
  }));
  const costs: number[] = [];
  while (clusters.length > 1) {
    let best = [0, 1, Infinity] as [number, number, number];
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        const A = clusters[a]!;
        const B = clusters[b]!;
        const gap = A.c.reduce((s, x, d) => s + (x - B.c[d]!) ** 2, 0);
        const cost = ((A.n * B.n) / (A.n + B.n)) * gap;
        if (cost < best[2]) best = [a, b, cost];
      }
    }
    const [a, b, cost] = best;
    const A = clusters[a]!;
    const B = clusters[b]!;
    const merged = { n: A.n + B.n, c: A.c.map((x, d) => (A.n * x + B.n * B.c[d]!) / (A.n + B.n)) };
    clusters = clusters.filter((_, i) => i !== a && i !== b).concat([merged]);
    costs.push(cost);
  }
  return costs;
}

describe('wardClustering', () => {
  it('finds the greedy Ward merges (SSE increases) with the nearest-neighbour chain', () => {
    const { vectors, dim } = plantedInterests([6, 5, 4], 8, 0.4, 3);
    const tree = wardClustering(vectors, dim);
    const oracle = greedyWardCosts(vectors, dim).sort((a, b) => a - b);
    expect(tree.cost).toHaveLength(14);
    tree.cost.forEach((c, m) => expect(c).toBeCloseTo(oracle[m]!, 9));
    expect(tree.size[13]).toBe(15);
  });

  it('gives a weight-w leaf the merges of w identical points', () => {
    const { vectors, dim } = plantedInterests([3, 3], 6, 0.3, 4);
    const tripled = new Float32Array([...vectors, ...vectors.subarray(0, dim), ...vectors.subarray(0, dim)]);
    const plain = wardClustering(tripled, dim);
    const weighted = wardClustering(vectors, dim, [3, 1, 1, 1, 1, 1]);
    // The duplicates' two zero-cost merges come first; every later merge costs the same.
    expect(plain.cost[0]).toBe(0);
    expect(Array.from(plain.cost.subarray(2)).map((c) => c.toFixed(9))).toEqual(
      Array.from(weighted.cost).map((c) => c.toFixed(9)),
    );
  });
});

describe('adaptiveCut', () => {
  const clusterCount = (labels: Int32Array): number => new Set(labels).size;

  it('splits three planted interests into exactly those three', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { vectors, dim, interest } = plantedInterests([12, 9, 6], 32, 0.08, seed);
      const labels = adaptiveCut(wardClustering(vectors, dim));
      expect(clusterCount(labels)).toBe(3);
      // Same partition as the planted one: each label maps to exactly one interest.
      const pairs = new Set(Array.from(labels, (l, i) => `${l}:${interest[i]}`));
      expect(pairs.size).toBe(3);
    }
  });

  it('keeps a one-interest history whole, small or large', () => {
    for (const [count, seed] of [
      [2, 1],
      [8, 2],
      [40, 3],
      [200, 4],
    ] as const) {
      const { vectors, dim } = plantedInterests([count], 32, 0.08, seed);
      expect(clusterCount(adaptiveCut(wardClustering(vectors, dim)))).toBe(1);
    }
  });

  it('gives a more varied history more clusters, and respects maxClusters', () => {
    const { vectors, dim } = plantedInterests([5, 5, 5, 5, 5, 5], 32, 0.08, 9);
    const tree = wardClustering(vectors, dim);
    expect(clusterCount(adaptiveCut(tree))).toBe(6);
    expect(clusterCount(adaptiveCut(tree, { maxClusters: 4 }))).toBe(4);
    // A very high jump threshold never splits.
    expect(clusterCount(adaptiveCut(tree, { jump: 1e6 }))).toBe(1);
  });
});
