// Storefront recommendations: similar items and next items for a session, answered from the shop's active
// model in memory. Inactive items and skus missing from the catalog are never returned; the session's own
// items are excluded; an empty or all-unknown session falls back to popularity and says so.

import { badInput } from '../shared/errors.ts';
import { INPUT_LIMITS, boundedId, checkPlacement, checkSession, lookupSku, lookupSkus } from '../shared/bounds.ts';
import { storefrontScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import type { Item } from '../catalog/catalog.ports.ts';
import { assignVariant } from '@shopspace/experiments';
import type {
  ExperimentLookup,
  ResponseLookup,
  ServingRegistry,
  ShopServing,
  UserActivity,
} from './recommend.ports.ts';
import { recommendByResponse, type ResponseServing } from '@shopspace/serving';
import type { StrategyAlgorithm } from '../experiments/experiment.ports.ts';
import { formatRequestId, newRequestToken, rememberServed } from '../tracking/request-id.ts';
import type { RequestLog } from '../tracking/tracking.ports.ts';

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
  /** The alignment that answered a cross-shop query. */
  readonly alignmentId?: string;
}

export const MAX_RECOMMENDATIONS = 100;
/** A shopper's latest actions the online path reads per request. */
const RECENT_ACTIONS = 20;
/** Session skus remembered with a served list for training on the traffic (the newest). */
export const MAX_CONTEXT_SKUS = 100;

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

export interface Served {
  readonly serving: ShopServing | null;
  readonly tenantId: string;
  readonly shopId: string;
  readonly token: string;
  readonly requestId: string;
  readonly placement: string | null;
  readonly experimentId: string | null;
  readonly variant: string | null;
  readonly algorithm: StrategyAlgorithm;
  /** The active response model, when the strategy is one of the two response strategies and the shop has one. */
  readonly response?: ResponseServing;
  /** What the list is computed for, remembered with it for training on the traffic. */
  readonly asked?: { sessionId: string | null; userId: string | null; visitorId: string | null; skus: string[] };
}

/** Said in the reason when the answer comes from the event-based baselines rather than a trained model. */
function fromEvents(served: Served): string {
  return served.serving && served.serving.modelVersionId === null ? ' (from events)' : '';
}

/** Strategies the event baselines can serve as well as a model (they need no training; the baselines are fresher). */
const EVENT_STRATEGIES: ReadonlySet<StrategyAlgorithm> = new Set([
  'item-knn',
  'session-knn',
  'popularity',
  'user-history',
]);

type Scored = { index: number; score: number; reason?: string };
const FILLED = 'popular in this shop (to fill the list)';

/**
 * A list shorter than asked (a shopper's short history, a sparse co-occurrence row, a tight filter) is filled
 * with the shop's popular items that pass the same filter, each saying so, never repeating one.
 */
function fill(items: readonly Scored[], k: number, allow: (index: number) => boolean, model: ShopServing['model']) {
  if (items.length >= k) return items;
  const taken = new Set(items.map((i) => i.index));
  const more = model.popular(k, (i) => !taken.has(i) && allow(i)).slice(0, k - items.length);
  // Below the answered items, in popularity order, so scores still fall down the list.
  const floor = Math.min(0, ...items.map((i) => i.score));
  const filled = more.map((p, j) => ({ index: p.index, score: floor - (j + 1) / 1000, reason: FILLED }));
  return [...items, ...filled];
}

export class RecommendationService {
  constructor(
    private readonly shops: ShopService,
    private readonly registry: ServingRegistry,
    private readonly experiments?: ExperimentLookup,
    /** Remembers each answer under its requestId so that impressions and clicks can be attributed. */
    private readonly requests?: RequestLog,
    private readonly now: () => number = Date.now,
    /** The shops' response models (the 'response' and 'response-global' strategies). */
    private readonly responses?: ResponseLookup,
    /** The shopper's actions since the model's batch, for the online path of user recommendations. */
    private readonly activity?: UserActivity,
  ) {}

  async similarItems(
    principal: Principal,
    shopId: string,
    sku: string,
    first: number | null | undefined,
    filter?: ItemFilter | null,
    placement?: string | null,
    visitor?: string | null,
  ): Promise<RecommendationList> {
    const k = pageSize(first);
    sku = lookupSku('sku', sku);
    boundedId('visitor', visitor, Math.max(INPUT_LIMITS.userId, INPUT_LIMITS.sessionId));
    const excludeSkus = lookupSkus('filter.excludeSkus', filter?.excludeSkus ?? []);
    const opened = await this.open(principal, shopId, placement, visitor);
    const served: Served = {
      ...opened,
      asked: { sessionId: null, userId: null, visitorId: visitor ?? null, skus: [sku] },
    };
    const { serving } = served;
    if (!serving) return this.empty(served);
    const excluded = new Set([sku, ...excludeSkus]);
    const allow = (i: number): boolean => itemAllowed(serving.items[i] ?? null, filter, excluded);
    const m = serving.model;
    if (served.algorithm === 'popularity')
      return this.list(served, m.popular(k, allow), `popular in this shop (experiment strategy)${fromEvents(served)}`);
    const similar = m.similar(sku, k, allow);
    if (similar === null) return this.list(served, m.popular(k, allow), `popular: the model does not know ${sku}`);
    return this.list(served, similar.items, `similar to ${sku} (${similar.how})${fromEvents(served)}`);
  }

