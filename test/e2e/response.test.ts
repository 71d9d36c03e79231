// The response model end to end (issue 12): a simulated population with planted per-shopper and per-item click
// propensities shops a trained small shop through the real API, its impressions and clicks go through the
// beacon (/v1/track) and the worker's flusher into tracked_events and tracked_requests, the worker's response
// refit fits GLMix on them and activates it, and an A/B experiment between `response` (full GLMix) and
// `response-global` (global part only) finds the full model's lift through the same tracking path.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@shopspace/item2vec';
import {
  createShop,
  createTenant,
  smallCatalog,
  startTestApi,
  startTestWorker,
  trainSmallShop,
  type TenantFixture,
  type TestApi,
} from '@shopspace/testing';
import type { ComposedWorker } from '@shopspace/worker';

let api: TestApi;
let worker: ComposedWorker;
let t: TenantFixture;
let shop: string;

const SKUS = smallCatalog().map((i) => i.sku);
const USERS = 120;
/** Shoppers of the experiment: many, so that each arm's mix of shopper propensities is about the same. */
const EXPERIMENT_USERS = 500;
const rng = createRng(2026);
const gaussian = (): number =>
  Math.sqrt(-2 * Math.log(Math.max(1e-12, rng.nextFloat()))) * Math.cos(2 * Math.PI * rng.nextFloat());
// Planted propensities (log-odds): some items and some shoppers click far more than others.
const ITEM = new Map(SKUS.map((sku) => [sku, 1.5 * gaussian()]));
const USER = Array.from({ length: USERS + EXPERIMENT_USERS }, () => gaussian());
const clickProbability = (sku: string, user: number, position: number): number =>
  1 / (1 + Math.exp(-(-1.6 + (ITEM.get(sku) ?? 0) + (USER[user] ?? 0) - 0.4 * Math.log2(2 + position))));

const SESSION = `query($s:ID!,$u:String,$skus:[String!]!,$p:String){sessionRecommendations(shopId:$s,
  session:{userId:$u,sessionId:$u,skus:$skus},first:8,placement:$p){requestId variant items{reason item{sku}}}}`;

async function beacon(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${api.url.replace(/\/graphql$/, '')}/v1/track`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ key: t.publishableKey, ...body }),
  });
  expect(res.status).toBe(204);
}

/** Add-to-carts that follow some clicks in the same session (they weigh those clicks up in the refit). */
const carts: Array<Record<string, unknown>> = [];

/** One shopper's visit: a list served, every item seen, clicks drawn from the planted population. */
async function visit(user: number, placement: string | null): Promise<{ variant: string | null; clicks: number }> {
  const context = [SKUS[rng.nextInt(SKUS.length)] ?? ''];
  const r = await api.gql(t.publishableKey, SESSION, { s: shop, u: `shopper-${user}`, skus: context, p: placement });
  expect(r.errors).toBeUndefined();
  const list = r.data?.['sessionRecommendations'];
  const shown: string[] = list.items.map((i: { item: { sku: string } }) => i.item.sku);
  await beacon({ requestId: list.requestId, impressions: shown });
  let clicks = 0;
  for (const [position, sku] of shown.entries()) {
    if (rng.nextFloat() >= clickProbability(sku, user, position)) continue;
    await beacon({ requestId: list.requestId, click: sku });
    clicks++;
    if (rng.nextFloat() < 0.25)
      carts.push({
        eventId: `cart-${carts.length}`,
        sessionId: `shopper-${user}`,
        userId: `shopper-${user}`,
        type: 'ADD_TO_CART',
        sku,
        occurredAt: new Date(Date.now() + 1_000).toISOString(),
      });
  }
  return { variant: list.variant, clicks };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

async function trackedRequests(): Promise<number> {
  const [row] = await api.database.db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tracked_requests WHERE shop_id = $1::uuid`,
    [shop],
  );
  return row?.n ?? 0;
}

