import { describe, expect, it } from 'vitest';
import type { UserRecommender } from '../recommenders/user-recommender.port.ts';
import { searchBlendWeights, candidateTable } from './recommender-choice.ts';
import { candidateRank, evaluateLoo, leaveOneOutSplit } from './leave-one-out.eval.ts';

const histories = [
  Int32Array.from([0, 1, 2, 3, 4]),
  Int32Array.from([5, 6, 7, 8, 9]),
  Int32Array.from([1, 3, 5, 7, 9]),
];

/** Scores item i as `fn(i, history)`. */
const scorer = (name: string, fn: (item: number, history: Int32Array) => number): UserRecommender => ({
  name,
  itemCount: 30,
  scoreAll(history, out) {
    for (let i = 0; i < 30; i++) out[i] = fn(i, history.items);
  },
});

describe('leaveOneOutSplit', () => {
  it('holds out the last (or second-to-last) item and samples never-touched negatives', () => {
    const test = leaveOneOutSplit(histories, 30, { negatives: 10, seed: 1 });
    expect(test.cases.map((c) => c.target)).toEqual([4, 9, 9]);
    expect(Array.from(test.cases[0]!.history)).toEqual([0, 1, 2, 3]);
    for (const c of test.cases) {
      expect(c.candidates[0]).toBe(c.target);
      const negs = Array.from(c.candidates.subarray(1));
      expect(new Set(negs).size).toBe(10);
      for (const n of negs) expect(histories[c.user]!.includes(n)).toBe(false);
    }
    const validation = leaveOneOutSplit(histories, 30, { holdout: 2, negatives: 10, seed: 1 });
    expect(validation.cases.map((c) => c.target)).toEqual([3, 8, 7]);
    expect(Array.from(validation.cases[0]!.history)).toEqual([0, 1, 2]);
    expect(validation.train.indptr[1]).toBe(3);
    expect(Array.from(leaveOneOutSplit(histories, 30, { negatives: 10, seed: 1 }).cases[1]!.candidates)).toEqual(
      Array.from(test.cases[1]!.candidates),
    );
  });

  it('uses negatives given from elsewhere', () => {
    const given = [Int32Array.from([29, 20]), Int32Array.from([21, 22]), Int32Array.from([23, 24])];
    const split = leaveOneOutSplit(histories, 30, { negativesFor: given });
    expect(Array.from(split.cases[0]!.candidates)).toEqual([4, 20, 29]);
  });
});

describe('evaluateLoo', () => {
  const split = leaveOneOutSplit(histories, 30, { negatives: 20, seed: 2 });

  it('an oracle scores HR 1 and NDCG 1; an anti-oracle 0', () => {
    const targets = new Map(split.cases.map((c) => [c.history.join(','), c.target]));
    const oracle = evaluateLoo(
      scorer('oracle', (i, h) => (i === targets.get(h.join(',')) ? 1 : 0)),
      split,
    );
    expect([oracle.hitRate, oracle.ndcg]).toEqual([1, 1]);
    const anti = evaluateLoo(
      scorer('anti', (i, h) => (i === targets.get(h.join(',')) ? -1 : i)),
      split,
    );
    expect([anti.hitRate, anti.ndcg]).toEqual([0, 0]);
  });

  it('counts ties as the reference does (optimistic) or against the target', () => {
    expect(candidateRank([1, 1, 1, 2])).toBe(1);
    expect(candidateRank([1, 1, 1, 2], 'pessimistic')).toBe(3);
    expect(candidateRank([-Infinity, 0])).toBe(Infinity);
    const constant = scorer('constant', () => 0);
    expect(evaluateLoo(constant, split).hitRate).toBe(1);
    expect(evaluateLoo(constant, split, { ties: 'pessimistic' }).hitRate).toBe(0);
  });

  it('the weight search finds the part that ranks the target', () => {
    const targets = new Map(split.cases.map((c) => [c.history.join(','), c.target]));
    const good = scorer('good', (i, h) => (i === targets.get(h.join(',')) ? 5 : (i * 7) % 3));
    const noise = scorer('noise', (i) => (i * 13) % 11);
    const tables = [candidateTable(noise, split, 'zscore'), candidateTable(good, split, 'zscore')];
    const best = searchBlendWeights(tables, { steps: 4 });
    expect(best.ndcg).toBe(1);
    expect(best.weights[1]).toBeGreaterThan(best.weights[0]!);
  });
});
