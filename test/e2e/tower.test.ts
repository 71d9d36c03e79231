// The feature tower end to end: a shop trained through GraphQL and the real worker holds a tower; an item
// upserted afterwards answers similarItems from its catalog fields (no retraining), a session ending on it too;
// another tenant's key gets NOT_FOUND, and a deactivated item leaves the answers. A planted catalog: six groups
// of items whose titles share their group's word, bought within their group.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createShop,
  createTenant,
  startTestApi,
  startTestWorker,
  type TenantFixture,
  type TestApi,
} from '@shopspace/testing';
import type { ComposedWorker } from '@shopspace/worker';

const GROUPS = ['lantern', 'teapot', 'cushion', 'candle', 'mirror', 'basket'];
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const UPSERT = `mutation($s:ID!,$i:[ItemInput!]!){upsertItems(shopId:$s,items:$i){upserted errors{index field message}}}`;
const SIMILAR = `query($s:ID!,$sku:String!){similarItems(shopId:$s,sku:$sku,first:5){modelVersionId items{reason item{sku}}}}`;
const SESSION = `query($s:ID!,$skus:[String!]!){sessionRecommendations(shopId:$s,session:{skus:$skus},first:5){items{reason item{sku}}}}`;

let api: TestApi;
let worker: ComposedWorker;
let t: TenantFixture;
let other: TenantFixture;
let shop: string;

const groupOf = (sku: string): string => sku.replace(/^NEW-/, '').split('-')[0] ?? '';
// A small linear congruential generator: the same events every run.
let state = 11;
const next = (n: number): number => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);

beforeAll(async () => {
  api = await startTestApi('tower');
  worker = startTestWorker(api, { trainerThreads: 1 });
  t = await createTenant(api, 'Tower Group');
  other = await createTenant(api, 'Other Tower Group');
  shop = await createShop(api, t.secretKey, 'home');
  const items = GROUPS.flatMap((g) =>
    Array.from({ length: 10 }, (_, i) => ({
      sku: `${g}-${i}`,
      title: `${g} ${['red', 'blue', 'green', 'white'][i % 4]} ${g}s model ${i}`,
      category: ['home', g],
      price: 5 + i,
    })),
  );
  const up = await api.gql(t.secretKey, UPSERT, { s: shop, i: items });
  expect(up.data?.['upsertItems']).toEqual({ upserted: 60, errors: [] });
  const events: object[] = [];
  for (let s = 0; s < 1200; s++) {
    const g = GROUPS[next(GROUPS.length)] ?? '';
    const skus = new Set<string>();
    const length = 3 + next(3);
    while (skus.size < length) skus.add(`${g}-${next(10)}`);
    const at = START + (s / 1200) * 120 * DAY;
    [...skus].forEach((sku, j) =>
      events.push({
        eventId: `e-${s}-${j}`,
        sessionId: `s-${s}`,
        type: 'VIEW',
        sku,
        occurredAt: new Date(at + j * 60_000).toISOString(),
      }),
    );
  }
  const ingest = await api.gql(
    t.secretKey,
    `mutation($s:ID!,$e:[EventInput!]!){ingestEvents(shopId:$s,events:$e){accepted errors{index field message}}}`,
    { s: shop, e: events },
  );
  expect(ingest.data?.['ingestEvents'].errors).toEqual([]);
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await api?.close();
});

