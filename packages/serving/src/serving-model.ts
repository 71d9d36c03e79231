// A model version (or the event baselines) in memory, answering similar-item and next-item questions. Versions
// with a served pipeline answer sessions through it (the very object their training run measured) and each
// family's generator alone for experiments; similar items come from the ANN index over the item vectors, or
// from item-kNN without vectors. Older versions answer through their legacy scorers (legacy-scoring.ts).

import type { ItemKnn } from '@shopspace/item2vec';
import type { ServedPipeline, SessionQuery } from '@shopspace/ranking';
import type { VectorIndex } from '@shopspace/vector-index';
import type { ItemVectors } from './bundle/components/vectors.component.ts';
import type { ModelLayout } from './bundle/components/layout.component.ts';
import type { PipelineFiles } from './bundle/components/pipeline.component.ts';
import type { ScoringSettings } from './bundle/components/settings.component.ts';
import type { KnownUsers } from './bundle/components/users.component.ts';
import type { UserLists } from './bundle/components/user-lists.component.ts';
import { UserServing, type UserAnswer } from './user-serving.ts';
import type { Vocabulary as BundleVocabulary } from './bundle/components/vocabulary.component.ts';
import { LegacyScorers } from './legacy-scoring.ts';
import { PipelineSet, type PipelineStrategy } from './pipeline-set.ts';
import { LiveTower, type TowerParts } from './live-tower.ts';
import { towerGenerator, type TowerGenerator } from '@shopspace/ranking';

/**
 * The bundle components a `ServingModel` is built from, for every reader that builds one (the API's registry,
 * the worker's response refit, tests): one list, so a new model kind is opened everywhere at once.
 */
export const SERVING_MODEL_COMPONENTS = [
  'vocabulary',
  'settings',
  'vectors',
  'ann',
  'layout',
  'pipeline',
  'users',
  'userLists',
  'knn',
  'tower',
] as const;

/** The components a serving process opens of a model version or a baseline. */
export interface ServingParts {
  readonly vocabulary: BundleVocabulary;
  readonly settings?: ScoringSettings | undefined;
  readonly vectors?: ItemVectors | undefined;
  readonly ann?: VectorIndex | undefined;
  readonly layout?: ModelLayout | undefined;
  readonly pipeline?: PipelineFiles | undefined;
  readonly users?: KnownUsers | undefined;
  /** The daily batch of user recommendations (versions trained with user models). */
  readonly userLists?: UserLists | undefined;
  /** Legacy versions (no pipeline): item-kNN lists for their scorers. */
  readonly knn?: ItemKnn | undefined;
  /** The feature tower and its int8 index (versions trained with it). */
  readonly tower?: TowerParts | undefined;
}

/** Said by every answer the feature tower gives. */
export const FROM_FEATURES = 'from its features';

export interface Scored {
  readonly index: number;
  readonly sku: string;
  readonly score: number;
  /** Why this item, for people (the served pipeline explains each item). */
  readonly reason?: string;
}

export interface SessionAnswer {
  readonly items: Scored[];
  /** What answered, in words: "ranker over item-knn(decay=0.5), …", "item-knn(decay=0.5) alone". */
  readonly how: string;
  /** Set when the strategy asked for is not in this version and the served pipeline answered instead. */
  readonly fallback?: string;
}

const DAY_MS = 86_400_000;
/** Features that depend on the time (trends, item age) are computed at most this far past the model's log. */
const MAX_AGE_MS = 7 * DAY_MS;
const NO_SETTINGS: ScoringSettings = { algorithm: 'baseline', blend: 0, recencyDecay: 1 };

