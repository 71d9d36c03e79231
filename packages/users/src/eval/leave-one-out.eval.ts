// NCF's leave-one-out protocol for any user recommender: each user's latest item (or, for validation, the
// one before it) is held out and ranked against sampled items the user never touched; HR@k and NDCG@k.
import { createRng, metricsFromRanks, type RankingMetrics } from '@shopspace/item2vec';
import { buildInteractions, type InteractionMatrix } from '../interactions/interaction-matrix.ts';
import type { UserRecommender } from '../recommenders/user-recommender.port.ts';
import { requireInput } from '../users.errors.ts';

export interface LooCase {
  /** Index of the user in the histories the split was made from. */
  readonly user: number;
  /** The items before the held-out one, oldest first: what the recommender may see. */
  readonly history: Int32Array;
  readonly target: number;
  /** The target first, then the sampled negatives (ascending). */
  readonly candidates: Int32Array;
}

export interface LooSplit {
  readonly items: number;
  readonly cases: readonly LooCase[];
  /** Users × items, each row the case's history (all users, in case order): what models train on. */
  readonly train: InteractionMatrix;
}

export interface LooSplitOptions {
  /** 1: hold out the last item (test); 2: the second-to-last, dropping the last too (validation). Default 1. */
  readonly holdout?: number;
  /** Sampled negatives per case (default 99). */
  readonly negatives?: number;
  readonly seed?: number;
  /**
   * Negatives per user (same order as histories) from elsewhere, e.g. a reference run's sampler; replaces the
   * seeded sampling. Each must avoid every item in that user's full history.
   */
  readonly negativesFor?: readonly ArrayLike<number>[];
}

/**
 * Cases from per-user histories (items in chronological order, distinct). Users whose history is not longer
 * than `holdout` are an error: filter them first (the reference keeps users with at least 5 items).
 */
export function leaveOneOutSplit(
  histories: readonly Int32Array[],
  items: number,
  options: LooSplitOptions = {},
): LooSplit {
  const holdout = options.holdout ?? 1;
  const negatives = options.negatives ?? 99;
  requireInput(Number.isInteger(holdout) && holdout >= 1, 'options.holdout', `must be a positive integer`);
  requireInput(
    options.negativesFor !== undefined || (negatives >= 0 && negatives < items),
    'options.negatives',
    `must be in [0, ${items})`,
  );
  const rng = createRng(options.seed ?? 20261203);
  const seen = new Uint8Array(items);
  const cases = histories.map((full, user): LooCase => {
    requireInput(full.length > holdout, `histories[${user}]`, `needs more than ${holdout} items`);
    // Rejection sampling below needs that many items the user never took (else it would never end).
    requireInput(
      options.negativesFor !== undefined || full.length + negatives <= items,
      `histories[${user}]`,
      `leaves fewer than ${negatives} items to sample as negatives`,
    );
    const target = full[full.length - holdout]!;
    let negs: Int32Array;
    const given = options.negativesFor?.[user];
    if (given) {
      negs = Int32Array.from(given);
    } else {
      for (const item of full) seen[item] = 1;
      const picked = new Set<number>();
      // Rejection sampling is fast while the user's history is a small share of the catalog.
      while (picked.size < negatives) {
        const j = rng.nextInt(items);
        if (seen[j] === 0) picked.add(j);
      }
      for (const item of full) seen[item] = 0;
      negs = Int32Array.from(picked);
    }
    negs.sort();
    const candidates = new Int32Array(negs.length + 1);
    candidates[0] = target;
    candidates.set(negs, 1);
    return { user, history: full.slice(0, full.length - holdout), target, candidates };
  });
  const train = buildInteractions(
    cases.map((c) => c.history),
    items,
  );
  return { items, cases, train };
}

/** How a candidate scored exactly like the target counts: 'optimistic' (the reference: not above it) or not. */
export type TiePolicy = 'optimistic' | 'pessimistic';

export interface LooOptions {
  readonly k?: number;
  readonly ties?: TiePolicy;
}

export interface LooResult extends RankingMetrics {
  readonly name: string;
  /** The target's 0-based rank among its candidates, per case. */
  readonly ranks: Float64Array;
}

/** The target's rank among `candidateScores` (target first) under the tie policy; Infinity if unscorable. */
export function candidateRank(candidateScores: ArrayLike<number>, ties: TiePolicy = 'optimistic'): number {
  const s0 = candidateScores[0]!;
  if (!(s0 > -Infinity)) return Infinity;
  let rank = 0;
  for (let c = 1; c < candidateScores.length; c++) {
    const s = candidateScores[c]!;
    if (s > s0 || (ties === 'pessimistic' && s === s0)) rank++;
  }
  return rank;
}

export function evaluateLoo(recommender: UserRecommender, split: LooSplit, options: LooOptions = {}): LooResult {
  const k = options.k ?? 10;
  const ties = options.ties ?? 'optimistic';
  requireInput(recommender.itemCount === split.items, 'recommender.itemCount', `must be ${split.items}`);
  const scores = new Float64Array(split.items);
  const ranks = new Float64Array(split.cases.length);
  const picked = new Float64Array(split.cases[0]?.candidates.length ?? 0);
  split.cases.forEach((c, at) => {
    recommender.scoreAll({ items: c.history }, scores);
    for (let j = 0; j < c.candidates.length; j++) picked[j] = scores[c.candidates[j]!]!;
    ranks[at] = candidateRank(picked.subarray(0, c.candidates.length), ties);
  });
  return { name: recommender.name, ...metricsFromRanks(ranks, k), ranks };
}
