// Leave-last-out evaluation of any recommender on the same cases: HR@k, NDCG@k and MRR@k with 95% confidence
// intervals (normal approximation over cases), and a paired comparison of two recommenders on those cases,
// so "served >= best single generator within its CI" is a check, not an impression.
import type { NextItemCase, SessionQuery } from '../data/session-query.ts';

export type Recommend = (query: SessionQuery, k: number) => { readonly items: Int32Array };

/** A mean with its 95% interval. */
export interface Estimate {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

export interface Evaluation {
  readonly k: number;
  readonly cases: number;
  readonly hitRate: Estimate;
  readonly ndcg: Estimate;
  /** Reciprocal rank within the top k (0 beyond). */
  readonly mrr: Estimate;
  /** 0-based rank of each case's target in the top k, Infinity when missed. */
  readonly ranks: Float64Array;
}

export function evaluateRecommender(cases: readonly NextItemCase[], recommend: Recommend, k = 10): Evaluation {
  const ranks = new Float64Array(cases.length);
  cases.forEach((c, i) => {
    const at = recommend(c.query, k).items.indexOf(c.target);
    ranks[i] = at >= 0 && at < k ? at : Infinity;
  });
  return evaluationFromRanks(ranks, k);
}

export function evaluationFromRanks(ranks: Float64Array, k: number): Evaluation {
  const hr = perCase(ranks, (r) => (r < k ? 1 : 0));
  const ndcg = perCase(ranks, (r) => (r < k ? 1 / Math.log2(r + 2) : 0));
  const mrr = perCase(ranks, (r) => (r < k ? 1 / (r + 1) : 0));
  return { k, cases: ranks.length, hitRate: estimate(hr), ndcg: estimate(ndcg), mrr: estimate(mrr), ranks };
}

/** NDCG@k of a minus b, paired over the same cases, with its 95% interval. */
export function pairedNdcgDifference(a: Evaluation, b: Evaluation): Estimate {
  const k = a.k;
  const gain = (r: number): number => (r < k ? 1 / Math.log2(r + 2) : 0);
  const diff = new Float64Array(a.ranks.length);
  for (let i = 0; i < diff.length; i++) diff[i] = gain(a.ranks[i] ?? Infinity) - gain(b.ranks[i] ?? Infinity);
  return estimate(diff);
}

function perCase(ranks: Float64Array, f: (rank: number) => number): Float64Array {
  return ranks.map((r) => f(r));
}

function estimate(values: Float64Array): Estimate {
  const n = values.length;
  if (n === 0) return { mean: 0, low: 0, high: 0 };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  const half = n > 1 ? 1.96 * Math.sqrt(sq / (n - 1) / n) : 0;
  return { mean, low: mean - half, high: mean + half };
}