export class ServingModel {
  private readonly vocabularySkus: readonly string[];
  readonly counts: Int32Array;
  /** 0 for a model without vectors (the event baselines). */
  readonly dim: number;
  /** Unit rows, size × dim; empty without vectors. */
  readonly vectors: Float32Array;
  readonly settings: ScoringSettings;
  readonly layout: ModelLayout | undefined;
  readonly pipelines: PipelineSet | null;
  /** User recommendations: the batch lists and the online path; null for versions without user models. */
  readonly users: UserServing | null;
  /** The feature tower, null for versions without one; it takes new items while serving (`tower.sync`). */
  readonly tower: LiveTower | null;
  private readonly towerAlone: TowerGenerator | null;
  /** The catalog: sku → vocabulary index. */
  readonly catalog: { readonly ids: readonly string[]; readonly indexOf: ReadonlyMap<string, number> };
  private readonly ann: VectorIndex | undefined;
  private readonly legacy: LegacyScorers | null;
  private readonly userOf: ReadonlyMap<string, number>;
  private readonly hasVector: Uint8Array;
  private readonly byPopularity: Int32Array;
  private readonly bytes: number;

  constructor(parts: ServingParts) {
    const { vocabulary } = parts;
    const n = vocabulary.skus.length;
    this.vocabularySkus = vocabulary.skus;
    this.counts = vocabulary.counts;
    this.catalog = { ids: vocabulary.skus, indexOf: new Map(vocabulary.skus.map((sku, i) => [sku, i])) };
    this.settings = parts.settings ?? NO_SETTINGS;
    this.dim = parts.vectors?.dim ?? 0;
    this.vectors = parts.vectors?.vectors ?? new Float32Array(0);
    this.ann = parts.ann;
    this.layout = parts.layout;
    this.userOf = new Map((parts.users?.ids ?? []).map((id, i) => [id, i]));
    this.tower = parts.tower ? new LiveTower(parts.tower, vocabulary.skus) : null;
    // Over every label, new items included: what answers a session whose newest item the model never saw.
    this.towerAlone = this.tower ? towerGenerator(this.tower, { decay: 0.2 }) : null;
    this.pipelines = parts.pipeline
      ? PipelineSet.decode(parts.pipeline, parts.ann, this.tower ? { space: this.tower, labelLimit: n } : undefined)
      : null;
    this.users = parts.userLists ? new UserServing(parts.userLists, this.userOf) : null;
    this.legacy =
      !this.pipelines && parts.knn
        ? new LegacyScorers(this.skus, this.counts, this.settings, parts.knn, this.dim, this.vectors)
        : null;
    this.hasVector = new Uint8Array(n);
    for (let i = 0; i < n && this.dim > 0; i++) {
      const row = this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
      if (row.some((x) => x !== 0)) this.hasVector[i] = 1;
    }
    this.byPopularity = Int32Array.from(
      Array.from({ length: n }, (_, i) => i).sort((a, b) => (this.counts[b] ?? 0) - (this.counts[a] ?? 0) || a - b),
    );
    const pipelineBytes = [...(parts.pipeline?.values() ?? [])].reduce((s, f) => s + f.byteLength, 0);
    const knnBytes = parts.knn ? parts.knn.neighbours.byteLength * 3 + parts.knn.offsets.byteLength : 0;
    const annBytes = this.ann ? n * (this.ann.dim * 4 + 32 * 4) : 0;
    const l = parts.userLists;
    const userBytes = l ? l.items.byteLength * 2 + l.start.byteLength * 2 + l.history.byteLength : 0;
    const towerBytes = this.tower ? this.tower.index.memory().allocatedBytes * 2 : 0;
    this.bytes =
      this.vectors.byteLength + this.counts.byteLength + pipelineBytes + knnBytes + annBytes + userBytes + towerBytes;
  }

  /** The sku of every index: the model's items, then the items only its feature tower knows (they grow). */
  get skus(): readonly string[] {
    return this.tower ? this.tower.allSkus() : this.vocabularySkus;
  }

  /** The model's own items (the vocabulary it was trained on). */
  get size(): number {
    return this.vocabularySkus.length;
  }

  /** Approximate bytes held (components as encoded, the ANN index as its rows and a graph of 32 links). */
  get byteSize(): number {
    return this.bytes;
  }

  indexOf(sku: string): number | undefined {
    return this.catalog.indexOf.get(sku);
  }

