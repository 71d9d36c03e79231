// Features of (session, candidate) pairs: every generator's normalised score, log rank and a "did not propose"
// flag; the item's popularity, trend, closing rate and age; price against the session's prices; category
// overlap; the shopper's own history with the item; similarity to the newest context items. All generic: none
// needs anything a shop without catalog data or users lacks (those features then sit at 0 with a flag).
import type { ItemSide } from '../data/item-side.ts';
import type { SessionQuery } from '../data/session-query.ts';
import type { ItemEmbedding } from '../generators/item2vec.generator.ts';
import type { ItemKnnIndex } from '../generators/item-knn.generator.ts';
import type { UserHistory } from '../generators/user-history.generator.ts';
import type { CandidateUnion } from './candidate-union.ts';
import type { ItemStats } from './item-stats.ts';

/** What a feature extractor reads besides the union; optional parts drop their features. */
export interface FeatureSources {
  /** Generator names, in union order (they name the per-generator features). */
  readonly generatorNames: readonly string[];
  readonly stats: ItemStats;
  readonly items: ItemSide;
  readonly history?: UserHistory | undefined;
  readonly knn?: ItemKnnIndex | undefined;
  readonly embedding?: ItemEmbedding | undefined;
}

const DAY = 86_400_000;
/** Pseudo-sessions the closing rate is shrunk with toward the shop's rate. */
const CLOSING_PRIOR_WEIGHT = 10;

export class FeatureExtractor {
  readonly names: readonly string[];
  readonly dim: number;
  private readonly generatorCount: number;
  private readonly base: number;
  private readonly userAt: number;
  private readonly lastAt: number;
  private readonly cosineAt: number;
  private readonly userSlot: Int32Array;
  private readonly userStamp: Int32Array;
  private readonly lastWeight: Float64Array;
  private readonly prevWeight: Float64Array;
  private readonly knnStamp: Int32Array;
  private stamp = 0;
  /** The query's items per category, and how many have a known category. */
  private readonly categoryCounts = new Map<number, number>();
  private knownCategories = 0;

  constructor(readonly sources: FeatureSources) {
    const names: string[] = [];
    for (const g of sources.generatorNames) names.push(`${g}:score`, `${g}:rank`, `${g}:missing`);
    this.generatorCount = sources.generatorNames.length;
    this.base = names.length;
    names.push(
      'item:popularity',
      'item:trend',
      'item:closing',
      'item:age',
      'price:log-ratio',
      'price:unknown',
      'category:share',
      'category:unknown',
      'session:length',
    );
    this.userAt = sources.history ? names.length : -1;
    if (sources.history) names.push('user:taken', 'user:days-since', 'user:not-taken');
    this.lastAt = sources.knn ? names.length : -1;
    if (sources.knn) names.push('last:knn', 'previous:knn');
    this.cosineAt = sources.embedding ? names.length : -1;
    if (sources.embedding) names.push('last:cosine');
    this.names = names;
    this.dim = names.length;
    const n = sources.stats.sessions.length;
    this.userSlot = new Int32Array(n);
    this.userStamp = new Int32Array(n);
    this.lastWeight = new Float64Array(n);
    this.prevWeight = new Float64Array(n);
    this.knnStamp = new Int32Array(n);
  }

  /**
   * Raw (unstandardised) features of the union's candidates, then of `extra` items (sampled negatives no
   * generator proposed), written row by row into `out` from row `row` on. `perGenerator` is the n asked for.
   */
  extract(
    query: SessionQuery,
    union: CandidateUnion,
    perGenerator: number,
    out: Float32Array,
    row = 0,
    extra: ArrayLike<number> = [],
  ): void {
    const { dim, generatorCount: g } = this;
    const size = union.items.length;
    this.prepareQuery(query);
    const sessionPrice = medianPrice(query.items, this.sources.items.price);
    const missingRank = Math.log2(2 + perGenerator);
    for (let i = 0; i < size + extra.length; i++) {
      const item = i < size ? (union.items[i] ?? 0) : (extra[i - size] ?? 0);
      const at = (row + i) * dim;
      for (let k = 0; k < g; k++) {
        const rank = i < size ? (union.ranks[k * size + i] ?? -1) : -1;
        const f = at + 3 * k;
        if (rank >= 0) {
          const max = union.maxScore[k] ?? 0;
          out[f] = max > 0 ? (union.scores[k * size + i] ?? 0) / max : 0;
          out[f + 1] = Math.log2(2 + rank);
          out[f + 2] = 0;
        } else {
          out[f] = 0;
          out[f + 1] = missingRank;
          out[f + 2] = 1;
        }
      }
      this.itemFeatures(query, item, sessionPrice, out, at + this.base);
    }
  }

