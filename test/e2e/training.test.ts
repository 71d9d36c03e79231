// GraphQL startTraining → BullMQ → the real worker → SUCCEEDED → sessionRecommendations from the shop's model,
// on a slice of the Online Retail uk invoices (Chen, Sain & Guo, 2012, UCI, CC BY 4.0).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  createShop,
  createTenant,
  startTestApi,
  startTestWorker,
  type TenantFixture,
  type TestApi,
} from '@shopspace/testing';
import type { ComposedWorker } from '@shopspace/worker';

const RETAIL = new URL('../../data/online-retail/online-retail.csv.gz', import.meta.url);
const SLICE = gunzipSync(readFileSync(RETAIL)).toString('utf8').split('\n').slice(0, 60_001).join('\n') + '\n';

let api: TestApi;
let worker: ComposedWorker;
let t: TenantFixture;
let other: TenantFixture;
let shop: string;
let emptyShop: string;

async function waitForRun(id: string, ms = 280_000): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await api.gql(
      t.secretKey,
      `{trainingRun(id:"${id}"){id status progress error attempts metrics modelVersion{id active itemCount dimensions}}}`,
    );
    const run = r.data?.['trainingRun'];
    if (run && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${JSON.stringify(run)}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

beforeAll(async () => {
  api = await startTestApi('training');
  // One trainer thread: with a fixed seed the run is deterministic, so the figures below are too.
  worker = startTestWorker(api, { trainerThreads: 1 });
  t = await createTenant(api, 'Training Group');
  other = await createTenant(api, 'Other Group');
  shop = await createShop(api, t.secretKey, 'uk');
  emptyShop = await createShop(api, t.secretKey, 'empty');
  const where = { preset: 'online-retail', where: 'Country=United Kingdom' };
  const items = await api.upload(t.secretKey, shop, 'items', SLICE, where);
  expect(items.body.message ?? null).toBeNull();
  expect(items.body.status).toBe('SUCCEEDED');
  expect((await api.upload(t.secretKey, shop, 'events', SLICE, where)).body.status).toBe('SUCCEEDED');
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
});

const START = 'mutation($s:ID!,$c:TrainConfigInput){startTraining(shopId:$s,config:$c){id status config}}';
const SESSION = `query($s:ID!,$skus:[String!]!,$f:ItemFilter){sessionRecommendations(shopId:$s,session:{skus:$skus},first:10,filter:$f){requestId modelVersionId variant items{score reason item{sku shopId title active}}}}`;

describe('training end to end', () => {
  let runId: string;
  let modelId: string;

  it('queues one run however often startTraining is called, and refuses a bad config naming the field', async () => {
    const bad = await api.gql(t.secretKey, START, { s: shop, c: { dimensions: 0 } });
    expect(api.code(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/^config\.dimensions:/);
    const [a, b] = await Promise.all([
      api.gql(t.secretKey, START, { s: shop, c: { epochs: 20, seed: 7, towerExamples: 20_000 } }),
      api.gql(t.secretKey, START, { s: shop, c: { epochs: 20, seed: 7, towerExamples: 20_000 } }),
    ]);
    runId = a.data?.['startTraining'].id;
    expect(b.data?.['startTraining'].id).toBe(runId);
    expect(a.data?.['startTraining'].config).toMatchObject({
      algorithm: 'item2vec-cbow',
      dimensions: 64,
      epochs: 20,
      seed: 7,
    });
  });

  it('trains in the worker, evaluates against the baselines, and activates the first model', async () => {
    const run = await waitForRun(runId);
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ status: 'SUCCEEDED', progress: 1, attempts: 1 });
    expect(run.modelVersion).toMatchObject({ active: true, dimensions: 64 });
    expect(run.modelVersion.itemCount).toBeGreaterThan(1_000);
    const m = run.metrics;
    for (const part of [m.served, m.item2vec, m.baselines.popularity, m.baselines.itemKnn]) {
      expect(part['hr@10']).toBeGreaterThanOrEqual(0);
      expect(part['hr@10']).toBeLessThanOrEqual(1);
    }
    // Every candidate is measured on the test split, and the choice says in words what is served and why.
    expect(Object.keys(m.generators)).toEqual(
      expect.arrayContaining([
        'popularity',
        'item-knn(decay=1)',
        expect.stringMatching(/^session-knn/),
        expect.stringMatching(/^item2vec/),
      ]),
    );
    expect(['ranker', 'generator']).toContain(m.choice.kind);
    expect(m.choice.summary).toMatch(/NDCG@10 .*on validation/);
    expect(m.choice.validation.cases).toBeGreaterThan(0);
    expect(m.cases).toBeGreaterThan(50);
    // Every held-out session is either a case or skipped (its target or whole context unseen in training).
    expect(m.cases + m.skipped).toBe(m.split.testSessions);
    expect(m.servedTrainedOn).toBe('all sessions');
    // Quality itself is measured on the full protocol by the benchmark, not on this small slice.
    modelId = run.modelVersion.id;
    const shopModel = await api.gql(t.secretKey, `{shop(id:"${shop}"){activeModel{id}}}`);
    expect(shopModel.data?.['shop'].activeModel.id).toBe(modelId);
    // The chooser fits every generator and the ranker twice (validation, then all sessions) on a shared machine.
  }, 300_000);

  it('recommends next items of that shop only, for a real basket, with a publishable key', async () => {
    const basket = ['85123A', '71053', '84406B'];
    const r = await api.gql(t.publishableKey, SESSION, { s: shop, skus: basket });
    expect(r.errors).toBeUndefined();
    const list = r.data?.['sessionRecommendations'];
    expect(list.requestId).toMatch(new RegExp(`^${shop}\\.[A-Za-z0-9_-]{22}$`));
    expect(list.modelVersionId).toBe(modelId);
    expect(list.variant).toBeNull();
    expect(list.items).toHaveLength(10);
    for (const rec of list.items) {
      expect(rec.item.shopId).toBe(shop);
      expect(rec.item.active).toBe(true);
      expect(basket).not.toContain(rec.item.sku);
      // Each item says which generators proposed it (their names in parentheses).
      expect(rec.reason).toMatch(/\((item-knn|session-knn|item2vec|popularity|user-history|tower)[^)]*\)/);
    }
    const scores = list.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('applies filters and never returns a deactivated item', async () => {
    const basket = ['85123A', '71053'];
    const first = (await api.gql(t.publishableKey, SESSION, { s: shop, skus: basket })).data?.['sessionRecommendations']
      .items;
    const top = first[0].item.sku as string;
    const excluded = await api.gql(t.publishableKey, SESSION, {
      s: shop,
      skus: basket,
      f: { excludeSkus: [top], maxPrice: 5 },
    });
    for (const rec of excluded.data!['sessionRecommendations'].items) {
      expect(rec.item.sku).not.toBe(top);
    }
    await api.gql(t.secretKey, `mutation{deactivateItems(shopId:"${shop}",skus:["${top}"])}`);
    const deadline = Date.now() + 10_000;
    let skus: string[] = [top];
    while (skus.includes(top) && Date.now() < deadline) {
      const r = await api.gql(t.publishableKey, SESSION, { s: shop, skus: basket });
      skus = r.data?.['sessionRecommendations'].items.map((i: { item: { sku: string } }) => i.item.sku);
      if (skus.includes(top)) await new Promise((res) => setTimeout(res, 100));
    }
    expect(skus).not.toContain(top);
  });

  it('answers similar items from the index, and falls back to popularity for an unknown session, saying so', async () => {
    const similar = await api.gql(
      t.publishableKey,
      `{similarItems(shopId:"${shop}",sku:"85123A",first:5){modelVersionId items{item{sku} score reason}}}`,
    );
    const items = similar.data?.['similarItems'].items;
    expect(items).toHaveLength(5);
    expect(items.map((i: { item: { sku: string } }) => i.item.sku)).not.toContain('85123A');
    expect(items[0].reason).toBe('similar to 85123A (item2vec cosine)');
    const unknown = await api.gql(t.publishableKey, SESSION, { s: shop, skus: ['NOPE-1'] });
    const recs = unknown.data?.['sessionRecommendations'].items;
    expect(recs.length).toBeGreaterThan(0);
    expect(recs[0].reason).toBe('popular: the model knows no item of the session');
  });

  it('serves a running experiment’s variants: sticky per visitor, the control without an identity', async () => {
    const create = await api.gql(t.secretKey, `mutation($i:CreateExperimentInput!){createExperiment(input:$i){id}}`, {
      i: {
        shopId: shop,
        name: 'popularity vs item-kNN',
        placement: 'cart-next',
        variants: [
          { key: 'control', weight: 0.5, strategy: { algorithm: 'popularity' } },
          { key: 'knn', weight: 0.5, strategy: { algorithm: 'item-knn' } },
        ],
      },
    });
    const id = create.data?.['createExperiment'].id;
    await api.gql(t.secretKey, `mutation{startExperiment(id:"${id}"){status}}`);
    const ask = async (sessionId: string | null) => {
      const q = `query($s:ID!,$sid:String){sessionRecommendations(shopId:$s,session:{sessionId:$sid,skus:["85123A","71053"]},first:5,placement:"cart-next"){variant items{reason item{sku}}}}`;
      return (await api.gql(t.publishableKey, q, { s: shop, sid: sessionId })).data?.['sessionRecommendations'];
    };
    const seen = new Map<string, string>();
    for (let i = 0; i < 40; i++) {
      const r = await ask(`visitor-${i}`);
      seen.set(`visitor-${i}`, r.variant);
      expect(r.items.length).toBeGreaterThan(0);
      expect(r.items[0].reason).toMatch(
        r.variant === 'control'
          ? /^popular in this shop \(experiment strategy\)/
          : /^often bought together with items in this session \(item-knn/,
      );
    }
    const counts = [...seen.values()].reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());
    expect(counts.get('control')).toBeGreaterThan(5);
    expect(counts.get('knn')).toBeGreaterThan(5);
    for (const [visitor, variant] of [...seen].slice(0, 5)) expect((await ask(visitor)).variant).toBe(variant);
    expect((await ask(null)).variant).toBe('control');
    // Without the placement, no experiment applies.
    const plain = await api.gql(t.publishableKey, SESSION, { s: shop, skus: ['85123A'] });
    expect(plain.data?.['sessionRecommendations'].variant).toBeNull();
  });

  it('lets an experiment pin each generator or the ranker, each answering in its own words', async () => {
    const strategies = ['served', 'ranker', 'item2vec', 'item-knn', 'session-knn', 'popularity', 'user-history'];
    const expected: Record<string, RegExp> = {
      item2vec: /^similar to the items in this session \(item2vec/,
      'item-knn': /^often bought together with items in this session \(item-knn/,
      'session-knn': /^in sessions like this one \(session-knn/,
      popularity: /^popular in this shop \(experiment strategy\)/,
      'user-history': /^bought before by this shopper \(user-history/,
      // The ranker names every generator that proposed the item.
      ranker: /\((item-knn|session-knn|item2vec|popularity|user-history)\(.*\), (item-knn|session-knn|item2vec)/,
    };
    const create = await api.gql(t.secretKey, `mutation($i:CreateExperimentInput!){createExperiment(input:$i){id}}`, {
      i: {
        shopId: shop,
        name: 'every strategy',
        placement: 'pin-all',
        variants: strategies.map((s) => ({ key: s, weight: 1 / strategies.length, strategy: { algorithm: s } })),
      },
    });
    expect(create.errors).toBeUndefined();
    const id = create.data?.['createExperiment'].id;
    await api.gql(t.secretKey, `mutation{startExperiment(id:"${id}"){status}}`);
    // Shoppers of the slice with their own history: user-history needs one, the rest ignore it.
    const customers = [
      ...new Set(
        SLICE.split('\n')
          .map((line) => line.split(','))
          .filter((f) => f.at(-1) === 'United Kingdom' && f.at(-2))
          .map((f) => String(f.at(-2)).replace(/\.0$/, '')),
      ),
    ];
    const q = `query($s:ID!,$u:String){sessionRecommendations(shopId:$s,session:{userId:$u,skus:["85123A","71053"]},first:5,placement:"pin-all"){variant items{reason item{sku}}}}`;
    const answered = new Map<string, string[]>();
    for (const user of customers) {
      if (answered.size === strategies.length) break;
      const r = (await api.gql(t.publishableKey, q, { s: shop, u: user })).data?.['sessionRecommendations'];
      if (answered.has(r.variant)) continue;
      expect(r.items).toHaveLength(5);
      const reasons: string[] = r.items.map((i: { reason: string }) => i.reason);
      // No variant falls back to another pipeline: the bundle holds each family and the ranker.
      for (const reason of reasons) expect(reason).not.toMatch(/has no/);
      answered.set(r.variant, reasons);
    }
    expect([...answered.keys()].sort()).toEqual([...strategies].sort());
    for (const [variant, reasons] of answered) {
      const pattern = expected[variant];
      // A shopper's own history may be shorter than the list: the rest is filled with popular items.
      if (pattern)
        expect(
          reasons.some((r) => pattern.test(r)),
          `${variant}: ${reasons.join(' | ')}`,
        ).toBe(true);
    }
    await api.gql(t.secretKey, `mutation{stopExperiment(id:"${id}"){status}}`);
  });

  it('serves nothing from a shop without a model, and hides another tenant’s shop', async () => {
    const none = await api.gql(t.publishableKey, SESSION, { s: emptyShop, skus: ['85123A'] });
    expect(none.data?.['sessionRecommendations']).toMatchObject({ items: [], modelVersionId: null });
    const foreign = await api.gql(other.publishableKey, SESSION, { s: shop, skus: ['85123A'] });
    expect(api.code(foreign)).toBe('NOT_FOUND');
    const run = await api.gql(other.secretKey, `{trainingRun(id:"${runId}"){id}}`);
    expect(api.code(run)).toBe('NOT_FOUND');
  });

  it('lists model versions and maps a version’s items to 2-D for the console, to its own tenant only', async () => {
    const q = `query($s:ID!){modelVersions(shopId:$s){id active projection(limit:300){modelVersionId method points{sku title category x y}}}}`;
    const r = await api.gql(t.secretKey, q, { s: shop });
    expect(r.errors).toBeUndefined();
    const [latest] = r.data?.['modelVersions'] ?? [];
    expect(latest.active).toBe(true);
    const map = latest.projection;
    expect(map.modelVersionId).toBe(latest.id);
    // The worker stored a t-SNE layout with the model; the map serves it.
    expect(map.method).toMatch(/^t-SNE \(perplexity 30\) of the \d+ most frequent items$/);
    expect(map.points).toHaveLength(300);
    // The most popular uk item of the slice comes first, with its catalog title and derived category.
    expect(map.points[0]).toMatchObject({
      sku: '85123A',
      title: 'WHITE HANGING HEART T-LIGHT HOLDER',
      category: 'candles & holders',
    });
    // Items bought together sit together, and those are often of a kind: a point's nearest neighbour on the
    // map shares its category more often than two points drawn at random do.
    const pts = map.points as Array<{ x: number; y: number; category: string }>;
    const nearest = pts.map((p, i) => {
      let best = -1;
      for (let j = 0; j < pts.length; j++) {
        const q = pts[j];
        const b = pts[best];
        if (j !== i && q && (!b || Math.hypot(q.x - p.x, q.y - p.y) < Math.hypot(b.x - p.x, b.y - p.y))) best = j;
      }
      return pts[best]?.category;
    });
    const agree = pts.filter((p, i) => p.category === nearest[i]).length / pts.length;
    const shares = new Map<string, number>();
    for (const p of pts) shares.set(p.category, (shares.get(p.category) ?? 0) + 1 / pts.length);
    const chance = [...shares.values()].reduce((s, x) => s + x * x, 0);
    // Measured: 0.65 against 0.13.
    expect(agree).toBeGreaterThan(chance * 3);
    expect(api.code(await api.gql(other.secretKey, q, { s: shop }))).toBe('NOT_FOUND');
    expect(api.code(await api.gql(t.publishableKey, q, { s: shop }))).toBe('FORBIDDEN');
  });
});
