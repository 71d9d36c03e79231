// Storefront recommendations: similar items and next items for a session, answered from the shop's active
// model in memory. Inactive items and skus missing from the catalog are never returned; the session's own
// items are excluded; an empty or all-unknown session falls back to popularity and says so.

import { randomUUID } from 'node:crypto';
import { badInput } from '../shared/errors.ts';
import { storefrontScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import type { Item } from '../catalog/catalog.ports.ts';
import type { ServingRegistry, ShopServing } from './recommend.ports.ts';

export interface ItemFilter {
  readonly categoryPrefix?: readonly string[] | null;
  readonly minPrice?: number | null;
  readonly maxPrice?: number | null;
  readonly excludeSkus?: readonly string[] | null;
}

export interface SessionInput {
  readonly sessionId?: string | null;
  readonly userId?: string | null;
  readonly skus: readonly string[];
  readonly queries?: readonly string[] | null;
}

export interface Recommendation {
  readonly item: Item;
  readonly score: number;
  readonly reason: string | null;
}

export interface RecommendationList {
  readonly requestId: string;
  readonly items: Recommendation[];
  readonly modelVersionId: string | null;
  readonly variant: string | null;
}

export const MAX_RECOMMENDATIONS = 100;

function pageSize(first: number | null | undefined): number {
  const k = first ?? 10;
  if (!Number.isInteger(k) || k < 1 || k > MAX_RECOMMENDATIONS)
    throw badInput('first', `must be between 1 and ${MAX_RECOMMENDATIONS}`);
  return k;
}

/** Whether an item may be shown under a filter; inactive items never may. */
export function itemAllowed(
  item: Item | null,
  filter: ItemFilter | null | undefined,
  excluded: ReadonlySet<string>,
): item is Item {
  if (!item || !item.active || excluded.has(item.sku)) return false;
  if (!filter) return true;
  const prefix = filter.categoryPrefix;
  if (prefix && prefix.length > 0) {
    if (item.category.length < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) {
      if ((item.category[i] ?? '').toLowerCase() !== (prefix[i] ?? '').toLowerCase()) return false;
    }
  }
  if (
    filter.minPrice !== null &&
    filter.minPrice !== undefined &&
    (item.price === null || item.price < filter.minPrice)
  )
    return false;
  if (
    filter.maxPrice !== null &&
    filter.maxPrice !== undefined &&
    (item.price === null || item.price > filter.maxPrice)
  )
    return false;
  return true;
}

export class RecommendationService {
  constructor(
    private readonly shops: ShopService,
    private readonly registry: ServingRegistry,
  ) {}

  async similarItems(
    principal: Principal,
    shopId: string,
    sku: string,
    first: number | null | undefined,
    filter?: ItemFilter | null,
  ): Promise<RecommendationList> {
    const k = pageSize(first);
    const { serving, requestId } = await this.open(principal, shopId);
    if (!serving) return { requestId, items: [], modelVersionId: null, variant: null };
    const excluded = new Set([sku, ...(filter?.excludeSkus ?? [])]);
    const allow = (i: number): boolean => itemAllowed(serving.items[i] ?? null, filter, excluded);
    const similar = serving.model.similar(sku, k, allow);
    if (similar === null) {
      const popular = serving.model.popular(k, allow);
      return this.list(requestId, serving, popular, `popular: the model has no vector for ${sku}`);
    }
    return this.list(requestId, serving, similar, `similar to ${sku} (item2vec cosine)`);
  }

  async sessionRecommendations(
    principal: Principal,
    shopId: string,
    session: SessionInput,
    first: number | null | undefined,
    filter?: ItemFilter | null,
  ): Promise<RecommendationList> {
    const k = pageSize(first);
    if (session.skus.length > 500) throw badInput('session.skus', 'at most 500 skus');
    const { serving, requestId } = await this.open(principal, shopId);
    if (!serving) return { requestId, items: [], modelVersionId: null, variant: null };
    const excluded = new Set([...session.skus, ...(filter?.excludeSkus ?? [])]);
    const allow = (i: number): boolean => itemAllowed(serving.items[i] ?? null, filter, excluded);
    const next = serving.model.session(session.skus, k, allow);
    if (next === null) {
      const why = session.skus.length === 0 ? 'the session has no items yet' : 'the model knows no item of the session';
      return this.list(requestId, serving, serving.model.popular(k, allow), `popular: ${why}`);
    }
    const how = serving.model.files.blend > 0 ? 'item2vec blended with item-kNN' : 'item2vec';
    return this.list(requestId, serving, next, `next after ${session.skus.length} session item(s) (${how})`);
  }

  private async open(
    principal: Principal,
    shopId: string,
  ): Promise<{ serving: ShopServing | null; requestId: string }> {
    const scope = storefrontScope(principal);
    const id = await this.shops.requireKnown(scope, shopId);
    return { serving: await this.registry.get(scope.tenantId, id), requestId: randomUUID() };
  }

  private list(
    requestId: string,
    serving: ShopServing,
    scored: ReadonlyArray<{ index: number; score: number }>,
    reason: string,
  ): RecommendationList {
    const items: Recommendation[] = [];
    for (const s of scored) {
      const item = serving.items[s.index];
      if (item) items.push({ item, score: Math.round(s.score * 1e6) / 1e6, reason });
    }
    return { requestId, items, modelVersionId: serving.modelVersionId, variant: null };
  }
}
