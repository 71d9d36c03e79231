// Serving with a shop's response model: the model version's ranker proposes and ranks its candidates as usual,
// the best of them are featurised for the response model (the ranker's features and log-odds, see
// @shopspace/ranking's response-features) and re-ranked by its click probability: the full GLMix (per-item and
// per-user click propensities learnt from tracked clicks) for 'response', its global-only counterpart for
// 'response-global'. The trainer featurises tracked lists through the same function, so both see one thing.

import {
  ResponseScorer,
  responseFeatureNames,
  responseFeatures,
  responseFeaturesOfScored,
  type ResponseModels,
  type Ranker,
} from '@shopspace/ranking';
import type { Scored, ServingModel, SessionAnswer } from './serving-model.ts';

export const RESPONSE_STRATEGIES = ['response', 'response-global'] as const;
export type ResponseStrategy = (typeof RESPONSE_STRATEGIES)[number];

/** Candidates of the ranker the response model re-ranks. */
export const RESPONSE_POOL = 50;

/** An active response model as the API holds it. */
export interface ResponseServing {
  readonly id: string;
  /** The model version whose ranker features it reads (it serves through that version). */
  readonly modelVersionId: string;
  readonly models: ResponseModels;
  /** Clicks it was fitted on (said in the reasons). */
  readonly clicks: number;
}

function rankerOf(model: ServingModel): Ranker | null {
  return model.pipelines?.pick('ranker')?.ranker ?? null;
}

/** The response model's feature names for a model version (null without a ranker). */
export function responseFeatureNamesOf(model: ServingModel): string[] | null {
  const ranker = rankerOf(model);
  return ranker ? responseFeatureNames(ranker) : null;
}

/**
 * Raw response features of `skus` shown for a session; `rows[j]` is the index in `skus` of feature row j (skus
 * the version does not know are left out). Null when the version has no ranker.
 */
export function responseInputs(
  model: ServingModel,
  context: readonly string[],
  userId: string | null,
  skus: readonly string[],
  now: number,
): { x: Float32Array; rows: number[] } | null {
  const ranker = rankerOf(model);
  const query = model.queryOf(context, userId, now);
  if (!ranker || !query) return null;
  const rows: number[] = [];
  const items: number[] = [];
  skus.forEach((sku, i) => {
    const index = model.indexOf(sku);
    if (index === undefined) return;
    rows.push(i);
    items.push(index);
  });
  return { x: responseFeatures(ranker, query, items), rows };
}

/** Next items re-ranked by the response model; null when the version has no ranker or knows nothing of the session. */
export function recommendByResponse(
  model: ServingModel,
  response: ResponseServing,
  strategy: ResponseStrategy,
  skus: readonly string[],
  userId: string | null,
  k: number,
  allow: (index: number) => boolean,
  now: number,
): SessionAnswer | null {
  const ranker = model.pipelines?.pick('ranker');
  const query = model.queryOf(skus, userId, now);
  if (!ranker?.ranker || !query) return null;
  if (query.items.length === 0 && query.user < 0) return null;
  // The ranker scores its union once: its best candidates are the pool, explained and featurised from it.
  const scored = ranker.ranker.score(query, allow);
  const pool = ranker.explainScored(query, scored, Math.max(k, RESPONSE_POOL));
  if (pool.length === 0) return null;
  const rowOf = new Map<number, number>();
  scored.union.items.forEach((item, row) => rowOf.set(item, row));
  const x = responseFeaturesOfScored(
    scored,
    pool.map((p) => rowOf.get(p.item) ?? 0),
    ranker.ranker.featureNames.length,
  );
  const chosen = strategy === 'response' ? response.models.full : response.models.globalOnly;
  const scorer = new ResponseScorer(chosen);
  const poolSkus = pool.map((p) => model.skus[p.item] ?? '');
  const logits = scorer.score(x, poolSkus, strategy === 'response' ? userId : null);
  const order = pool.map((_, i) => i).sort((a, b) => (logits[b] ?? 0) - (logits[a] ?? 0) || a - b);
  const items: Scored[] = order.slice(0, k).map((i) => {
    const sku = poolSkus[i] ?? '';
    const base = pool[i]?.reason ?? 'ranked by the shop model';
    let why = `re-ranked by ${response.clicks} tracked clicks`;
    if (strategy === 'response') {
      const { item } = scorer.propensities(sku, userId);
      if (item > 0.1) why = `clicked more than its peers when shown; ${why}`;
      else if (item < -0.1) why = `clicked less than its peers when shown; ${why}`;
    } else why = `${why}, without per-item or per-shopper effects`;
    return { index: pool[i]?.item ?? 0, sku, score: logits[i] ?? 0, reason: `${base}; ${why}` };
  });
  const how = strategy === 'response' ? 'response model (GLMix on clicks)' : 'response model, global part only';
  return { items, how };
}
