// A model version in memory, answering similar-item and next-item questions. Session scores use the very
// scorers the training job evaluated (item2vec cosine, or its blend with item-kNN), over the whole catalog,
// so the figures in a model's metrics are the figures of what it serves; similar items come from the ANN index.
// The event baselines are the same class without vectors or index (popularity and item-kNN only).

import {
  recencyWeights,
  vocabularyFrom,
  type ItemKnn,
  type NextItemScorer,
  type ScoringModel,
  type Vocabulary,
} from '@shopspace/item2vec';
import type { VectorIndex } from '@shopspace/vector-index';
import type { ItemVectors } from './bundle/components/vectors.component.ts';
import type { ModelLayout } from './bundle/components/layout.component.ts';
import type { ScoringSettings } from './bundle/components/settings.component.ts';
import type { Vocabulary as BundleVocabulary } from './bundle/components/vocabulary.component.ts';
import { servedScorers } from './served-scorer.ts';

/** The components a serving process opens of a model version (or a baseline, which has no vectors). */
export interface ServingParts {
  readonly vocabulary: BundleVocabulary;
  readonly knn: ItemKnn;
  readonly settings?: ScoringSettings | undefined;
  readonly vectors?: ItemVectors | undefined;
  readonly ann?: VectorIndex | undefined;
  readonly layout?: ModelLayout | undefined;
}

const NO_SETTINGS: ScoringSettings = { algorithm: 'baseline', blend: 0, recencyDecay: 1 };

export interface Scored {
  readonly index: number;
  readonly sku: string;
  readonly score: number;
}

/** Keeps the k best (index, score) pairs seen, best first; k is small (a page of recommendations). */
function topK(scores: Float64Array, k: number, allow: (i: number) => boolean): Array<[number, number]> {
  const best: Array<[number, number]> = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? -Infinity;
    if (s === -Infinity || Number.isNaN(s)) continue;
    if (best.length === k && s <= (best[k - 1]?.[1] ?? -Infinity)) continue;
    if (!allow(i)) continue;
    let at = best.length < k ? best.length : k - 1;
    best[at] = [i, s];
    while (at > 0 && (best[at - 1]?.[1] ?? Infinity) < s) {
      best[at] = best[at - 1] as [number, number];
      best[at - 1] = [i, s];
      at--;
    }
  }
  return best;
}

export class ServingModel {
  readonly catalog: Vocabulary;
  readonly skus: readonly string[];
  readonly counts: Int32Array;
  /** 0 for a model without vectors (the event baselines). */
  readonly dim: number;
  /** Unit rows, size × dim; empty without vectors. */
  readonly vectors: Float32Array;
  readonly settings: ScoringSettings;
  readonly layout: ModelLayout | undefined;
  private readonly ann: VectorIndex | undefined;
  private readonly scorer: NextItemScorer;
  private readonly knnScorer: NextItemScorer;
  private readonly scores: Float64Array;
  private readonly hasVector: Uint8Array;
  private readonly byPopularity: Int32Array;

  constructor(parts: ServingParts) {
    const { vocabulary, knn } = parts;
    const n = vocabulary.skus.length;
    this.skus = vocabulary.skus;
    this.counts = vocabulary.counts;
    this.settings = parts.settings ?? NO_SETTINGS;
    this.dim = parts.vectors?.dim ?? 0;
    this.vectors = parts.vectors?.vectors ?? new Float32Array(0);
    this.ann = parts.ann;
    this.layout = parts.layout;
    this.catalog = vocabularyFrom(vocabulary.skus, vocabulary.counts);
    const model: ScoringModel = {
      vocabulary: this.catalog,
      dim: this.dim,
      vectors: this.vectors,
      outputVectors: new Float32Array(0),
    };
    const scorers = servedScorers(model, this.catalog, knn, this.settings.blend, this.settings.recencyDecay);
    this.knnScorer = scorers.itemKnn;
    this.scorer = scorers.served;
    this.scores = new Float64Array(n);
    this.hasVector = new Uint8Array(n);
    for (let i = 0; i < n && this.dim > 0; i++) {
      const row = this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
      if (row.some((x) => x !== 0)) this.hasVector[i] = 1;
    }
    this.byPopularity = Int32Array.from(
      Array.from({ length: n }, (_, i) => i).sort((a, b) => (this.counts[b] ?? 0) - (this.counts[a] ?? 0) || a - b),
    );
  }

  get size(): number {
    return this.skus.length;
  }

  indexOf(sku: string): number | undefined {
    return this.catalog.indexOf.get(sku);
  }