  private prepareQuery(query: SessionQuery): void {
    this.stamp++;
    this.categoryCounts.clear();
    this.knownCategories = 0;
    for (const item of query.items) {
      const c = this.sources.items.category[item] ?? -1;
      if (c < 0) continue;
      this.knownCategories++;
      this.categoryCounts.set(c, (this.categoryCounts.get(c) ?? 0) + 1);
    }
    const { history, knn } = this.sources;
    const u = query.user;
    if (history && u >= 0 && u < history.userCount) {
      for (let p = history.start[u] ?? 0; p < (history.start[u + 1] ?? 0); p++) {
        const item = history.items[p] ?? 0;
        this.userStamp[item] = this.stamp;
        this.userSlot[item] = p;
      }
    }
    if (knn) {
      const scatter = (from: number, into: Float64Array): void => {
        if (from < 0) return;
        for (let k = knn.offsets[from] ?? 0; k < (knn.offsets[from + 1] ?? 0); k++) {
          const b = knn.neighbours[k] ?? 0;
          if (this.knnStamp[b] !== this.stamp) {
            this.knnStamp[b] = this.stamp;
            this.lastWeight[b] = 0;
            this.prevWeight[b] = 0;
          }
          into[b] = knn.weights[k] ?? 0;
        }
      };
      const len = query.items.length;
      scatter(len >= 1 ? (query.items[len - 1] ?? -1) : -1, this.lastWeight);
      scatter(len >= 2 ? (query.items[len - 2] ?? -1) : -1, this.prevWeight);
    }
  }

  private itemFeatures(query: SessionQuery, item: number, sessionPrice: number, out: Float32Array, f: number): void {
    const { stats, items, history, embedding } = this.sources;
    const sessions = stats.sessions[item] ?? 0;
    out[f] = Math.log1p(sessions);
    out[f + 1] = Math.log(((stats.last7[item] ?? 0) + 1) / ((stats.last28[item] ?? 0) / 4 + 1));
    const rate =
      ((stats.closing[item] ?? 0) + CLOSING_PRIOR_WEIGHT * stats.closingPrior) / (sessions + CLOSING_PRIOR_WEIGHT);
    const clamped = Math.min(1 - 1e-6, Math.max(1e-6, rate));
    out[f + 2] = Math.log(clamped / (1 - clamped));
    const catalogFirst = items.firstSeen[item] ?? NaN;
    const first = Number.isFinite(catalogFirst) ? catalogFirst : (stats.firstSeen[item] ?? NaN);
    out[f + 3] = Number.isFinite(first) ? Math.log1p(Math.max(0, query.now - first) / DAY) : 0;
    const price = items.price[item] ?? NaN;
    const priced = price > 0 && sessionPrice > 0;
    out[f + 4] = priced ? Math.max(-5, Math.min(5, Math.log(price / sessionPrice))) : 0;
    out[f + 5] = priced ? 0 : 1;
    const category = items.category[item] ?? -1;
    const known = category >= 0 ? this.knownCategories : 0;
    out[f + 6] = known > 0 ? (this.categoryCounts.get(category) ?? 0) / known : 0;
    out[f + 7] = known > 0 ? 0 : 1;
    out[f + 8] = Math.log1p(query.items.length);
    if (history && this.userAt >= 0) {
      const u = f - this.base + this.userAt;
      if (this.userStamp[item] === this.stamp) {
        const p = this.userSlot[item] ?? 0;
        out[u] = Math.log1p(history.counts[p] ?? 0);
        out[u + 1] = Math.log1p(Math.max(0, query.now - (history.lastAt[p] ?? query.now)) / DAY);
        out[u + 2] = 0;
      } else {
        out[u] = 0;
        out[u + 1] = 0;
        out[u + 2] = 1;
      }
    }
    if (this.lastAt >= 0) {
      const l = f - this.base + this.lastAt;
      const hit = this.knnStamp[item] === this.stamp;
      out[l] = hit ? (this.lastWeight[item] ?? 0) : 0;
      out[l + 1] = hit ? (this.prevWeight[item] ?? 0) : 0;
    }
    if (embedding && this.cosineAt >= 0) {
      const last = query.items[query.items.length - 1] ?? -1;
      const { dim, vectors } = embedding;
      let dot = 0;
      if (last >= 0)
        for (let d = 0; d < dim; d++) dot += (vectors[last * dim + d] ?? 0) * (vectors[item * dim + d] ?? 0);
      out[f - this.base + this.cosineAt] = dot;
    }
  }
}

/** Median of the known (positive) prices of the items; NaN when none is known. */
export function medianPrice(items: ArrayLike<number>, price: Float64Array): number {
  const known: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const p = price[items[i] ?? 0] ?? NaN;
    if (p > 0) known.push(p);
  }
  if (known.length === 0) return NaN;
  known.sort((a, b) => a - b);
  const mid = known.length >> 1;
  return known.length % 2 === 1 ? (known[mid] ?? NaN) : ((known[mid - 1] ?? 0) + (known[mid] ?? 0)) / 2;
}
