// Item-kNN over the user's history: Σ over history items of their similarity rows. With recencyDecay < 1 the
// newest items weigh most, which matters when the next purchase follows from the last basket.
import { requireInput } from '../users.errors.ts';
import type { ItemSimilarity } from './item-similarity.ts';
import { recencyWeights, type UserHistory, type UserRecommender } from './user-recommender.port.ts';

export interface ItemKnnRecommenderOptions {
  /** Weight ratio between a history item and the next newer one (1 = all equal, the reference). */
  readonly recencyDecay?: number;
  readonly name?: string;
}

export function itemKnnRecommender(
  similarity: ItemSimilarity,
  options: ItemKnnRecommenderOptions = {},
): UserRecommender {
  const decay = options.recencyDecay ?? 1;
  requireInput(decay > 0 && decay <= 1, 'options.recencyDecay', `must be in (0, 1], got ${decay}`);
  return {
    name: options.name ?? (decay === 1 ? 'item-kNN' : `item-kNN recency ${decay}`),
    itemCount: similarity.items,
    scoreAll(history: UserHistory, out: Float64Array): void {
      out.fill(0);
      const weights = recencyWeights(history.items.length, decay);
      for (let p = 0; p < history.items.length; p++) scatterRow(similarity, history.items[p]!, weights[p]!, out);
    },
  };
}

/** out += w · row(item). */
function scatterRow(similarity: ItemSimilarity, item: number, w: number, out: Float64Array): void {
  const { indptr, indices, values } = similarity;
  const end = indptr[item + 1]!;
  for (let e = indptr[item]!; e < end; e++) out[indices[e]!]! += w * values[e]!;
}
