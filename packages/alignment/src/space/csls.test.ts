import { describe, expect, it } from 'vitest';
import { gaussians } from '../linalg/dense.ts';
import { mutualCslsPairs, neighbourhoodMeans, rankByCsls } from './csls.ts';
import { dotSimilarities, materialize } from './similarities.ts';
import { unitRows } from './vector-space.ts';

// A shares a strong common direction c; B holds noisy twins of A plus c itself, a hub close to every row of A.
const n = 60;
const dim = 16;
function hubFixture() {
  const c = unitRows(gaussians(dim, 5), dim);
  const u = gaussians(n * dim, 6);
  const e = gaussians(n * dim, 7);
  const a = new Float32Array(n * dim);
  const b = new Float32Array((n + 1) * dim);
  for (let i = 0; i < n * dim; i++) {
    a[i] = c[i % dim]! + 0.35 * u[i]!;
    b[i] = a[i]! + 0.5 * e[i]!;
  }
  b.set(c, n * dim);
  return dotSimilarities({ vectors: unitRows(a, dim), dim }, { vectors: unitRows(b, dim), dim });
}

describe('CSLS', () => {
  const sim = hubFixture();
  const hub = n;
  const nearest = (retrieval: 'csls' | 'cosine') => rankByCsls(sim, { k: 10, top: 1, retrieval }).index;

  it('removes a planted hub: nearest neighbour of many rows under cosine, of at most one under CSLS', () => {
    const byCosine = nearest('cosine').filter((j) => j === hub).length;
    const byCsls = nearest('csls').filter((j) => j === hub).length;
    expect(byCosine).toBeGreaterThanOrEqual(8);
    expect(byCsls).toBeLessThanOrEqual(1);
    expect(neighbourhoodMeans(sim, 10).ofB[hub]).toBeGreaterThan(0.7);
  });

  it('finds more true twins than cosine, and mutual pairs are more precise than one-way neighbours', () => {
    const correct = (index: Int32Array) => [...index].filter((j, i) => j === i).length;
    expect(correct(nearest('csls'))).toBeGreaterThan(correct(nearest('cosine')));
    const pairs = mutualCslsPairs(sim, 10);
    expect(pairs.length).toBeGreaterThan(20);
    expect(pairs.some((p) => p.b === hub)).toBe(false);
    expect(pairs.filter((p) => p.a === p.b).length / pairs.length).toBeGreaterThan(correct(nearest('csls')) / n);
  });

  it('gives the same answers from a materialised matrix', () => {
    expect(mutualCslsPairs(materialize(sim), 10)).toEqual(mutualCslsPairs(sim, 10));
  });

  it('ranks the top candidates best first', () => {
    const { index, score } = rankByCsls(sim, { k: 10, top: 5, retrieval: 'csls' });
    for (let i = 0; i < n; i++) {
      for (let t = 1; t < 5; t++) expect(score[i * 5 + t]).toBeLessThanOrEqual(score[i * 5 + t - 1]!);
      expect(new Set(index.subarray(i * 5, i * 5 + 5)).size).toBe(5);
    }
  });
});
