// Impression and click tracking over the real API, Redis and PostgreSQL: attribution of each event to the
// request's shop, placement, experiment and variant; idempotency; a click on a sku not shown refused;
// unknown and foreign request ids NOT_FOUND; the sendBeacon endpoint; write-ahead before acknowledging.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeySpace, RedisTrackingOutbox, trackingStreamKey } from '@shopspace/redis';
import { TrackingSqlRepository } from '@shopspace/db';
import { TrackingFlusher } from '@shopspace/domain';
import {
  TEST_OPERATOR_TOKEN,
  createShop,
  createTenant,
  startTestApi,
  startTestWorker,
  themedSku,
  trainSmallShop,
  type TenantFixture,
  type TestApi,
} from '@shopspace/testing';
import type { ComposedWorker } from '@shopspace/worker';

let api: TestApi;
let worker: ComposedWorker;
let t: TenantFixture;
let other: TenantFixture;
let shop: string;
let otherShop: string;
let flusher: TrackingFlusher;
let outbox: RedisTrackingOutbox;

const SIMILAR = `query($s:ID!,$sku:String!,$p:String,$u:String){similarItemsFor(shopId:$s,sku:$sku,first:5,placement:$p,userId:$u){requestId variant items{item{sku}}}}`;
const IMPRESSIONS = `mutation($r:ID!,$s:[String!]!){trackImpressions(requestId:$r,skus:$s)}`;
const CLICK = `mutation($r:ID!,$s:String!){trackClick(requestId:$r,sku:$s)}`;

interface Served {
  requestId: string;
  variant: string | null;
  skus: string[];
}

async function serve(key: string, shopId: string, placement?: string, userId?: string): Promise<Served> {
  const r = await api.gql(key, SIMILAR, { s: shopId, sku: themedSku(0, 0), p: placement, u: userId });
  expect(r.errors).toBeUndefined();
  const list = r.data?.['similarItemsFor'];
  return { requestId: list.requestId, variant: list.variant, skus: list.items.map((i: any) => i.item.sku) };
}

/** Flushes the write-ahead log until it is empty. */
async function flushAll(): Promise<number> {
  let total = 0;
  for (;;) {
    const stats = await flusher.flushOnce();
    if (stats.read === 0) return total;
    total += stats.inserted;
  }
}

async function tracked(requestId: string): Promise<Array<Record<string, unknown>>> {
  return api.database.db.sql.query(
    `SELECT kind, sku, position, placement, experiment_id AS "experimentId", variant, shop_id AS "shopId"
     FROM tracked_events WHERE request_id = $1 ORDER BY kind, sku`,
    [requestId],
  );
}

beforeAll(async () => {
  api = await startTestApi('tracking');
  // The worker trains; flushing is driven by the test so that each step is observable.
  worker = startTestWorker(api, { trainerThreads: 1, flushTracking: false });
  t = await createTenant(api, 'Tracking Group');
  other = await createTenant(api, 'Other Group');
  shop = await createShop(api, t.secretKey, 'uk');
  otherShop = await createShop(api, other.secretKey, 'uk');
  await Promise.all([trainSmallShop(api, t.secretKey, shop), trainSmallShop(api, other.secretKey, otherShop)]);
  outbox = new RedisTrackingOutbox(api.redis.redis, new KeySpace(api.redis.prefix), { claimIdleMs: 200 });
  flusher = new TrackingFlusher(outbox, new TrackingSqlRepository(api.database.db.sql), { blockMs: 50 });
}, 240_000);
afterAll(async () => {
  await outbox?.close();
  await worker?.close();
  await api?.close();
});

