// Storefront search autocomplete (a publishable key is enough): completes a typed prefix into suggested queries
// and matching products from the shop's query model in memory, ranked by popularity blended with the session's
// intent (its items' vectors in the shop's active item space, or a sister shop's session mapped through the
// alignment). Every answer is remembered under its requestId with the products shown and the suggestions as
// `q:<text>`, so impressions and clicks of both can be tracked.

import { AutocompleteError, AutocompleteErrorCode, sessionVector, type ItemSpace } from '@shopspace/autocomplete';
import { assignVariant } from '@shopspace/experiments';
import type { ServingModel } from '@shopspace/serving';
import { badInput } from '../shared/errors.ts';
import { checkPlacement, checkSession } from '../shared/bounds.ts';
import { storefrontScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import type { StrategyAlgorithm } from '../experiments/experiment.ports.ts';
import type { ExperimentLookup, ServingRegistry } from '../recommend/recommend.ports.ts';
import type { Recommendation, SessionInput } from '../recommend/recommendation.service.ts';
import { newRequestToken, rememberServed } from '../tracking/request-id.ts';
import type { RequestLog } from '../tracking/tracking.ports.ts';
import type { AutocompleteRegistry, ShopAutocomplete, SiblingSessionMapper } from './autocomplete.ports.ts';

export const MAX_PREFIX_LENGTH = 100;
export const MAX_SUGGESTIONS = 20;
/** Products shown beside the suggestions. */
export const ITEM_HITS = 4;
/** A suggestion is tracked as this prefix + its text (tracking ids are at most 200 characters). */
export const SUGGESTION_TRACKING_PREFIX = 'q:';
const MAX_TRACKING_ID = 200;
const MAX_SESSION_SKUS = 500;

export interface QuerySuggestion {
  readonly text: string;
  readonly score: number;
  /** The text HTML-escaped with the matched part in <b>…</b>. */
  readonly highlight: string;
  readonly typo: boolean;
  /** What trackImpressions / trackClick take for this suggestion: `q:<text>`. */
  readonly trackingId: string;
}

export interface AutocompleteAnswer {
  readonly requestId: string;
  readonly suggestions: QuerySuggestion[];
  readonly items: Recommendation[];
  readonly variant: string | null;
  /** Whether the ranking used the session (from this shop's items, or a sister shop's through the alignment). */
  readonly personalized: boolean;
}

/** How the session vector was obtained, said in the items' reason. */
type SessionOrigin = 'session' | 'sister shop session' | null;

export class AutocompleteService {
  /** Item spaces of serving models, built once per loaded model. */
  private readonly spaces = new WeakMap<ServingModel, ItemSpace>();

  constructor(
    private readonly shops: ShopService,
    private readonly registry: AutocompleteRegistry,
    /** The shop's active item2vec model: session skus become a vector in its space. */
    private readonly serving: ServingRegistry,
    private readonly experiments?: ExperimentLookup,
    private readonly requests?: RequestLog,
    /** Maps a sister shop's session through the active alignment; without it such sessions rank by popularity. */
    private readonly siblings?: SiblingSessionMapper,
  ) {}

  async autocomplete(
    principal: Principal,
    shopId: string,
    prefix: string,
    session: SessionInput | null | undefined,
    first: number | null | undefined,
    placement?: string | null,
  ): Promise<AutocompleteAnswer> {
    const k = first ?? 8;
    if (!Number.isInteger(k) || k < 1 || k > MAX_SUGGESTIONS) {
      throw badInput('first', `must be between 1 and ${MAX_SUGGESTIONS}`);
    }
    if (prefix.trim() === '') throw badInput('prefix', 'must contain at least one non-space character');
    if (prefix.length > MAX_PREFIX_LENGTH) throw badInput('prefix', `at most ${MAX_PREFIX_LENGTH} characters`);
    if ((session?.skus.length ?? 0) > MAX_SESSION_SKUS)
      throw badInput('session.skus', `at most ${MAX_SESSION_SKUS} skus`);
    checkPlacement(placement);
    if (session) session = checkSession(session);
    const skus = session?.skus ?? [];
    const scope = storefrontScope(principal);
    const id = await this.shops.requireKnown(scope, shopId);
    const token = newRequestToken();
    const visitor = session?.userId ?? session?.sessionId ?? null;
    const experiment =
      placement && this.experiments ? await this.experiments.running(scope.tenantId, id, placement) : null;
    let variant: string | null = null;
    let algorithm: StrategyAlgorithm = 'served';
    if (experiment) {
      variant = assignVariant(experiment.id, visitor, experiment.variants);
      algorithm = experiment.variants.find((v) => v.key === variant)?.strategy.algorithm ?? 'served';
    }
    const shop = await this.registry.get(scope.tenantId, id);
    // The `popularity` strategy is autocomplete without the session (an experiment measures personalisation).
    const { vector, origin } =
      shop && algorithm !== 'popularity' && skus.length > 0
        ? await this.sessionVector(scope.tenantId, id, shop, skus)
        : { vector: null, origin: null };
    const suggestions = shop ? this.suggestions(shop, prefix, vector, k) : [];
    const items = shop ? this.items(shop, prefix, vector, origin) : [];
    const requestId = await rememberServed(this.requests, {
      tenantId: scope.tenantId,
      shopId: id,
      token,
      placement: placement ?? null,
      experimentId: experiment?.id ?? null,
      variant,
      skus: [...items.map((r) => r.item.sku), ...suggestions.map((s) => s.trackingId)],
      servedAt: new Date(),
    });
    return { requestId, suggestions, items, variant, personalized: vector !== null };
  }

  /**
   * The session in the shop's item space: its own items through the active model, else (none known here) a
   * sister shop's items through the alignment. Only when the query model was built in that same space.
   */
  private async sessionVector(
    tenantId: string,
    shopId: string,
    shop: ShopAutocomplete,
    skus: readonly string[],
  ): Promise<{ vector: Float32Array | null; origin: SessionOrigin }> {
    const none = { vector: null, origin: null };
    if (shop.meta.modelVersionId === null) return none;
    const serving = await this.serving.get(tenantId, shopId);
    if (!serving || serving.modelVersionId !== shop.meta.modelVersionId) return none;
    const space = this.space(serving.model);
    if (space.dim !== shop.index.dim) return none;
    const own = sessionVector(skus, space);
    if (own) return { vector: own, origin: 'session' };
    const mapped = this.siblings ? await this.siblings.toShopSpace(tenantId, shopId, skus) : null;
    if (!mapped || mapped.length !== shop.index.dim || !mapped.every(Number.isFinite)) return none;
    return { vector: mapped, origin: 'sister shop session' };
  }

  private space(model: ServingModel): ItemSpace {
    let space = this.spaces.get(model);
    if (!space) {
      space = { dim: model.dim, vectors: model.vectors, rowOf: model.catalog.indexOf };
      this.spaces.set(model, space);
    }
    return space;
  }

  private suggestions(
    shop: ShopAutocomplete,
    prefix: string,
    vector: Float32Array | null,
    k: number,
  ): QuerySuggestion[] {
    return guard(() => shop.index.suggest(prefix, vector, k))
      .map((s) => ({
        text: s.text,
        score: round(s.score),
        highlight: s.highlight,
        typo: s.typo,
        trackingId: `${SUGGESTION_TRACKING_PREFIX}${s.text}`,
      }))
      .filter((s) => s.trackingId.length <= MAX_TRACKING_ID);
  }

  /** Products whose title matches, active catalog items only. */
  private items(
    shop: ShopAutocomplete,
    prefix: string,
    vector: Float32Array | null,
    origin: SessionOrigin,
  ): Recommendation[] {
    // A few spare hits cover items deactivated since the build.
    const hits = guard(() => shop.index.items(prefix, vector, ITEM_HITS + 4));
    const out: Recommendation[] = [];
    for (const hit of hits) {
      const item = shop.items.get(hit.sku);
      if (!item || !item.active) continue;
      const ranked = origin ? `ranked by the ${origin}` : 'ranked by popularity';
      const reason = `title matches ${JSON.stringify(prefix.trim())}${hit.typo ? ' (one typo)' : ''}, ${ranked}`;
      out.push({ item, score: round(hit.score), reason });
      if (out.length === ITEM_HITS) break;
    }
    return out;
  }
}

const round = (score: number): number => Math.round(score * 1e6) / 1e6;

/** The package's argument errors are the caller's bad input, naming the field. */
function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AutocompleteError && error.code === AutocompleteErrorCode.InvalidArgument) {
      throw badInput(error.field ?? 'prefix', error.message);
    }
    throw error;
  }
}
