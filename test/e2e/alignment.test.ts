// Brand-group alignment on the real API and worker: startAlignment as a job with progress, a versioned
// alignment activated for its shops, twins and cross-shop recommendations, a shop placed from its catalog
// alone (cold start), staleness after a retraining, and tenancy. Shops: the small themed shop and a sister
// shop selling the same products under other skus with its own sessions (packages/testing/src/trained-shop.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createShop,
  createTenant,
  smallCatalog,
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
let uk: string;
let eu: string;
let fresh: string;
let otherShop: string;

const START = `mutation($s:[ID!]!){startAlignment(shopIds:$s){id status progress}}`;
const RUN = `query($id:ID!){alignmentRun(id:$id){id status progress error metrics createdAt alignmentId shops{id}}}`;
const TWINS = `query($s:ID!,$sku:String!,$to:ID!){twins(shopId:$s,sku:$sku,toShopId:$to,first:3){requestId items{score reason item{sku shopId title}}}}`;
const CROSS = `query($f:ID!,$to:ID!,$skus:[String!]!){crossShopRecommendations(fromShopId:$f,toShopId:$to,session:{skus:$skus},first:5){requestId items{score reason item{sku shopId}}}}`;

async function align(shopIds: string[]): Promise<any> {
  const started = await api.gql(t.secretKey, START, { s: shopIds });
  expect(started.errors).toBeUndefined();
  const id = started.data?.['startAlignment'].id as string;
  const progress: number[] = [];
  const deadline = Date.now() + 120_000;
  for (;;) {
    const run = (await api.gql(t.secretKey, RUN, { id })).data?.['alignmentRun'];
    progress.push(run.progress);
    if (['SUCCEEDED', 'FAILED'].includes(run.status) || Date.now() > deadline) return { ...run, seen: progress };
    await new Promise((res) => setTimeout(res, 100));
  }
}