  /** Items nearest to one item in the embedding space (the ANN index), the item itself excluded. */
  similar(sku: string, k: number, allow: (index: number) => boolean): Scored[] | null {
    const i = this.indexOf(sku);
    if (i === undefined || !this.hasVector[i]) return null;
    const query = this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
    return this.nearest(query, k, (label) => label !== i && this.hasVector[label] === 1 && allow(label), 1);
  }

  /**
   * Next items for a session (skus oldest first): unknown skus are ignored, the session's own items excluded.
   * Returns null when no sku of the session is known to the model.
   */
  session(skus: readonly string[], k: number, allow: (index: number) => boolean): Scored[] | null {
    const context = this.contextOf(skus);
    if (context.length === 0) return null;
    if (this.settings.blend === 0) return this.sessionFromIndex(context, k, allow);
    const ctx = Int32Array.from(context);
    this.scores.fill(0);
    this.scorer.score(ctx, this.scores);
    for (const i of ctx) this.scores[i] = -Infinity;
    return topK(this.scores, k, allow).map(([index, score]) => ({ index, sku: this.skus[index] ?? '', score }));
  }

  /**
   * item2vec alone: the mean of the context's unit vectors searched in the ANN index, which ranks by the same
   * cosine the evaluation used over the whole catalog (HNSW recall@10 ≥ 0.98 is tested against brute force).
   */
  private sessionFromIndex(context: readonly number[], k: number, allow: (index: number) => boolean): Scored[] | null {
    const { dim, vectors } = this;
    const query = new Float32Array(dim);
    // The same weights the evaluation used: the most recent item 1, each step back times recencyDecay.
    const weights = recencyWeights(context.length, this.settings.recencyDecay);
    let known = 0;
    context.forEach((i, position) => {
      if (!this.hasVector[i]) return;
      known++;
      const w = weights[position] ?? 1;
      for (let d = 0; d < dim; d++) query[d] = (query[d] ?? 0) + w * (vectors[i * dim + d] ?? 0);
    });
    if (known === 0) return null;
    const exclude = new Set(context);
    return this.nearest(
      query,
      k,
      (label) => !exclude.has(label) && this.hasVector[label] === 1 && allow(label),
      exclude.size,
    );
  }

  /**
   * The k best labels that pass `keep`. Most labels pass (the filters drop the session's own items, inactive
   * items and the caller's exclusions), so the index is first asked for a few more than k without a filter,
   * which stays inside the native search; a filter callback costs a call into JavaScript for every node the
   * search visits. Only when too few of those pass does the filtered search run.
   */
  private nearest(query: Float32Array, k: number, keep: (label: number) => boolean, expectedDrops: number): Scored[] {
    const { skus, ann } = this;
    if (!ann) return [];
    const out: Scored[] = [];
    const wide = ann.search(query, Math.min(this.size, k + expectedDrops + 16));
    for (let j = 0; j < wide.labels.length && out.length < k; j++) {
      const index = wide.labels[j] ?? 0;
      if (keep(index)) out.push({ index, sku: skus[index] ?? '', score: wide.scores[j] ?? 0 });
    }
    if (out.length === k || wide.labels.length === this.size) return out;
    const { labels, scores } = ann.search(query, k, keep);
    const exact: Scored[] = [];
    for (let j = 0; j < labels.length; j++) {
      const index = labels[j] ?? 0;
      exact.push({ index, sku: skus[index] ?? '', score: scores[j] ?? 0 });
    }
    return exact;
  }

  /**
   * Item-kNN alone (an experiment's `item-knn` strategy): the context items' co-occurrence rows summed with
   * the same recency weights, over the whole catalog.
   */
  sessionByCooccurrence(skus: readonly string[], k: number, allow: (index: number) => boolean): Scored[] | null {
    const context = this.contextOf(skus);
    if (context.length === 0) return null;
    this.scores.fill(0);
    this.knnScorer.score(Int32Array.from(context), this.scores);
    for (const i of context) this.scores[i] = -Infinity;
    // Items that never co-occurred score 0: they are no recommendation.
    return topK(this.scores, k, (i) => (this.scores[i] ?? 0) > 0 && allow(i)).map(([index, score]) => ({
      index,
      sku: this.skus[index] ?? '',
      score,
    }));
  }

  private contextOf(skus: readonly string[]): number[] {
    const context: number[] = [];
    for (const sku of skus) {
      const i = this.indexOf(sku);
      if (i !== undefined && !context.includes(i)) context.push(i);
    }
    return context;
  }

  /** The most frequent items of the training sessions. */
  popular(k: number, allow: (index: number) => boolean): Scored[] {
    const out: Scored[] = [];
    for (const index of this.byPopularity) {
      if (out.length === k) break;
      if (allow(index)) out.push({ index, sku: this.skus[index] ?? '', score: this.counts[index] ?? 0 });
    }
    return out;
  }
}
