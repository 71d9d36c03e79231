// Popularity baseline: every item scores its training count, whatever the context.
import type { NextItemScorer } from '../eval/next-item.eval.ts';

export function popularityScorer(counts: ArrayLike<number>): NextItemScorer {
  const table = Float64Array.from(counts);
  return { score: (_context, scores) => scores.set(table) };
}