  async sessionRecommendations(
    principal: Principal,
    shopId: string,
    session: SessionInput,
    first: number | null | undefined,
    filter?: ItemFilter | null,
    placement?: string | null,
  ): Promise<RecommendationList> {
    const k = pageSize(first);
    if (session.skus.length > 500) throw badInput('session.skus', 'at most 500 skus');
    session = checkSession(session);
    const excludeSkus = lookupSkus('filter.excludeSkus', filter?.excludeSkus ?? []);
    const visitor = session.userId ?? session.sessionId ?? null;
    const opened = await this.open(principal, shopId, placement, visitor);
    const served: Served = {
      ...opened,
      asked: {
        sessionId: session.sessionId ?? null,
        userId: session.userId ?? null,
        visitorId: visitor,
        // The newest 100 (the request log keeps the context for the TTL; features read mostly the newest).
        skus: session.skus.slice(-MAX_CONTEXT_SKUS),
      },
    };
    const { serving } = served;
    if (!serving) return this.empty(served);
    const excluded = new Set([...session.skus, ...excludeSkus]);
    const allow = (i: number): boolean => itemAllowed(serving.items[i] ?? null, filter, excluded);
    const m = serving.model;
    if (served.algorithm === 'popularity')
      return this.list(served, m.popular(k, allow), `popular in this shop (experiment strategy)${fromEvents(served)}`);
    const userId = session.userId ?? null;
    const answer =
      served.response && (served.algorithm === 'response' || served.algorithm === 'response-global')
        ? (recommendByResponse(m, served.response, served.algorithm, session.skus, userId, k, allow, this.now()) ??
          m.recommend(served.algorithm, session.skus, userId, k, allow, this.now()))
        : m.recommend(served.algorithm, session.skus, userId, k, allow, this.now());
    if (answer === null) {
      const why = session.skus.length === 0 ? 'the session has no items yet' : 'the model knows no item of the session';
      return this.list(served, m.popular(k, allow), `popular: ${why}`);
    }
    const suffix = `${answer.fallback ? ` (${answer.fallback})` : ''}${fromEvents(served)}`;
    return this.list(
      served,
      fill(answer.items, k, allow, m),
      `next after ${session.skus.length} session item(s) (${answer.how})${suffix}`,
      suffix,
    );
  }

  /**
   * A shopper's recommendations (home feeds, e-mails): the active version's daily batch for the user fused with
   * next items after what they did since (the online path), their own items never shown back. A user the shop
   * does not know (or of another tenant: ids are per shop) gets the shop's popular items and is told why.
   */
  async userRecommendations(
    principal: Principal,
    shopId: string,
    userId: string,
    first: number | null | undefined,
    filter?: ItemFilter | null,
    placement?: string | null,
  ): Promise<RecommendationList> {
    const k = pageSize(first);
    const user = boundedId('userId', userId.trim(), INPUT_LIMITS.userId) ?? '';
    if (user.length === 0) throw badInput('userId', 'must not be empty');
    const excludeSkus = lookupSkus('filter.excludeSkus', filter?.excludeSkus ?? []);
    const opened = await this.open(principal, shopId, placement, user);
    const served: Served = { ...opened, asked: { sessionId: null, userId: user, visitorId: user, skus: [] } };
    const { serving } = served;
    if (!serving) return this.empty(served);
    const m = serving.model;
    const cutoff = m.users?.cutoff ?? 0;
    const recent = this.activity
      ? await this.activity.recentSkus(served.tenantId, served.shopId, user, new Date(cutoff), RECENT_ACTIONS)
      : [];
    const excluded = new Set([...recent, ...excludeSkus]);
    for (const i of m.users?.history(user) ?? []) excluded.add(m.skus[i] ?? '');
    const allow = (i: number): boolean => itemAllowed(serving.items[i] ?? null, filter, excluded);
    if (served.algorithm === 'popularity')
      return this.list(served, m.popular(k, allow), `popular in this shop (experiment strategy)${fromEvents(served)}`);
    const answer = m.forUser(user, recent, k, allow, this.now());
    if (answer) return this.list(served, fill(answer.items, k, allow, m), `for you (${answer.how})`);
    // No batch list (a version without user models, or the event baselines): the latest actions as a session.
    // (the pipeline's per-user parts answer a shopper it knows even without recent actions).
    const asSession = m.recommend('served', recent, user, k, allow, this.now());
    if (asSession) {
      const why = recent.length > 0 ? `next after your ${recent.length} latest action(s)` : 'from your history';
      return this.list(
        served,
        fill(asSession.items, k, allow, m),
        `for you: ${why} (${asSession.how})${fromEvents(served)}`,
      );
    }
    return this.list(served, m.popular(k, allow), `popular: no history for this shopper yet${fromEvents(served)}`);
  }

