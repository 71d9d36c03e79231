// A model version in memory, answering similar-item and next-item questions. Session scores use the very
// scorers the training job evaluated (item2vec cosine, or its blend with item-kNN), over the whole catalog,
// so the figures in a model's metrics are the figures of what it serves; similar items come from the ANN index.

import {
  recencyWeights,
  vocabularyFrom,
  type Item2vecModel,
  type NextItemScorer,
  type Vocabulary,
} from '@shopspace/item2vec';
import type { ModelFiles } from './model-files.ts';
import { servedScorers } from './served-scorer.ts';

export interface AnnSearch {
  /** The k labels most similar to the unit query, best first, among labels `allow` accepts. */
  search(
    query: Float32Array,
    k: number,
    allow?: (label: number) => boolean,
  ): { labels: ArrayLike<number>; scores: ArrayLike<number> };
}

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
  private readonly scorer: NextItemScorer;
  private readonly knnScorer: NextItemScorer;
  private readonly scores: Float64Array;
  private readonly hasVector: Uint8Array;
  private readonly byPopularity: Int32Array;

  constructor(
    readonly files: ModelFiles,
    private readonly ann: AnnSearch,
  ) {
    const n = files.skus.length;
    this.catalog = vocabularyFrom(files.skus, Int32Array.from(files.counts));
    const model = {
      vocabulary: this.catalog,
      dim: files.dim,
      vectors: files.vectors,
      outputVectors: new Float32Array(0),
    } as unknown as Item2vecModel;
    const scorers = servedScorers(model, this.catalog, { itemCount: n, ...files.knn }, files.blend, files.recencyDecay);
    this.knnScorer = scorers.itemKnn;
    this.scorer = scorers.served;
    this.scores = new Float64Array(n);
    this.hasVector = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const row = files.vectors.subarray(i * files.dim, (i + 1) * files.dim);
      if (row.some((x) => x !== 0)) this.hasVector[i] = 1;
    }
    this.byPopularity = Int32Array.from(
      Array.from({ length: n }, (_, i) => i).sort((a, b) => (files.counts[b] ?? 0) - (files.counts[a] ?? 0) || a - b),
    );
  }

  get size(): number {
    return this.files.skus.length;
  }

  indexOf(sku: string): number | undefined {
    return this.catalog.indexOf.get(sku);
  }

  /** Items nearest to one item in the embedding space (the ANN index), the item itself excluded. */
  similar(sku: string, k: number, allow: (index: number) => boolean): Scored[] | null {
    const i = this.indexOf(sku);
    if (i === undefined || !this.hasVector[i]) return null;
    const query = this.files.vectors.subarray(i * this.files.dim, (i + 1) * this.files.dim);
    return this.nearest(query, k, (label) => label !== i && this.hasVector[label] === 1 && allow(label), 1);
  }

  /**
   * Next items for a session (skus oldest first): unknown skus are ignored, the session's own items excluded.
   * Returns null when no sku of the session is known to the model.
   */
  session(skus: readonly string[], k: number, allow: (index: number) => boolean): Scored[] | null {
    const context = this.contextOf(skus);
    if (context.length === 0) return null;
    if (this.files.blend === 0) return this.sessionFromIndex(context, k, allow);
    const ctx = Int32Array.from(context);
    this.scores.fill(0);
    this.scorer.score(ctx, this.scores);
    for (const i of ctx) this.scores[i] = -Infinity;
    return topK(this.scores, k, allow).map(([index, score]) => ({ index, sku: this.files.skus[index] ?? '', score }));
  }

  /**
   * item2vec alone: the mean of the context's unit vectors searched in the ANN index, which ranks by the same
   * cosine the evaluation used over the whole catalog (HNSW recall@10 ≥ 0.98 is tested against brute force).
   */
  private sessionFromIndex(context: readonly number[], k: number, allow: (index: number) => boolean): Scored[] | null {
    const { dim, vectors } = this.files;
    const query = new Float32Array(dim);
    // The same weights the evaluation used: the most recent item 1, each step back times recencyDecay.
    const weights = recencyWeights(context.length, this.files.recencyDecay);
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
    const { skus } = this.files;
    const out: Scored[] = [];
    const wide = this.ann.search(query, Math.min(this.size, k + expectedDrops + 16));
    for (let j = 0; j < wide.labels.length && out.length < k; j++) {
      const index = wide.labels[j] ?? 0;
      if (keep(index)) out.push({ index, sku: skus[index] ?? '', score: wide.scores[j] ?? 0 });
    }
    if (out.length === k || wide.labels.length === this.size) return out;
    const { labels, scores } = this.ann.search(query, k, keep);
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
      sku: this.files.skus[index] ?? '',
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
      if (allow(index)) out.push({ index, sku: this.files.skus[index] ?? '', score: this.files.counts[index] ?? 0 });
    }
    return out;
  }
}