  /** The served pipeline's summary in words, or null for a legacy version. */
  get choice(): ServedPipeline | null {
    return this.pipelines?.served ?? null;
  }

  /** Items nearest to one item: the ANN index over item vectors, else item-kNN; the item itself excluded. */
  similar(sku: string, k: number, allow: (index: number) => boolean): SessionAnswer | null {
    const i = this.indexOf(sku);
    if (i === undefined) return this.similarFromFeatures(sku, k, allow);
    if (this.hasVector[i]) {
      const query = this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
      const items = this.nearest(query, k, (label) => label !== i && this.hasVector[label] === 1 && allow(label), 1);
      return { items, how: 'item2vec cosine' };
    }
    const knn = this.pipelines?.family('item-knn');
    if (knn) {
      const { items, scores } = knn.recommend(
        { items: Int32Array.of(i), user: -1, now: this.pipelines?.fittedAt ?? 0 },
        k,
        allow,
      );
      return { items: this.scored(items, scores), how: 'item-kNN co-occurrence' };
    }
    if (this.legacy)
      return { items: this.named(this.legacy.cooccurrence([i], k, allow)), how: 'item-kNN co-occurrence' };
    return null;
  }

  /** An item the model never saw in a session, answered from its tower vector (its catalog fields). */
  private similarFromFeatures(sku: string, k: number, allow: (index: number) => boolean): SessionAnswer | null {
    const label = this.tower?.label(sku);
    const code = label === undefined ? null : this.tower?.code(label);
    if (!this.tower || label === undefined || !code) return null;
    const { labels, scores } = this.tower.search(code, k, (l) => l !== label && allow(l));
    return { items: this.scored(labels, scores), how: FROM_FEATURES };
  }

  /**
   * A session whose newest item only the tower knows (uploaded after training): the tower over the whole
   * session, new items included, answers; null otherwise.
   */
  private fromFeatures(skus: readonly string[], k: number, allow: (index: number) => boolean): SessionAnswer | null {
    const newest = skus[skus.length - 1];
    if (!this.tower || !this.towerAlone || newest === undefined || this.indexOf(newest) !== undefined) return null;
    const last = this.tower.label(newest);
    if (last === undefined || !this.tower.code(last)) return null;
    const labels: number[] = [];
    for (const sku of skus) {
      const l = this.tower.label(sku);
      if (l !== undefined && !labels.includes(l)) labels.push(l);
    }
    const { items, scores } = this.towerAlone.propose(
      { items: Int32Array.from(labels), user: -1, now: this.pipelines?.fittedAt ?? 0 },
      k,
      allow,
    );
    const reason = `similar to the items in this session ${FROM_FEATURES} (${this.towerAlone.name})`;
    return {
      items: Array.from(items, (index, j) => ({ index, sku: this.skus[index] ?? '', score: scores[j] ?? 0, reason })),
      how: `${this.towerAlone.name}, ${FROM_FEATURES}`,
    };
  }