  /**
   * Resolves the shop, the experiment of the placement (if one runs) and the visitor's variant, and the model
   * that serves it: a variant may pin a model version, otherwise the shop's active one serves.
   */
  private async open(
    principal: Principal,
    shopId: string,
    placement: string | null | undefined,
    visitor: string | null | undefined,
  ): Promise<Served> {
    checkPlacement(placement);
    const scope = storefrontScope(principal);
    const id = await this.shops.requireKnown(scope, shopId);
    const token = newRequestToken();
    const base = {
      tenantId: scope.tenantId,
      shopId: id,
      token,
      requestId: formatRequestId(id, token),
      placement: placement ?? null,
    };
    const experiment =
      placement && this.experiments ? await this.experiments.running(scope.tenantId, id, placement) : null;
    if (!experiment)
      return { ...base, ...(await this.pick(scope.tenantId, id, 'served')), experimentId: null, variant: null };
    const key = assignVariant(experiment.id, visitor ?? null, experiment.variants);
    const strategy = experiment.variants.find((v) => v.key === key)?.strategy ?? { algorithm: 'served' as const };
    const picked = await this.pick(scope.tenantId, id, strategy.algorithm, strategy.modelVersionId);
    return { ...base, ...picked, experimentId: experiment.id, variant: key };
  }

  /**
   * What serves an algorithm: a pinned model version; a generator that needs no training from the event
   * baselines (rebuilt from events, so fresher than the model); the rest from the active model. A shop with no
   * model yet serves its baselines' choice (the best generator that needs no training), and says so.
   */
  private async pick(
    tenantId: string,
    shopId: string,
    algorithm: StrategyAlgorithm,
    modelVersionId?: string,
  ): Promise<{ serving: ShopServing | null; algorithm: StrategyAlgorithm; response?: ResponseServing }> {
    if (algorithm === 'response' || algorithm === 'response-global') {
      // Served through the model version the response model reads the features of; without an active response
      // model the shop's model answers through its served pipeline and says so (ServingModel's fallback).
      const response = await this.responses?.get(tenantId, shopId);
      const serving = response ? await this.registry.getVersion(tenantId, shopId, response.modelVersionId) : null;
      if (response && serving) return { serving, algorithm, response };
      const fallback = await this.pick(tenantId, shopId, 'served', modelVersionId);
      return { ...fallback, algorithm: fallback.algorithm === 'served' ? algorithm : fallback.algorithm };
    }
    if (modelVersionId) return { serving: await this.registry.getVersion(tenantId, shopId, modelVersionId), algorithm };
    if (EVENT_STRATEGIES.has(algorithm)) {
      const baseline = await this.registry.getBaseline(tenantId, shopId);
      if (baseline) return { serving: baseline, algorithm };
    }
    const active = await this.registry.get(tenantId, shopId);
    if (active) return { serving: active, algorithm };
    const baseline = await this.registry.getBaseline(tenantId, shopId);
    return { serving: baseline, algorithm: EVENT_STRATEGIES.has(algorithm) ? algorithm : 'served' };
  }

  private async empty(served: Served): Promise<RecommendationList> {
    const requestId = await this.remember(served, []);
    return { requestId, items: [], modelVersionId: null, variant: served.variant };
  }

  /**
   * Stored before the answer leaves, so a tracking call that follows at once finds it; when the request log is
   * unavailable the answer goes out untracked (its requestId says so) rather than failing.
   */
  private async remember(served: Served, items: readonly Recommendation[]): Promise<string> {
    return rememberServed(this.requests, {
      tenantId: served.tenantId,
      shopId: served.shopId,
      token: served.token,
      placement: served.placement,
      experimentId: served.experimentId,
      variant: served.variant,
      skus: items.map((r) => r.item.sku),
      servedAt: new Date(),
      ...(served.asked
        ? {
            context: {
              sessionId: served.asked.sessionId,
              userId: served.asked.userId,
              visitorId: served.asked.visitorId,
              sessionSkus: served.asked.skus,
              strategy: served.algorithm,
              modelVersionId: served.serving?.modelVersionId ?? null,
            },
          }
        : {}),
    });
  }

  /** An item's own reason (the pipeline explains each one) wins over the list's; `suffix` follows either. */
  private async list(
    served: Served,
    scored: ReadonlyArray<{ index: number; score: number; reason?: string }>,
    reason: string,
    suffix = '',
  ): Promise<RecommendationList> {
    const serving = served.serving as ShopServing;
    const items: Recommendation[] = [];
    for (const s of scored) {
      const item = serving.items[s.index];
      if (item)
        items.push({
          item,
          score: Math.round(s.score * 1e6) / 1e6,
          reason: s.reason ? `${s.reason}${suffix}` : reason,
        });
    }
    const requestId = await this.remember(served, items);
    return { requestId, items, modelVersionId: serving.modelVersionId, variant: served.variant };
  }
}
