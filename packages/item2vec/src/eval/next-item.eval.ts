// Leave-last-out next-item evaluation (issue 3's protocol): each test session's last item is predicted from
// the others, ranked over every catalog item (the items seen in training) with the context's own items excluded.
import type { Vocabulary } from '../corpus/vocabulary.ts';
import { metricsFromRanks, rankOf, type RankingMetrics } from './ranking-metrics.ts';

export interface NextItemCase {
  /** Catalog indices of the known context items, in session order. */
  readonly context: Int32Array;
  readonly target: number;
}

export interface NextItemCases {
  readonly cases: readonly NextItemCase[];
  /** Sessions skipped: fewer than 2 items, target unseen in training, or no context item seen. */
  readonly skipped: number;
}

/** Writes a score per catalog item into `scores` (zero-filled on entry); higher ranks first, -Infinity never. */
export interface NextItemScorer {
  score(context: Int32Array, scores: Float64Array): void;
}

export function leaveLastOutCases(catalog: Vocabulary, sessions: readonly (readonly string[])[]): NextItemCases {
  const cases: NextItemCase[] = [];
  let skipped = 0;
  for (const session of sessions) {
    const target = session.length >= 2 ? catalog.indexOf.get(session[session.length - 1] ?? '') : undefined;
    const context: number[] = [];
    for (const id of session.slice(0, -1)) {
      const index = catalog.indexOf.get(id);
      // Unknown context items are ignored, as serving ignores unknown skus; repeats of the target are not context.
      if (index !== undefined && index !== target) context.push(index);
    }
    if (target === undefined || context.length === 0) skipped++;
    else cases.push({ context: Int32Array.from(context), target });
  }
  return { cases, skipped };
}

export interface EvaluateOptions {
  /** Cut-off of HR and NDCG. Default 10. */
  readonly k?: number;
}

export interface NextItemEvaluation extends RankingMetrics {
  /** Per-case 0-based rank of the target (Infinity when unranked), for significance tests and blending. */
  readonly ranks: Float64Array;
}

export function evaluateNextItem(
  cases: readonly NextItemCase[],
  catalogSize: number,
  scorer: NextItemScorer,
  options: EvaluateOptions = {},
): NextItemEvaluation {
  const scores = new Float64Array(catalogSize);
  const ranks = new Float64Array(cases.length);
  cases.forEach(({ context, target }, i) => {
    scores.fill(0);
    scorer.score(context, scores);
    for (const item of context) scores[item] = -Infinity;
    ranks[i] = rankOf(scores, target);
  });
  return { ...metricsFromRanks(ranks, options.k ?? 10), ranks };
}
