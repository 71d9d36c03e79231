// The one definition of what a model serves for a session, used by the training job's evaluation and by the
// API alike, so a model's metrics are the figures of what it answers.

import {
  blendScorer,
  item2vecScorer,
  itemKnnScorer,
  type ItemKnn,
  type ScoringModel,
  type NextItemScorer,
  type Vocabulary,
} from '@shopspace/item2vec';

export interface ServedScorers {
  readonly item2vec: NextItemScorer;
  readonly itemKnn: NextItemScorer;
  /** item2vec, or its blend with item-kNN when `blend` > 0. */
  readonly served: NextItemScorer;
}

export function servedScorers(
  model: ScoringModel,
  catalog: Vocabulary,
  knn: ItemKnn,
  blend: number,
  recencyDecay: number,
): ServedScorers {
  const item2vec = item2vecScorer(model, catalog, { recencyDecay });
  const itemKnn = itemKnnScorer(knn, { recencyDecay });
  const served =
    blend > 0
      ? blendScorer([
          { scorer: item2vec, weight: 1 - blend },
          { scorer: itemKnn, weight: blend },
        ])
      : item2vec;
  return { item2vec, itemKnn, served };
}
