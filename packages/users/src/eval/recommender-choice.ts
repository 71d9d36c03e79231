// Choosing what to serve per shop on a validation split: each recommender's normalised candidate scores are
// computed once, blend weights are searched on a simplex grid over those tables, and the best of the single
// recommenders and the blend (by NDCG@10 on validation) is the served choice.
import { metricsFromRanks } from '@shopspace/item2vec';
import { normaliseInPlace, type BlendNormalisation } from '../recommenders/blend.recommender.ts';
import type { UserRecommender } from '../recommenders/user-recommender.port.ts';
import { requireInput } from '../users.errors.ts';
import { candidateRank, type LooSplit, type TiePolicy } from './leave-one-out.eval.ts';

/** Per case, the candidates' normalised scores (cases × candidates, target first). */
export interface CandidateTable {
  readonly name: string;
  readonly candidates: number;
  readonly scores: Float64Array;
}

export function candidateTable(
  recommender: UserRecommender,
  split: LooSplit,
  normalisation: BlendNormalisation,
): CandidateTable {
  const c = split.cases[0]?.candidates.length ?? 0;
  const scores = new Float64Array(split.cases.length * c);
  const all = new Float64Array(split.items);
  const order = new Int32Array(split.items);
  split.cases.forEach((testCase, at) => {
    recommender.scoreAll({ items: testCase.history }, all);
    normaliseInPlace(all, normalisation, order);
    for (let j = 0; j < c; j++) scores[at * c + j] = all[testCase.candidates[j]!]!;
  });
  return { name: recommender.name, candidates: c, scores };
}

export interface BlendSearchResult {
  readonly weights: readonly number[];
  readonly hitRate: number;
  readonly ndcg: number;
}

/** Weights on the simplex grid with step 1/steps maximising NDCG@k (ties: higher HR, then the first found). */
export function searchBlendWeights(
  tables: readonly CandidateTable[],
  options: { readonly steps?: number; readonly k?: number; readonly ties?: TiePolicy } = {},
): BlendSearchResult {
  requireInput(tables.length >= 1, 'tables', 'needs at least one table');
  const steps = options.steps ?? 10;
  const k = options.k ?? 10;
  const c = tables[0]!.candidates;
  const cases = tables[0]!.scores.length / c;
  const mixed = new Float64Array(c);
  const ranks = new Float64Array(cases);
  let best: BlendSearchResult = { weights: [], hitRate: -1, ndcg: -1 };
  const weights = new Array<number>(tables.length).fill(0);
  const visit = (part: number, left: number): void => {
    if (part === tables.length - 1) {
      weights[part] = left / steps;
      for (let at = 0; at < cases; at++) {
        mixed.fill(0);
        tables.forEach((t, p) => {
          const w = weights[p]!;
          if (w === 0) return;
          for (let j = 0; j < c; j++) mixed[j]! += w * t.scores[at * c + j]!;
        });
        ranks[at] = candidateRank(mixed, options.ties);
      }
      const m = metricsFromRanks(ranks, k);
      if (m.ndcg > best.ndcg || (m.ndcg === best.ndcg && m.hitRate > best.hitRate)) {
        best = { weights: [...weights], hitRate: m.hitRate, ndcg: m.ndcg };
      }
      return;
    }
    for (let s = 0; s <= left; s++) {
      weights[part] = s / steps;
      visit(part + 1, left - s);
    }
  };
  visit(0, steps);
  return best;
}