beforeAll(async () => {
  api = await startTestApi('alignment');
  worker = startTestWorker(api, { trainerThreads: 1 });
  t = await createTenant(api, 'Aligned Group');
  other = await createTenant(api, 'Other Group');
  [uk, eu, fresh] = (await Promise.all(['uk', 'eu', 'fresh'].map((h) => createShop(api, t.secretKey, h)))) as [
    string,
    string,
    string,
  ];
  otherShop = await createShop(api, other.secretKey, 'uk');
  await trainSmallShop(api, t.secretKey, uk);
  await trainSmallShop(api, t.secretKey, eu, { skuPrefix: 'eu-', sessionOffset: 3, seed: 11 });
  // A new shop with a catalog and no sessions: aligned from its features.
  const up = await api.gql(
    t.secretKey,
    'mutation($s:ID!,$i:[ItemInput!]!){upsertItems(shopId:$s,items:$i){upserted}}',
    {
      s: fresh,
      i: smallCatalog('new-'),
    },
  );
  expect(up.errors).toBeUndefined();
}, 240_000);
afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('alignment', () => {
  it('refuses bad shop lists naming the field, and another tenant’s shop as NOT_FOUND, queueing nothing', async () => {
    expect((await api.gql(t.secretKey, START, { s: [uk] })).errors?.[0]?.message).toBe(
      'shopIds: give 2 to 20 shops of the brand group',
    );
    expect((await api.gql(t.secretKey, START, { s: [uk, uk] })).errors?.[0]?.message).toBe(
      'shopIds: names a shop twice',
    );
    expect(api.code(await api.gql(t.secretKey, START, { s: [uk, otherShop] }))).toBe('NOT_FOUND');
    expect(api.code(await api.gql(other.secretKey, START, { s: [uk, otherShop] }))).toBe('NOT_FOUND');
    expect(api.code(await api.gql(t.publishableKey, START, { s: [uk, eu] }))).toBe('FORBIDDEN');
    expect((await api.gql(t.secretKey, '{alignmentRuns{id}}')).data?.['alignmentRuns']).toEqual([]);
    // Not aligned yet: the API says so.
    const twins = await api.gql(t.publishableKey, TWINS, { s: uk, sku: themedSku(0, 1), to: eu });
    expect(api.code(twins)).toBe('CONFLICT');
    expect(twins.errors?.[0]?.message).toMatch(/are not aligned together yet: run startAlignment/);
  });

  it('aligns three shops in a job with progress, and activates the alignment for all of them', async () => {
    const run = await align([uk, eu, fresh]);
    expect(run.error).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.progress).toBe(1);
    expect(run.seen.some((p: number) => p > 0 && p < 1)).toBe(true);
    expect(run.shops.map((s: any) => s.id)).toEqual([uk, eu, fresh]);
    expect(run.alignmentId).toMatch(/^[0-9a-f-]{36}$/);
    const steps = run.metrics.steps as Array<{ phase: string; anchors: number; meanCsls: number }>;
    expect(steps.length).toBeGreaterThan(0);
    expect(steps[0]?.anchors).toBeGreaterThan(20);
    expect(run.metrics.shops.find((s: any) => s.shopId === fresh)).toMatchObject({
      coldStart: true,
      placedFromFeatures: 60,
    });
    const runs = (await api.gql(t.secretKey, '{alignmentRuns{id}}')).data?.['alignmentRuns'];
    expect(runs.map((r: any) => r.id)).toEqual([run.id]);
  }, 150_000);

  it('finds each product’s twin in the sister shop, and in the shop placed from its catalog', async () => {
    let hits = 0;
    const probes = [0, 1, 2].flatMap((theme) => [0, 7, 13].map((i) => themedSku(theme, i)));
    for (const sku of probes) {
      const r = await api.gql(t.publishableKey, TWINS, { s: uk, sku, to: eu });
      expect(r.errors).toBeUndefined();
      const first = r.data?.['twins'].items[0];
      expect(first.item.shopId).toBe(eu);
      if (first.item.sku === `eu-${sku}`) hits++;
    }
    expect(hits / probes.length).toBeGreaterThanOrEqual(0.9);
    const cold = await api.gql(t.publishableKey, TWINS, { s: uk, sku: themedSku(2, 5), to: fresh });
    expect(cold.data?.['twins'].items[0].item.sku).toBe(`new-${themedSku(2, 5)}`);
    expect(cold.data?.['twins'].items[0].reason).toMatch(/^twin of card-05/);
  });

  it('recommends items of another shop for a session, in the session’s theme', async () => {
    const session = [themedSku(1, 2), themedSku(1, 4), themedSku(1, 6)];
    for (const to of [eu, fresh]) {
      const r = await api.gql(t.publishableKey, CROSS, { f: uk, to, skus: session });
      expect(r.errors).toBeUndefined();
      const items = r.data?.['crossShopRecommendations'].items as Array<{ item: { sku: string; shopId: string } }>;
      expect(items).toHaveLength(5);
      expect(items.every((i) => i.item.shopId === to)).toBe(true);
      expect(items.filter((i) => /lamp/.test(i.item.sku)).length).toBeGreaterThanOrEqual(4);
    }
    // Another tenant can neither query across these shops nor read the run.
    expect(api.code(await api.gql(other.publishableKey, CROSS, { f: uk, to: eu, skus: session }))).toBe('NOT_FOUND');
    expect(api.code(await api.gql(t.publishableKey, CROSS, { f: uk, to: otherShop, skus: session }))).toBe('NOT_FOUND');
  });

  it('personalises autocomplete in one shop from a session in its sister shop, through the alignment', async () => {
    const AC = `query($s:ID!,$skus:[String!]!){autocomplete(shopId:$s,prefix:"number",session:{skus:$skus},first:8){personalized items{item{sku}}}}`;
    const ask = async (skus: string[]) => {
      for (let i = 0; i < 100; i++) {
        const r = await api.gql(t.publishableKey, AC, { s: eu, skus });
        if (r.data?.['autocomplete']?.items.length > 0) return r.data?.['autocomplete'];
        await new Promise((res) => setTimeout(res, 200)); // the query model is built after training
      }
      throw new Error('no autocomplete answer');
    };
    const lamps = await ask([themedSku(1, 2), themedSku(1, 4), themedSku(1, 6)]);
    expect(lamps.personalized).toBe(true);
    const top = (lamps.items as Array<{ item: { sku: string } }>).slice(0, 3).map((i) => i.item.sku);
    expect(top.every((sku) => sku.startsWith('eu-lamp-'))).toBe(true);
    const cards = await ask([themedSku(2, 2), themedSku(2, 4), themedSku(2, 6)]);
    expect(
      (cards.items as Array<{ item: { sku: string } }>).slice(0, 3).every((i) => i.item.sku.startsWith('eu-card-')),
    ).toBe(true);
  });

  it('says the alignment is stale once a shop has another active model, until it is aligned again', async () => {
    const started = await api.gql(
      t.secretKey,
      'mutation($s:ID!){startTraining(shopId:$s,config:{dimensions:16,epochs:3,seed:99,minCount:1}){id}}',
      {
        s: eu,
      },
    );
    const runId = started.data?.['startTraining'].id as string;
    let model: { id: string } | null = null;
    for (let i = 0; i < 600 && !model; i++) {
      const r = await api.gql(t.secretKey, `{trainingRun(id:"${runId}"){status modelVersion{id}}}`);
      if (r.data?.['trainingRun'].status === 'SUCCEEDED') model = r.data['trainingRun'].modelVersion;
      else await new Promise((res) => setTimeout(res, 200));
    }
    expect(model).not.toBeNull();
    await api.gql(t.secretKey, `mutation{activateModel(modelVersionId:"${model?.id}"){id}}`);
    // Each API process swaps to the new model once it has loaded it; from then on the old map is refused.
    let stale = await api.gql(t.publishableKey, TWINS, { s: uk, sku: themedSku(0, 1), to: eu });
    for (let i = 0; i < 100 && api.code(stale) !== 'CONFLICT'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      stale = await api.gql(t.publishableKey, TWINS, { s: uk, sku: themedSku(0, 1), to: eu });
    }
    expect(api.code(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.message).toMatch(new RegExp(`is stale: shop ${eu} has another active model`));
    // The untouched pair still answers.
    expect((await api.gql(t.publishableKey, TWINS, { s: uk, sku: themedSku(0, 1), to: fresh })).errors).toBeUndefined();
    const again = await align([uk, eu]);
    expect(again.status).toBe('SUCCEEDED');
    // API processes hear of the new alignment on the change feed (and re-read it within 5 s at the latest).
    let answer = await api.gql(t.publishableKey, TWINS, { s: uk, sku: themedSku(0, 1), to: eu });
    for (let i = 0; i < 100 && answer.errors; i++) {
      await new Promise((res) => setTimeout(res, 100));
      answer = await api.gql(t.publishableKey, TWINS, { s: uk, sku: themedSku(0, 1), to: eu });
    }
    expect(answer.errors).toBeUndefined();
  }, 150_000);
});