  /**
   * Next items for a session (skus oldest first; unknown skus are ignored, the session's own items excluded)
   * through `strategy`; the user (when known to this version) feeds the per-user parts. Null when neither a sku
   * nor the user is known: the caller serves popularity and says why.
   */
  recommend(
    strategy: PipelineStrategy,
    skus: readonly string[],
    userId: string | null,
    k: number,
    allow: (index: number) => boolean,
    now: number,
  ): SessionAnswer | null {
    const fresh = this.fromFeatures(skus, k, allow);
    if (fresh) return fresh;
    const context = this.contextOf(skus);
    if (this.pipelines) {
      const user = userId === null ? -1 : (this.userOf.get(userId) ?? -1);
      if (context.length === 0 && user < 0) return null;
      const picked = this.pipelines.pick(strategy);
      const pipeline = picked ?? this.pipelines.served;
      const fittedAt = this.pipelines.fittedAt;
      const query = {
        items: Int32Array.from(context),
        user,
        now: Math.min(Math.max(now, fittedAt), fittedAt + MAX_AGE_MS),
      };
      const items = pipeline.explain(query, k, allow).map((e) => ({
        index: e.item,
        sku: this.skus[e.item] ?? '',
        score: e.score,
        reason: e.reason,
      }));
      return {
        items,
        how: pipeline.kind === 'ranker' ? 'ranker' : pipeline.name,
        ...(picked ? {} : { fallback: `this model version has no ${strategy}; its served pipeline answered` }),
      };
    }
    if (context.length === 0 || !this.legacy) return null;
    if (strategy === 'item-knn')
      return { items: this.named(this.legacy.cooccurrence(context, k, allow)), how: 'item-kNN co-occurrence' };
    if (this.settings.blend > 0)
      return { items: this.named(this.legacy.blended(context, k, allow)), how: 'item2vec blended with item-kNN' };
    const query = this.legacy.sessionVector(context, this.hasVector);
    if (!query) return null;
    const exclude = new Set(context);
    const items = this.nearest(query, k, (l) => !exclude.has(l) && this.hasVector[l] === 1 && allow(l), exclude.size);
    return { items, how: 'item2vec' };
  }

  /**
   * User recommendations: the version's batch list for the user fused with the served pipeline's next items
   * after `recent` (the user's skus since the batch's cutoff, oldest first). Null for a version without user
   * lists, or a user with neither a list nor a known recent item.
   */
  forUser(
    userId: string,
    recent: readonly string[],
    k: number,
    allow: (index: number) => boolean,
    now: number,
  ): UserAnswer | null {
    if (!this.users) return null;
    const source = {
      skus: this.skus,
      indexOf: (sku: string) => this.indexOf(sku),
      recommendSession: (skus: readonly string[], user: string, n: number, keep: (i: number) => boolean) =>
        this.recommend('served', skus, user, n, keep, now),
    };
    return this.users.recommend(source, userId, recent, k, allow);
  }

  /** The most popular items: the version's popularity generator (decayed) when it has one, else its counts. */
  popular(k: number, allow: (index: number) => boolean): Scored[] {
    const pop = this.pipelines?.family('popularity');
    if (pop) {
      const { items, scores } = pop.recommend(
        { items: new Int32Array(0), user: -1, now: this.pipelines?.fittedAt ?? 0 },
        k,
        allow,
      );
      if (items.length > 0) return this.scored(items, scores);
    }
    const out: Scored[] = [];
    for (const index of this.byPopularity) {
      if (out.length === k) break;
      if (allow(index)) out.push({ index, sku: this.skus[index] ?? '', score: this.counts[index] ?? 0 });
    }
    return out;
  }

  /**
   * The query the pipelines answer for a session: known skus (deduplicated, oldest first), the user's index in
   * this version (-1 unknown), the time clamped to the week after the model's log. Null for a legacy version.
   */
  queryOf(skus: readonly string[], userId: string | null, now: number): SessionQuery | null {
    if (!this.pipelines) return null;
    const fittedAt = this.pipelines.fittedAt;
    return {
      items: Int32Array.from(this.contextOf(skus)),
      user: userId === null ? -1 : (this.userOf.get(userId) ?? -1),
      now: Math.min(Math.max(now, fittedAt), fittedAt + MAX_AGE_MS),
    };
  }

  private scored(items: Int32Array, scores: Float32Array): Scored[] {
    return Array.from(items, (index, j) => ({ index, sku: this.skus[index] ?? '', score: scores[j] ?? 0 }));
  }

  private named(list: ReadonlyArray<{ index: number; score: number }>): Scored[] {
    return list.map(({ index, score }) => ({ index, sku: this.skus[index] ?? '', score }));
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
    return Array.from(labels, (index, j) => ({ index, sku: skus[index] ?? '', score: scores[j] ?? 0 }));
  }

  private contextOf(skus: readonly string[]): number[] {
    const context: number[] = [];
    for (const sku of skus) {
      const i = this.indexOf(sku);
      if (i !== undefined && !context.includes(i)) context.push(i);
    }
    return context;
  }
}