beforeAll(async () => {
  api = await startTestApi('response');
  // Negatives at once: the simulated visits all happen within the test, not over 14 days.
  worker = startTestWorker(api, { trainerThreads: 1, responseNegativeWindowMs: 0 });
  t = await createTenant(api, 'Response Group');
  shop = await createShop(api, t.secretKey, 'resp');
  await trainSmallShop(api, t.secretKey, shop);
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('response model from tracked clicks', () => {
  let responseId: string;

  it('stores each tracked request with its context, and refits GLMix that beats the global-only model', async () => {
    // Before any refit, an experiment pinning `response` serves the shop's pipeline and says so.
    const early = await api.gql(t.secretKey, `mutation($i:CreateExperimentInput!){createExperiment(input:$i){id}}`, {
      i: {
        shopId: shop,
        name: 'too early',
        placement: 'early',
        variants: [
          { key: 'response-global', weight: 0.5, strategy: { algorithm: 'response-global' } },
          { key: 'response', weight: 0.5, strategy: { algorithm: 'response' } },
        ],
      },
    });
    expect(early.errors).toBeUndefined();
    const earlyId = early.data?.['createExperiment'].id;
    expect((await api.gql(t.secretKey, `mutation{startExperiment(id:"${earlyId}"){status}}`)).errors).toBeUndefined();
    const variants = new Set<string>();
    for (let user = 0; user < 20; user++) {
      const r = await api.gql(t.publishableKey, SESSION, { s: shop, u: `early-${user}`, skus: [SKUS[0]], p: 'early' });
      const list = r.data?.['sessionRecommendations'];
      variants.add(list.variant);
      expect(list.items.length).toBeGreaterThan(0);
      for (const item of list.items)
        expect(item.reason).toMatch(
          new RegExp(`this model version has no ${list.variant}; its served pipeline answered`),
        );
    }
    expect([...variants].sort()).toEqual(['response', 'response-global']);
    await api.gql(t.secretKey, `mutation{stopExperiment(id:"${earlyId}"){status}}`);

    for (let i = 0; i < 500; i++) await visit(i % USERS, null);
    await waitFor('the flusher', async () => ((await trackedRequests()) >= 500 ? true : null));
    const ingest = await api.gql(
      t.secretKey,
      'mutation($s:ID!,$e:[EventInput!]!){ingestEvents(shopId:$s,events:$e){accepted}}',
      { s: shop, e: carts },
    );
    expect(ingest.data?.['ingestEvents'].accepted).toBe(carts.length);
    const [stored] = await api.database.db.sql.query<Record<string, unknown>>(
      `SELECT user_id AS "userId", session_id AS "sessionId", cardinality(session_skus) AS "contextSize",
              cardinality(skus) AS shown, strategy, model_version_id IS NOT NULL AS "hasModel"
       FROM tracked_requests WHERE shop_id = $1::uuid ORDER BY served_at LIMIT 1`,
      [shop],
    );
    expect(stored).toEqual({
      userId: 'shopper-0',
      sessionId: 'shopper-0',
      contextSize: 1,
      shown: 8,
      strategy: 'served',
      hasModel: true,
    });

    expect((await api.gql(t.secretKey, `mutation{refitResponseModel(shopId:"${shop}")}`)).errors).toBeUndefined();
    const model = await waitFor('the refit', async () => {
      const r = await api.gql(
        t.secretKey,
        `{responseModels(shopId:"${shop}"){id active rejectedReason aucFull aucGlobal aucActive examples clicks metrics}}`,
      );
      return r.data?.['responseModels']?.[0] ?? null;
    });
    console.log('response refit on simulated traffic:', JSON.stringify(model.metrics));
    expect(model.rejectedReason).toBeNull();
    expect(model.active).toBe(true);
    expect(model.examples).toBe(500 * 8);
    expect(model.clicks).toBeGreaterThan(200);
    // Clicks followed by an add-to-cart of the same sku in the same session (a shopper's session spans visits).
    expect(model.metrics.engaged).toBeGreaterThanOrEqual(carts.length);
    expect(model.aucActive).toBeNull();
    expect(model.aucFull).toBeGreaterThanOrEqual(model.aucGlobal + 0.03);
    responseId = model.id;
  });

  it('serves the two response strategies under an experiment, and the full model finds the lift', async () => {
    const create = await api.gql(t.secretKey, `mutation($i:CreateExperimentInput!){createExperiment(input:$i){id}}`, {
      i: {
        shopId: shop,
        name: 'response vs global',
        placement: 'resp',
        variants: [
          { key: 'response-global', weight: 0.5, strategy: { algorithm: 'response-global' } },
          { key: 'response', weight: 0.5, strategy: { algorithm: 'response' } },
        ],
      },
    });
    expect(create.errors).toBeUndefined();
    const id = create.data?.['createExperiment'].id;
    expect((await api.gql(t.secretKey, `mutation{startExperiment(id:"${id}"){status}}`)).errors).toBeUndefined();

    // The two arms order the same session's candidates differently, and say why in words.
    const reasons = new Map<string, string[]>();
    for (let user = 0; user < USERS && reasons.size < 2; user++) {
      const r = await api.gql(t.publishableKey, SESSION, { s: shop, u: `shopper-${user}`, skus: [SKUS[0]], p: 'resp' });
      const list = r.data?.['sessionRecommendations'];
      if (!reasons.has(list.variant))
        reasons.set(
          list.variant,
          list.items.map((i: { reason: string }) => i.reason),
        );
    }
    expect(reasons.get('response')?.some((r) => /re-ranked by \d+ tracked clicks/.test(r))).toBe(true);
    expect(reasons.get('response-global')?.every((r) => /without per-item or per-shopper effects/.test(r))).toBe(true);
    for (const list of reasons.values()) for (const r of list) expect(r).not.toMatch(/has no/);

    const before = await trackedRequests();
    // Each arm's shoppers are its own (assignment is by shopper): 500 of them, most of whom the model never saw.
    for (let i = 0; i < 500; i++) await visit(USERS / 2 + i, 'resp');
    await waitFor('the flusher', async () => ((await trackedRequests()) >= before + 500 ? true : null));
    const results = await api.gql(
      t.secretKey,
      `{experiment(id:"${id}"){results{key impressions clicks ctr liftVsControl pValue}}}`,
    );
    const byKey = new Map<string, any>(results.data?.['experiment'].results.map((r: any) => [r.key, r]));
    console.log('experiment results:', JSON.stringify([...byKey.values()]));
    const full = byKey.get('response');
    const global = byKey.get('response-global');
    expect(full.impressions + global.impressions).toBe(500 * 8);
    expect(full.ctr).toBeGreaterThan(global.ctr);
    expect(full.liftVsControl).toBeGreaterThan(0.1);

    // The experiment's own traffic is tracked with its strategies, for the next refit.
    const [strategies] = await api.database.db.sql.query<{ list: string[] }>(
      `SELECT array_agg(DISTINCT strategy ORDER BY strategy) AS list FROM tracked_requests
       WHERE shop_id = $1::uuid AND placement = 'resp'`,
      [shop],
    );
    expect(strategies?.list).toEqual(['response', 'response-global']);

    // A second refit warm-starts from the active model and is checked against it on the same held-out lists.
    expect((await api.gql(t.secretKey, `mutation{refitResponseModel(shopId:"${shop}")}`)).errors).toBeUndefined();
    const second = await waitFor('the second refit', async () => {
      const r = await api.gql(t.secretKey, `{responseModels(shopId:"${shop}"){id aucFull aucActive metrics}}`);
      const list = r.data?.['responseModels'] ?? [];
      return list.length >= 2 ? list[0] : null;
    });
    expect(second.id).not.toBe(responseId);
    expect(second.metrics.warmStarted).toBe(true);
    expect(second.metrics.refitGlobal).toBe(false);
    expect(typeof second.aucActive).toBe('number');
  });

  it('schedules the daily refit, refusing bad input by field and other tenants', async () => {
    const set = await api.gql(t.secretKey, `mutation{setResponseSchedule(shopId:"${shop}")}`);
    expect(set.errors).toBeUndefined();
    const next = new Date(set.data?.['setResponseSchedule'] as string);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 30]);
    const nextRun = await api.gql(t.secretKey, `{responseRefitNextRun(shopId:"${shop}")}`);
    expect(nextRun.data?.['responseRefitNextRun']).toBe(next.toISOString());
    const badCron = await api.gql(t.secretKey, `mutation{setResponseSchedule(shopId:"${shop}",cron:"every day")}`);
    expect(api.code(badCron)).toBe('BAD_USER_INPUT');
    expect(badCron.errors?.[0]?.message).toMatch(/^cron: /);
    const badZone = await api.gql(t.secretKey, `mutation{setResponseSchedule(shopId:"${shop}",timeZone:"Mars/Base")}`);
    expect(badZone.errors?.[0]?.message).toMatch(/^timeZone: /);
    const other = await createTenant(api, 'Other Group');
    expect(api.code(await api.gql(other.secretKey, `{responseModels(shopId:"${shop}"){id}}`))).toBe('NOT_FOUND');
    expect(api.code(await api.gql(other.secretKey, `mutation{refitResponseModel(shopId:"${shop}")}`))).toBe(
      'NOT_FOUND',
    );
    expect(api.code(await api.gql(t.publishableKey, `{responseModels(shopId:"${shop}"){id}}`))).toBe('FORBIDDEN');
  });
});
