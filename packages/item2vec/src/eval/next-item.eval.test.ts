import { describe, expect, it } from 'vitest';
import { buildVocabulary } from '../corpus/vocabulary.ts';
import { evaluateNextItem, leaveLastOutCases, type NextItemScorer } from './next-item.eval.ts';

describe('leave-last-out evaluation', () => {
  const catalog = buildVocabulary(
    [
      ['a', 'b'],
      ['b', 'c'],
    ],
    { order: 'first-seen' },
  ); // a=0, b=1, c=2

  it('predicts the last item from the known others and skips what cannot be asked', () => {
    const { cases, skipped } = leaveLastOutCases(catalog, [
      ['a', 'x', 'c'], // x unseen in training: ignored
      ['x', 'c'], // no known context
      ['a', 'y'], // target unseen
      ['b'], // nothing to predict from
      ['c', 'a', 'b'],
    ]);
    expect(skipped).toBe(3);
    expect(cases.map((c) => ({ context: [...c.context], target: c.target }))).toEqual([
      { context: [0], target: 2 },
      { context: [2, 0], target: 1 },
    ]);
  });

  it('excludes the context from the ranking', () => {
    const fixed: NextItemScorer = { score: (_context, scores) => scores.set([3, 2, 1]) };
    const { cases } = leaveLastOutCases(catalog, [
      ['a', 'c'],
      ['c', 'a', 'b'],
    ]);
    // Case 1: a is context, so c ranks behind b only (rank 1). Case 2: b is the best non-context item.
    const result = evaluateNextItem(cases, catalog.ids.length, fixed, { k: 1 });
    expect([...result.ranks]).toEqual([1, 0]);
    expect(result.hitRate).toBe(0.5);
    expect(result.ndcg).toBe(0.5);
    expect(result.mrr).toBe(0.75);
  });
});
