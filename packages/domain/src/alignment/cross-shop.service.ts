// Serving across the shops of a brand group through their active alignment: twins (the nearest items of
// another shop to one item) and cross-shop recommendations (a session in shop A → items of shop B). A pair of
// shops that are not aligned together, or whose alignment predates a retraining of either shop, is refused
// with CONFLICT saying what to do, rather than answered from a stale map.

import { fromGroupSpace } from '@shopspace/alignment';
import { badInput, conflict } from '../shared/errors.ts';
import { checkSession, lookupSku } from '../shared/bounds.ts';
import { storefrontScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import type { Item } from '../catalog/catalog.ports.ts';
import {
  itemAllowed,
  type Recommendation,
  type RecommendationList,
  type SessionInput,
} from '../recommend/recommendation.service.ts';
import { newRequestToken, rememberServed } from '../tracking/request-id.ts';
import type { RequestLog } from '../tracking/tracking.ports.ts';
import type { SiblingSessionMapper } from '../autocomplete/autocomplete.ports.ts';
import type { AlignmentRegistry, AlignmentRepository, AlignmentVersion, AlignmentView } from './alignment.ports.ts';

/** Weight of each step back from the session's most recent item (as the in-shop default). */
const SESSION_DECAY = 0.2;
const MAX_FIRST = 100;

export class CrossShopService implements SiblingSessionMapper {
  constructor(
    private readonly shops: ShopService,
    /** May cache; `fresh` reads past the cache before a refusal is answered. */
    private readonly alignments: Pick<AlignmentRepository, 'activeForShop'> & {
      fresh?(tenantId: string, shopId: string): Promise<AlignmentVersion | null>;
    },
    /** The model version each shop serves now (the API's in-memory registry knows it without a query). */
    private readonly models: { activeModelId(tenantId: string, shopId: string): Promise<string | null> },
    private readonly registry: AlignmentRegistry,
    private readonly requests?: RequestLog,
  ) {}

  async twins(
    principal: Principal,
    shopId: string,
    sku: string,
    toShopId: string,
    first: number,
  ): Promise<RecommendationList> {
    const k = pageSize(first);
    sku = lookupSku('sku', sku);
    const { tenantId, view, from, to } = await this.pair(principal, shopId, toShopId, 'toShopId');
    const row = view.files.shops[from]?.indexOf.get(sku);
    const toItems = view.items[to] ?? [];
    const items: Recommendation[] = [];
    if (row !== undefined) {
      const excluded = new Set<string>();
      for (const t of view.files.twinsOf(from, to, row)) {
        const item = toItems[t.index] ?? null;
        if (!itemAllowed(item, null, excluded)) continue;
        items.push({
          item,
          score: round(t.score),
          reason: `twin of ${sku} (catalog features and aligned item2vec, CSLS)`,
        });
        if (items.length >= k) break;
      }
    }
    return this.answer(tenantId, toShopId, view.version, items);
  }

  async recommend(
    principal: Principal,
    fromShopId: string,
    toShopId: string,
    session: SessionInput,
    first: number,
  ): Promise<RecommendationList> {
    const k = pageSize(first);
    if (session.skus.length > 500) throw badInput('session.skus', 'at most 500 skus');
    session = checkSession(session);
    const { tenantId, view, from, to } = await this.pair(principal, fromShopId, toShopId, 'toShopId');
    const fromShop = view.files.shops[from];
    const toShop = view.files.shops[to];
    if (!fromShop || !toShop) return this.answer(tenantId, toShopId, view.version, []);
    const query = sessionVector(session.skus, fromShop.indexOf, fromShop.groupVectors, view.files.dim);
    if (!query) return this.answer(tenantId, toShopId, view.version, []);
    const dim = view.files.dim;
    const scored: Array<{ row: number; score: number }> = [];
    const toItems = view.items[to] ?? [];
    const none = new Set<string>();
    for (let r = 0; r < toShop.skus.length; r++) {
      if (!itemAllowed(toItems[r] ?? null, null, none)) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += (query[d] ?? 0) * (toShop.groupVectors[r * dim + d] ?? 0);
      scored.push({ row: r, score: s });
    }
    scored.sort((a, b) => b.score - a.score || a.row - b.row);
    const reason = `nearest in the group space to the session's ${session.skus.length} item(s) from the other shop`;
    const items = scored.slice(0, k).map((s) => ({ item: toItems[s.row] as Item, score: round(s.score), reason }));
    return this.answer(tenantId, toShopId, view.version, items);
  }

  /**
   * A session of a sister shop as a vector in `shopId`'s own item2vec space (for session-aware features of
   * that shop, e.g. autocomplete), or null when no usable alignment covers the skus.
   */
  async toShopSpace(tenantId: string, shopId: string, skus: readonly string[]): Promise<Float32Array | null> {
    const version = await this.alignments.activeForShop(tenantId, shopId);
    if (!version || (await this.staleShop(tenantId, version, [shopId]))) return null;
    const view = await this.registry.get(version);
    const target = view.files.shops.findIndex((s) => s.shopId === shopId);
    const map = view.files.shops[target]?.map;
    if (!map) return null;
    const dim = view.files.dim;
    const sum = new Float32Array(dim);
    let found = 0;
    const weights = decayWeights(skus.length);
    skus.forEach((sku, j) => {
      for (const [s, shop] of view.files.shops.entries()) {
        if (s === target) continue;
        const row = shop.indexOf.get(sku);
        if (row === undefined) continue;
        for (let d = 0; d < dim; d++)
          sum[d] = (sum[d] ?? 0) + (weights[j] ?? 0) * (shop.groupVectors[row * dim + d] ?? 0);
        found++;
        break;
      }
    });
    return found > 0 ? fromGroupSpace(map, unit(sum)) : null;
  }

  /** Both shops in scope, their active alignment covering both, not stale. */
  private async pair(principal: Principal, shopId: string, toShopId: string, field: string) {
    const scope = storefrontScope(principal);
    const fromId = await this.shops.requireKnown(scope, shopId);
    const toId = await this.shops.requireKnown(scope, toShopId);
    if (fromId === toId) throw badInput(field, 'must be another shop than the first');
    let version = await this.alignments.activeForShop(scope.tenantId, fromId);
    let stale = version?.shopIds.includes(toId) ? await this.staleShop(scope.tenantId, version, [fromId, toId]) : null;
    if ((!version?.shopIds.includes(toId) || stale) && this.alignments.fresh) {
      // A cached view may predate an activation this process has not heard of yet: look again before refusing.
      version = await this.alignments.fresh(scope.tenantId, fromId);
      stale = version?.shopIds.includes(toId) ? await this.staleShop(scope.tenantId, version, [fromId, toId]) : null;
    }
    if (!version || !version.shopIds.includes(toId)) {
      throw conflict(`shops ${fromId} and ${toId} are not aligned together yet: run startAlignment with both`, field);
    }
    if (stale) {
      throw conflict(
        `the alignment ${version.id} of shops ${fromId} and ${toId} is stale: shop ${stale} has another active model ` +
          `since it was computed; run startAlignment again`,
        field,
      );
    }
    const view = await this.registry.get(version);
    const from = view.files.shops.findIndex((s) => s.shopId === fromId);
    const to = view.files.shops.findIndex((s) => s.shopId === toId);
    return { tenantId: scope.tenantId, view, from, to };
  }

  /** The first shop whose active model is not the one the alignment was computed with. */
  private async staleShop(
    tenantId: string,
    version: AlignmentVersion,
    shopIds: readonly string[],
  ): Promise<string | null> {
    for (const id of shopIds) {
      const active = await this.models.activeModelId(tenantId, id);
      if (active !== (version.models[id] ?? null)) return id;
    }
    return null;
  }

  private async answer(
    tenantId: string,
    shopId: string,
    version: AlignmentVersion,
    items: Recommendation[],
  ): Promise<RecommendationList> {
    const token = newRequestToken();
    const requestId = await rememberServed(this.requests, {
      tenantId,
      shopId,
      token,
      placement: null,
      experimentId: null,
      variant: null,
      skus: items.map((r) => r.item.sku),
      servedAt: new Date(),
    });
    return {
      requestId,
      items,
      modelVersionId: null,
      variant: null,
      alignmentId: version.id,
    };
  }
}

function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST)
    throw badInput('first', `must be between 1 and ${MAX_FIRST}`);
  return first;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

function decayWeights(n: number): Float64Array {
  const w = new Float64Array(n);
  let x = 1;
  for (let j = n - 1; j >= 0; j--) {
    w[j] = x;
    x *= SESSION_DECAY;
  }
  return w;
}

function unit(v: Float32Array): Float32Array {
  const n = Math.hypot(...v);
  return n > 0 ? v.map((x) => x / n) : v;
}

/** Recency-weighted mean of the known skus' group vectors, unit length; null when none is known. */
function sessionVector(
  skus: readonly string[],
  indexOf: ReadonlyMap<string, number>,
  vectors: Float32Array,
  dim: number,
): Float32Array | null {
  const sum = new Float32Array(dim);
  const weights = decayWeights(skus.length);
  let found = 0;
  skus.forEach((sku, j) => {
    const row = indexOf.get(sku);
    if (row === undefined) return;
    for (let d = 0; d < dim; d++) sum[d] = (sum[d] ?? 0) + (weights[j] ?? 0) * (vectors[row * dim + d] ?? 0);
    found++;
  });
  return found > 0 ? unit(sum) : null;
}

export type { AlignmentView };
