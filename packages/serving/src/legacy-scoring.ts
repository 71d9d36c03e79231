// How model versions trained before the served pipeline existed answer a session: item2vec cosine (searched in
// the ANN index), or its blend with item-kNN, over the whole catalog, as their evaluation did. Kept so those
// versions stay servable (an experiment may pin one); new versions serve their pipeline.

import {
  recencyWeights,
  vocabularyFrom,
  type ItemKnn,
  type NextItemScorer,
  type ScoringModel,
} from '@shopspace/item2vec';
import type { ScoringSettings } from './bundle/components/settings.component.ts';
import { servedScorers } from './served-scorer.ts';

export interface ScoredIndex {
  readonly index: number;
  readonly score: number;
}

/** Keeps the k best (index, score) pairs seen, best first; k is small (a page of recommendations). */
export function topK(scores: Float64Array, k: number, allow: (i: number) => boolean): ScoredIndex[] {
  const best: ScoredIndex[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? -Infinity;
    if (s === -Infinity || Number.isNaN(s)) continue;
    if (best.length === k && s <= (best[k - 1]?.score ?? -Infinity)) continue;
    if (!allow(i)) continue;
    let at = best.length < k ? best.length : k - 1;
    best[at] = { index: i, score: s };
    while (at > 0 && (best[at - 1]?.score ?? Infinity) < s) {
      best[at] = best[at - 1] as ScoredIndex;
      best[at - 1] = { index: i, score: s };
      at--;
    }
  }
  return best;
}

export class LegacyScorers {
  private readonly scorer: NextItemScorer;
  private readonly knnScorer: NextItemScorer;
  private readonly scores: Float64Array;

  constructor(
    skus: readonly string[],
    counts: Int32Array,
    readonly settings: ScoringSettings,
    knn: ItemKnn,
    private readonly dim: number,
    private readonly vectors: Float32Array,
  ) {
    const catalog = vocabularyFrom(skus, counts);
    const model: ScoringModel = { vocabulary: catalog, dim, vectors, outputVectors: new Float32Array(0) };
    const scorers = servedScorers(model, catalog, knn, settings.blend, settings.recencyDecay);
    this.scorer = scorers.served;
    this.knnScorer = scorers.itemKnn;
    this.scores = new Float64Array(skus.length);
  }

  /** The blend of item2vec and item-kNN over the whole catalog (blend > 0). */
  blended(context: readonly number[], k: number, allow: (i: number) => boolean): ScoredIndex[] {
    this.scores.fill(0);
    this.scorer.score(Int32Array.from(context), this.scores);
    for (const i of context) this.scores[i] = -Infinity;
    return topK(this.scores, k, allow);
  }

  /** Item-kNN alone: the context items' co-occurrence rows summed with recency weights; 0 is no signal. */
  cooccurrence(context: readonly number[], k: number, allow: (i: number) => boolean): ScoredIndex[] {
    this.scores.fill(0);
    this.knnScorer.score(Int32Array.from(context), this.scores);
    for (const i of context) this.scores[i] = -Infinity;
    return topK(this.scores, k, (i) => (this.scores[i] ?? 0) > 0 && allow(i));
  }

  /** The recency-weighted mean of the context's vectors (null without a known vector). */
  sessionVector(context: readonly number[], hasVector: Uint8Array): Float32Array | null {
    const { dim, vectors } = this;
    const query = new Float32Array(dim);
    const weights = recencyWeights(context.length, this.settings.recencyDecay);
    let known = 0;
    context.forEach((i, position) => {
      if (!hasVector[i]) return;
      known++;
      const w = weights[position] ?? 1;
      for (let d = 0; d < dim; d++) query[d] = (query[d] ?? 0) + w * (vectors[i * dim + d] ?? 0);
    });
    return known === 0 ? null : query;
  }
}
