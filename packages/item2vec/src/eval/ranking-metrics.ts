// Ranking metrics for next-item prediction with one relevant item per case: HR@k, NDCG@k and MRR, from the
// 0-based rank of the target in each case's ranking (Infinity when the target cannot be ranked at all).

export interface RankingMetrics {
  readonly k: number;
  /** Cases the figures average over. */
  readonly cases: number;
  /** Share of cases whose target is in the top k. */
  readonly hitRate: number;
  /** Mean of 1 / log2(rank + 2) within the top k (the ideal DCG is 1 with a single relevant item). */
  readonly ndcg: number;
  /** Mean reciprocal rank over the full ranking. */
  readonly mrr: number;
}

export function metricsFromRanks(ranks: ArrayLike<number>, k: number): RankingMetrics {
  let hits = 0;
  let dcg = 0;
  let reciprocal = 0;
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i] ?? Infinity;
    if (!(rank >= 0)) throw new RangeError(`rank ${rank} at case ${i} is not a 0-based rank`);
    reciprocal += 1 / (rank + 1);
    if (rank < k) {
      hits += 1;
      dcg += 1 / Math.log2(rank + 2);
    }
  }
  const cases = ranks.length;
  const mean = (sum: number): number => (cases === 0 ? 0 : sum / cases);
  return { k, cases, hitRate: mean(hits), ndcg: mean(dcg), mrr: mean(reciprocal) };
}

/**
 * 0-based rank of `target` when items are ordered by descending score, ties by ascending index (the order a
 * top-k query returns). Items scored -Infinity or NaN are never ranked: such a target gets Infinity.
 */
export function rankOf(scores: ArrayLike<number>, target: number): number {
  const score = scores[target] ?? NaN;
  if (!(score > -Infinity)) return Infinity;
  let rank = 0;
  for (let i = 0; i < scores.length; i++) {
    const other = scores[i] ?? NaN;
    if (other > score || (other === score && i < target)) rank++;
  }
  return rank;
}
