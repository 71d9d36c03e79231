import { describe, expect, it } from 'vitest';
import { metricsFromRanks, rankOf } from './ranking-metrics.ts';

describe('ranking metrics', () => {
  it('computes HR@k, NDCG@k and MRR by hand', () => {
    const metrics = metricsFromRanks([0, 2, 10, Infinity], 10);
    expect(metrics.cases).toBe(4);
    expect(metrics.hitRate).toBe(0.5); // rank 10 is the 11th place: outside the top 10
    expect(metrics.ndcg).toBeCloseTo((1 + 1 / Math.log2(4)) / 4, 12);
    expect(metrics.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 11) / 4, 12);
    expect(metricsFromRanks([], 10)).toMatchObject({ cases: 0, hitRate: 0, ndcg: 0, mrr: 0 });
    expect(() => metricsFromRanks([-1], 10)).toThrow(RangeError);
  });

  it('ranks by descending score, ties by index, never -Infinity', () => {
    const scores = [0.5, 0.9, 0.5, -Infinity, 0.2];
    expect(rankOf(scores, 1)).toBe(0);
    expect(rankOf(scores, 0)).toBe(1);
    expect(rankOf(scores, 2)).toBe(2);
    expect(rankOf(scores, 4)).toBe(3);
    expect(rankOf(scores, 3)).toBe(Infinity);
  });
});
