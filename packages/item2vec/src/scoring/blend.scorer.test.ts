import { describe, expect, it } from 'vitest';
import type { NextItemScorer } from '../eval/next-item.eval.ts';
import { blendScorer } from './blend.scorer.ts';

const fixed = (values: number[]): NextItemScorer => ({ score: (_context, scores) => scores.set(values) });

describe('blend scorer', () => {
  it('min-max normalises each part over the non-context items, then weights them', () => {
    // Context = item 0. Part A over items 1..3: 1, 3, 5 → 0, 0.5, 1. Part B: 10, 0 and -Infinity → 1, 0, 0.
    const blend = blendScorer([
      { scorer: fixed([9, 1, 3, 5]), weight: 0.25 },
      { scorer: fixed([0, 10, 0, -Infinity]), weight: 0.75 },
    ]);
    const scores = new Float64Array(4);
    blend.score(Int32Array.from([0]), scores);
    expect([...scores.slice(1)]).toEqual([0.75, 0.125, 0.25]);
  });

  it('ignores a part that cannot tell items apart', () => {
    const blend = blendScorer([
      { scorer: fixed([1, 2, 3]), weight: 1 },
      { scorer: fixed([-Infinity, -Infinity, -Infinity]), weight: 5 },
    ]);
    const scores = new Float64Array(3);
    blend.score(Int32Array.from([0]), scores);
    expect([...scores.slice(1)]).toEqual([0, 1]);
  });
});
