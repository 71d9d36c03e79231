// Event-based baselines on the real API and worker: a shop with events and no trained model serves the best
// generator that needs no training (chosen on a validation period of its own events) from day one, popularity
// follows new events (debounced rebuilds), replaced files are removed, and an experiment's popularity arm is
// served from the baselines while the served pipeline comes from the model.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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

const SESSION = `query($s:ID!,$skus:[String!]!,$p:String,$u:String){sessionRecommendations(shopId:$s,session:{skus:$skus,userId:$u},first:5,placement:$p){modelVersionId variant items{reason item{sku}}}}`;

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((res) => setTimeout(res, 150));
  }
}

function views(
  sessionPrefix: string,
  sessions: string[][],
  start: number,
  every = 60_000,
): Array<Record<string, unknown>> {
  return sessions.flatMap((skus, s) =>
    skus.map((sku, k) => ({
      eventId: `${sessionPrefix}-${s}-${k}`,
      sessionId: `${sessionPrefix}-${s}`,
      type: 'VIEW',
      sku,
      occurredAt: new Date(start + s * every + k * 1_000).toISOString(),
    })),
  );
}

async function ingest(shop: string, events: Array<Record<string, unknown>>): Promise<void> {
  const r = await api.gql(
    t.secretKey,
    'mutation($s:ID!,$e:[EventInput!]!){ingestEvents(shopId:$s,events:$e){accepted}}',
    { s: shop, e: events },
  );
  expect(r.errors).toBeUndefined();
}

beforeAll(async () => {
  api = await startTestApi('baselines', { debounceMs: 300 });
  worker = startTestWorker(api, { trainerThreads: 1 });
  t = await createTenant(api, 'Baseline Group');
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('baselines from events', () => {
  it('serves a shop with no trained model from its events, and keeps popularity current', async () => {
    const shop = await createShop(api, t.secretKey, 'fresh');
    const items = ['a', 'b', 'c', 'x', 'y', 'z', 'hot'].map((sku) => ({ sku, title: `item ${sku}` }));
    await api.gql(t.secretKey, 'mutation($s:ID!,$i:[ItemInput!]!){upsertItems(shopId:$s,items:$i){upserted}}', {
      s: shop,
      i: items,
    });
    // Two groups that never meet over three weeks, a session every six hours: a-b-c and x-y-z, x the most viewed.
    // Co-occurrence predicts each group's next item; popularity does not, and validation shows it.
    const day0 = Date.UTC(2026, 5, 1);
    const groups = [
      ['a', 'b', 'c'],
      ['x', 'y', 'z'],
      ['x', 'z', 'y'],
      ['x', 'y'],
    ];
    const sessions = Array.from({ length: 84 }, (_, i) => groups[i % groups.length] ?? []);
    await ingest(shop, views('g', sessions, day0, 6 * 3_600_000));
    const list = await eventually(
      async () => (await api.gql(t.publishableKey, SESSION, { s: shop, skus: ['a'] })).data?.['sessionRecommendations'],
      (l) => l?.items.length > 0,
    );
    expect(list.modelVersionId).toBeNull();
    expect(
      list.items
        .slice(0, 2)
        .map((i: any) => i.item.sku)
        .sort(),
    ).toEqual(['b', 'c']);
    expect(list.items[0].reason).toMatch(
      /^(often bought together with items in this session|in sessions like this one) \((item|session)-knn.*\) \(from events\)$/,
    );
    const popular = async () =>
      (await api.gql(t.publishableKey, SESSION, { s: shop, skus: [] })).data?.['sessionRecommendations'].items.map(
        (i: any) => i.item.sku,
      );
    expect((await popular())[0]).toBe('x');

    // A month later 'hot' sells; popularity follows once the debounced rebuild has run.
    const hot = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? ['hot', 'a'] : ['hot']));
    await ingest(shop, views('h', hot, day0 + 30 * 86_400_000, 1_800_000));
    expect((await eventually(popular, (skus) => skus?.[0] === 'hot'))[0]).toBe('hot');
    // Only the current baseline's files are kept.
    const dir = join(api.artifactsDir, t.id, shop, 'baseline');
    expect(readdirSync(dir).filter((d) => d.startsWith('baseline-'))).toHaveLength(1);
  });

  it('serves an experiment’s popularity arm from the baselines and its served arm from the model', async () => {
    const shop = await createShop(api, t.secretKey, 'trained');
    await trainSmallShop(api, t.secretKey, shop);
    const created = await api.gql(t.secretKey, 'mutation($i:CreateExperimentInput!){createExperiment(input:$i){id}}', {
      i: {
        shopId: shop,
        name: 'popularity vs the served pipeline',
        placement: 'cart-next',
        variants: [
          { key: 'control', weight: 0.5, strategy: { algorithm: 'served' } },
          { key: 'popular', weight: 0.5, strategy: { algorithm: 'popularity' } },
        ],
      },
    });
    const id = created.data?.['createExperiment'].id as string;
    // Starting it builds the baselines at once (the shop's events came before the debounce was relevant).
    expect((await api.gql(t.secretKey, `mutation{startExperiment(id:"${id}"){status}}`)).errors).toBeUndefined();
    const seen = new Map<string, any>();
    for (let v = 0; v < 40 && seen.size < 2; v++) {
      const list = await eventually(
        async () =>
          (await api.gql(t.publishableKey, SESSION, { s: shop, skus: [themedSku(1, 3)], p: 'cart-next', u: `u${v}` }))
            .data?.['sessionRecommendations'],
        (l) => l?.variant !== 'popular' || l.modelVersionId === null,
      );
      seen.set(list.variant, list);
    }
    expect(seen.get('popular')?.modelVersionId).toBeNull();
    expect(seen.get('popular')?.items[0].reason).toBe('popular in this shop (experiment strategy) (from events)');
    expect(seen.get('control')?.modelVersionId).toMatch(/^[0-9a-f-]{36}$/);
  }, 180_000);
});