async function waitFor<T>(what: string, probe: () => Promise<T | null>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe('the feature tower end to end', () => {
  let modelId: string;

  it('trains the tower with the shop and reports warm and cold cases apart', async () => {
    const start = await api.gql(
      t.secretKey,
      'mutation($s:ID!,$c:TrainConfigInput){startTraining(shopId:$s,config:$c){id}}',
      {
        s: shop,
        c: { epochs: 3, dimensions: 16, towerExamples: 30_000, testFrom: new Date(START + 100 * DAY).toISOString() },
      },
    );
    expect(start.errors).toBeUndefined();
    const id = start.data?.['startTraining'].id as string;
    const run = await waitFor('the training run', async () => {
      const r = await api.gql(t.secretKey, `{trainingRun(id:"${id}"){status error metrics modelVersion{id active}}}`);
      const x = r.data?.['trainingRun'];
      return x && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(x.status) ? x : null;
    });
    expect(run.error).toBeNull();
    expect(run.modelVersion.active).toBe(true);
    modelId = run.modelVersion.id;
    expect(Object.keys(run.metrics.generators)).toContain('tower(decay=0.2)');
    for (const part of ['tower', 'servedWithTower', 'servedWithoutTower'])
      for (const segment of ['all', 'warm', 'coldTarget', 'coldContext'])
        expect(run.metrics.coldWarm[part][segment]).toHaveProperty('hr@10');
    expect(run.metrics.coldWarm.tower.warm.cases).toBeGreaterThan(0);
  }, 120_000);

  it('answers similarItems for an item upserted after training from its features, its tenant only', async () => {
    const before = await api.gql(t.publishableKey, SIMILAR, { s: shop, sku: 'NEW-teapot-1' });
    expect(before.data?.['similarItems'].items[0].reason).toMatch(/^popular: the model does not know/);
    const up = await api.gql(t.secretKey, UPSERT, {
      s: shop,
      i: [{ sku: 'NEW-teapot-1', title: 'teapot white teapots model 99', category: ['home', 'teapot'], price: 9 }],
    });
    expect(up.data?.['upsertItems']).toEqual({ upserted: 1, errors: [] });
    // The API that took the upsert embedded it before answering: the very next question is answered from it.
    const list = (await api.gql(t.publishableKey, SIMILAR, { s: shop, sku: 'NEW-teapot-1' })).data?.['similarItems'];
    expect(list.modelVersionId).toBe(modelId);
    expect(list.items).toHaveLength(5);
    expect(list.items[0].reason).toBe('similar to NEW-teapot-1 (from its features)');
    // Its planted group, not the shop's popular items: the title decides.
    const skus = list.items.map((i: { item: { sku: string } }) => i.item.sku);
    expect(skus.filter((s: string) => groupOf(s) === 'teapot').length).toBeGreaterThanOrEqual(4);
    expect(skus).not.toContain('NEW-teapot-1');
    // A session ending on the new item is answered from the features too.
    const session = await api.gql(t.publishableKey, SESSION, { s: shop, skus: ['candle-1', 'NEW-teapot-1'] });
    const recs = session.data?.['sessionRecommendations'].items;
    expect(recs[0].reason).toMatch(/from its features/);
    expect(
      recs.filter((r: { item: { sku: string } }) => groupOf(r.item.sku) === 'teapot').length,
    ).toBeGreaterThanOrEqual(3);
    // Another tenant's key: the shop does not exist for it.
    const foreign = await api.gql(other.publishableKey, SIMILAR, { s: shop, sku: 'NEW-teapot-1' });
    expect(api.code(foreign)).toBe('NOT_FOUND');
  }, 60_000);

  it('lets a second new item be found by similarItems of the first, and drops it once deactivated', async () => {
    const up = await api.gql(t.secretKey, UPSERT, {
      s: shop,
      i: [{ sku: 'NEW-teapot-2', title: 'teapot red teapots model 98', category: ['home', 'teapot'], price: 8 }],
    });
    expect(up.data?.['upsertItems'].upserted).toBe(1);
    const similarOf = async (sku: string, first = 20) =>
      (await api.gql(t.publishableKey, SIMILAR.replace('first:5', `first:${first}`), { s: shop, sku })).data?.[
        'similarItems'
      ].items.map((i: { item: { sku: string } }) => i.item.sku) as string[];
    await waitFor('the second new item among the first one similar items', async () =>
      (await similarOf('NEW-teapot-1')).includes('NEW-teapot-2') ? true : null,
    );
    await api.gql(t.secretKey, `mutation{deactivateItems(shopId:"${shop}",skus:["NEW-teapot-2"])}`);
    await waitFor('the deactivated item to leave the answers', async () =>
      (await similarOf('NEW-teapot-1')).includes('NEW-teapot-2') ? null : true,
    );
    expect(await similarOf('NEW-teapot-1')).not.toContain('NEW-teapot-2');
  }, 60_000);

  it('serves the tower alone as an experiment strategy, in its own words', async () => {
    const create = await api.gql(t.secretKey, `mutation($i:CreateExperimentInput!){createExperiment(input:$i){id}}`, {
      i: {
        shopId: shop,
        name: 'tower alone',
        placement: 'tower-pin',
        variants: [
          { key: 'control', weight: 0.5, strategy: { algorithm: 'served' } },
          { key: 'tower', weight: 0.5, strategy: { algorithm: 'tower' } },
        ],
      },
    });
    expect(create.errors).toBeUndefined();
    const id = create.data?.['createExperiment'].id as string;
    await api.gql(t.secretKey, `mutation{startExperiment(id:"${id}"){status}}`);
    const q = `query($s:ID!,$sid:String){sessionRecommendations(shopId:$s,session:{sessionId:$sid,skus:["mirror-1","mirror-2"]},first:5,placement:"tower-pin"){variant items{reason item{sku}}}}`;
    const answer = await waitFor('a visitor in the tower variant', async () => {
      for (let v = 0; v < 40; v++) {
        const r = (await api.gql(t.publishableKey, q, { s: shop, sid: `visitor-${v}` })).data?.[
          'sessionRecommendations'
        ];
        if (r?.variant === 'tower') return r;
      }
      return null;
    });
    expect(answer.items).toHaveLength(5);
    for (const item of answer.items) {
      expect(item.reason).toMatch(/^similar to the items in this session from their features \(tower\(decay=/);
      expect(item.reason).not.toMatch(/has no/);
    }
  });
});
