// Popularity: every user gets the items most users interacted with in training. The floor any personalised
// recommender must beat, and the cold-start answer.
import type { InteractionMatrix } from '../interactions/interaction-matrix.ts';
import { columnCounts } from '../interactions/interaction-matrix.ts';
import type { UserHistory, UserRecommender } from './user-recommender.port.ts';

export function popularityRecommender(train: InteractionMatrix): UserRecommender {
  const counts = columnCounts(train);
  return {
    name: 'popularity',
    itemCount: train.cols,
    scoreAll(_history: UserHistory, out: Float64Array): void {
      out.set(counts);
    },
  };
}