describe('tracking', () => {
  it('records impressions and a click with the request’s attribution, written ahead before answering', async () => {
    const served = await serve(t.publishableKey, shop, 'pdp-similar');
    expect(served.skus).toHaveLength(5);
    expect(served.requestId.startsWith(`${shop}.`)).toBe(true);
    const stream = trackingStreamKey(new KeySpace(api.redis.prefix), t.id, shop);
    const before = await api.redis.redis.xlen(stream);

    const imp = await api.gql(t.publishableKey, IMPRESSIONS, { r: served.requestId, s: served.skus });
    expect(imp.data?.['trackImpressions']).toBe(true);
    const click = await api.gql(t.publishableKey, CLICK, { r: served.requestId, s: served.skus[2] });
    expect(click.data?.['trackClick']).toBe(true);
    // Acknowledged means in the write-ahead log already, before any flush.
    expect((await api.redis.redis.xlen(stream)) - before).toBe(6);
    expect(await tracked(served.requestId)).toHaveLength(0);

    expect(await flushAll()).toBe(6);
    const rows = await tracked(served.requestId);
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r['kind'] === 'CLICK')).toEqual([
      {
        kind: 'CLICK',
        sku: served.skus[2],
        position: 2,
        placement: 'pdp-similar',
        experimentId: null,
        variant: null,
        shopId: shop,
      },
    ]);
    // Flushed entries leave the stream, so it does not grow without bound.
    expect(await api.redis.redis.xlen(stream)).toBe(0);
  });

  it('counts a repeated impression or click once', async () => {
    const served = await serve(t.publishableKey, shop);
    for (let i = 0; i < 3; i++) {
      expect(
        (await api.gql(t.publishableKey, IMPRESSIONS, { r: served.requestId, s: served.skus })).errors,
      ).toBeUndefined();
      expect(
        (await api.gql(t.publishableKey, CLICK, { r: served.requestId, s: served.skus[0] })).errors,
      ).toBeUndefined();
    }
    // The same sku twice in one call is one impression too.
    await api.gql(t.publishableKey, IMPRESSIONS, { r: served.requestId, s: [served.skus[1], served.skus[1]] });
    await flushAll();
    const rows = await tracked(served.requestId);
    expect(rows.filter((r) => r['kind'] === 'IMPRESSION')).toHaveLength(5);
    expect(rows.filter((r) => r['kind'] === 'CLICK')).toHaveLength(1);
  });

  it('counts a click without an impression call as an impression too, so clicks never outnumber impressions', async () => {
    const served = await serve(t.publishableKey, shop);
    await api.gql(t.publishableKey, CLICK, { r: served.requestId, s: served.skus[4] });
    await flushAll();
    expect((await tracked(served.requestId)).map((r) => `${String(r['kind'])}:${String(r['sku'])}`)).toEqual([
      `IMPRESSION:${served.skus[4]}`,
      `CLICK:${served.skus[4]}`,
    ]);
  });

  it('refuses a sku the request did not show, naming it, and records nothing of the call', async () => {
    const served = await serve(t.publishableKey, shop);
    const notShown = themedSku(2, 19) === served.skus[0] ? themedSku(2, 18) : themedSku(2, 19);
    const click = await api.gql(t.publishableKey, CLICK, { r: served.requestId, s: notShown });
    expect(api.code(click)).toBe('BAD_USER_INPUT');
    expect(click.errors?.[0]?.message).toBe(
      `sku: "${notShown}" was not shown by request ${served.requestId}; nothing recorded`,
    );
    const mixed = await api.gql(t.publishableKey, IMPRESSIONS, { r: served.requestId, s: [served.skus[0], notShown] });
    expect(mixed.errors?.[0]?.message).toMatch(/^skus\[1\]: /);
    await flushAll();
    expect(await tracked(served.requestId)).toHaveLength(0);
  });

  it('answers NOT_FOUND for unknown, malformed and another tenant’s request ids', async () => {
    const foreign = await serve(other.publishableKey, otherShop);
    for (const id of [foreign.requestId, `${shop}.AAAAAAAAAAAAAAAAAAAAAA`, 'not-a-request-id']) {
      const r = await api.gql(t.publishableKey, IMPRESSIONS, { r: id, s: [foreign.skus[0] ?? 'x'] });
      expect(api.code(r)).toBe('NOT_FOUND');
      expect(r.errors?.[0]?.message).toBe(`request ${JSON.stringify(id)} not found`);
    }
    // The owner can still track it: nothing was recorded by the refused calls.
    expect(
      (await api.gql(other.publishableKey, CLICK, { r: foreign.requestId, s: foreign.skus[0] })).errors,
    ).toBeUndefined();
    await flushAll();
    expect(await tracked(foreign.requestId)).toHaveLength(2);
  });

  it('refuses anonymous and operator callers', async () => {
    const served = await serve(t.publishableKey, shop);
    expect(api.code(await api.gql(null, CLICK, { r: served.requestId, s: served.skus[0] }))).toBe('UNAUTHENTICATED');
    expect(api.code(await api.gql(TEST_OPERATOR_TOKEN, CLICK, { r: served.requestId, s: served.skus[0] }))).toBe(
      'FORBIDDEN',
    );
  });

  it('takes beacons: a publishable key in a text/plain body, a secret key refused', async () => {
    const served = await serve(t.publishableKey, shop, 'pdp-similar');
    const beacon = (body: unknown) =>
      fetch(`${api.url.replace(/\/graphql$/, '')}/v1/track`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    expect(
      (await beacon({ key: t.publishableKey, requestId: served.requestId, impressions: served.skus })).status,
    ).toBe(204);
    expect((await beacon({ key: t.publishableKey, requestId: served.requestId, click: served.skus[3] })).status).toBe(
      204,
    );
    const secret = await beacon({ key: t.secretKey, requestId: served.requestId, click: served.skus[3] });
    expect(secret.status).toBe(403);
    const both = await beacon({ key: t.publishableKey, requestId: served.requestId, click: 'a', impressions: [] });
    expect(both.status).toBe(400);
    expect(((await both.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(
      /^body: give exactly one/,
    );
    const foreign = await beacon({ key: other.publishableKey, requestId: served.requestId, click: served.skus[3] });
    expect(foreign.status).toBe(404);
    expect((await beacon('{not json')).status).toBe(400);
    await flushAll();
    const rows = await tracked(served.requestId);
    expect(rows.filter((r) => r['kind'] === 'IMPRESSION')).toHaveLength(5);
    expect(rows.filter((r) => r['kind'] === 'CLICK').map((r) => r['sku'])).toEqual([served.skus[3]]);
  });

  it('redelivers a batch whose reader died before acknowledging it, and counts it once', async () => {
    const served = await serve(t.publishableKey, shop);
    await api.gql(t.publishableKey, IMPRESSIONS, { r: served.requestId, s: served.skus });
    // A reader takes the batch and dies without acknowledging.
    const dying = new RedisTrackingOutbox(api.redis.redis, new KeySpace(api.redis.prefix), { consumer: 'dying' });
    const taken = await dying.read(100, 50);
    expect(taken?.events).toHaveLength(5);
    // Half of it had been stored before the crash.
    await new TrackingSqlRepository(api.database.db.sql).insert(taken?.events.slice(0, 2) ?? []);
    await dying.close();
    await new Promise((res) => setTimeout(res, 250));
    expect(await flushAll()).toBe(3);
    expect(await tracked(served.requestId)).toHaveLength(5);
  });
});

describe('experiment results', () => {
  it('finds a variant with a known higher click probability, with honest statistics', async () => {
    const create = await api.gql(t.secretKey, `mutation($i:CreateExperimentInput!){createExperiment(input:$i){id}}`, {
      i: {
        shopId: shop,
        name: 'knn vs item2vec',
        placement: 'home',
        variants: [
          { key: 'control', weight: 0.5, strategy: { algorithm: 'item2vec' } },
          { key: 'knn', weight: 0.5, strategy: { algorithm: 'item-knn' } },
        ],
      },
    });
    const id = create.data?.['createExperiment'].id as string;
    expect((await api.gql(t.secretKey, `mutation{startExperiment(id:"${id}"){status}}`)).errors).toBeUndefined();

    // Simulated shoppers: each sees 5 items; each shown item is clicked with 3% under control, 9% under knn.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const p: Record<string, number> = { control: 0.03, knn: 0.09 };
    for (let v = 0; v < 600; v++) {
      const served = await serve(t.publishableKey, shop, 'home', `user-${v}`);
      expect(['control', 'knn']).toContain(served.variant);
      await api.gql(t.publishableKey, IMPRESSIONS, { r: served.requestId, s: served.skus });
      for (const sku of served.skus) {
        if (random() < (p[served.variant ?? ''] ?? 0))
          await api.gql(t.publishableKey, CLICK, { r: served.requestId, s: sku });
      }
    }
    // The real worker's flusher moves the log into PostgreSQL.
    const flushing = startTestWorker(api, { trainerThreads: 1 });
    const RESULTS = `{experiment(id:"${id}"){results{key impressions clicks ctr ctrLow ctrHigh liftVsControl pValue fixedHorizonPValue} daily{variant date impressions clicks ctr ctrLow ctrHigh pValue}}}`;
    let results: any[] = [];
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        results = (await api.gql(t.secretKey, RESULTS)).data?.['experiment'].results;
        if (results.reduce((n: number, r: any) => n + r.impressions, 0) === 3000 || Date.now() > deadline) break;
        await new Promise((res) => setTimeout(res, 200));
      }
    } finally {
      await flushing.close();
    }
    const [control, knn] = results;
    expect(control.key).toBe('control');
    expect(knn.key).toBe('knn');
    expect(control.impressions + knn.impressions).toBe(3000);
    for (const r of results) {
      expect(r.ctr).toBeCloseTo(r.clicks / r.impressions, 12);
      expect(r.ctrLow).toBeLessThan(r.ctr);
      expect(r.ctrHigh).toBeGreaterThan(r.ctr);
    }
    expect(control.ctrLow).toBeLessThan(0.03);
    expect(control.ctrHigh).toBeGreaterThan(0.03);
    expect(knn.ctrLow).toBeLessThan(0.09);
    expect(knn.ctrHigh).toBeGreaterThan(0.09);
    expect(control.liftVsControl).toBeNull();
    expect(control.pValue).toBeNull();
    expect(knn.liftVsControl).toBeGreaterThan(0.8);
    expect(knn.pValue).toBeLessThan(0.01);
    expect(knn.fixedHorizonPValue).toBeLessThan(knn.pValue);
    const daily = (await api.gql(t.secretKey, RESULTS)).data?.['experiment'].daily;
    expect(daily.map((d: any) => d.variant)).toEqual(['control', 'knn']);
    expect(daily[1]).toMatchObject({ impressions: knn.impressions, clicks: knn.clicks, pValue: knn.pValue });
    // Another tenant sees neither the experiment nor its results.
    expect(api.code(await api.gql(other.secretKey, RESULTS))).toBe('NOT_FOUND');
  }, 120_000);
});
