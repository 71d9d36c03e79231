// Search autocomplete over the real API and worker: the query model is built by the worker after training and
// after searches are ingested; the same prefix ranks differently for sessions with different intents; one typo
// is forgiven; a shop with a catalog and no model completes from its titles; another tenant's shop is NOT_FOUND;
// bad arguments name their field; a suggestion click sent through the beacon is stored with its attribution; an
// experiment on the placement assigns a variant, and its `popularity` arm ignores the session.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeySpace, RedisTrackingOutbox } from '@shopspace/redis';
import { TrackingSqlRepository } from '@shopspace/db';
import { TrackingFlusher } from '@shopspace/domain';
import {
  THEMES,
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

const AUTOCOMPLETE = `query($s:ID!,$p:String!,$x:SessionInput,$n:Int){autocomplete(shopId:$s,prefix:$p,session:$x,first:$n){requestId variant personalized suggestions{text score highlight typo trackingId} items{score reason item{sku title active}}}}`;
const AUTOCOMPLETE_FOR = `query($s:ID!,$p:String!,$x:SessionInput,$l:String){autocompleteFor(shopId:$s,prefix:$p,session:$x,placement:$l){requestId variant personalized suggestions{text trackingId} items{item{sku}}}}`;

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((res) => setTimeout(res, 200));
  }
}

async function complete(prefix: string, skus: string[] = [], shopId = shop, key = t.publishableKey, first = 8) {
  const r = await api.gql(key, AUTOCOMPLETE, { s: shopId, p: prefix, x: { skus, sessionId: 'visitor-1' }, n: first });
  expect(r.errors).toBeUndefined();
  return r.data?.['autocomplete'];
}

const texts = (answer: any): string[] => answer.suggestions.map((s: any) => s.text);

/**
 * Searches "red <theme>" followed by views of that theme's items; "red card" is searched most, so it leads
 * without a session.
 */
function searchSessions(): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  const start = Date.UTC(2026, 0, 28);
  const perTheme = [20, 20, 21];
  let n = 0;
  THEMES.forEach((theme, ti) => {
    for (let s = 0; s < (perTheme[ti] ?? 0); s++, n++) {
      const session = `search-${theme}-${s}`;
      const at = start + n * 600_000;
      events.push({
        eventId: `${session}-q`,
        sessionId: session,
        type: 'SEARCH',
        query: `Red ${theme}`,
        occurredAt: new Date(at).toISOString(),
      });
      for (let k = 0; k < 2; k++) {
        events.push({
          eventId: `${session}-v${k}`,
          sessionId: session,
          type: 'VIEW',
          sku: themedSku(ti, (s + k * 3) % 20),
          occurredAt: new Date(at + (k + 1) * 30_000).toISOString(),
        });
      }
    }
  });
  return events;
}

beforeAll(async () => {
  api = await startTestApi('autocomplete', { debounceMs: 300 });
  worker = startTestWorker(api, { trainerThreads: 1, flushTracking: false });
  t = await createTenant(api, 'Autocomplete Group');
  other = await createTenant(api, 'Other Group');
  shop = await createShop(api, t.secretKey, 'uk');
  await trainSmallShop(api, t.secretKey, shop);
  const ingest = await api.gql(
    t.secretKey,
    'mutation($s:ID!,$e:[EventInput!]!){ingestEvents(shopId:$s,events:$e){accepted errors{message}}}',
    { s: shop, e: searchSessions() },
  );
  expect(ingest.errors).toBeUndefined();
  expect(ingest.data?.['ingestEvents'].errors).toEqual([]);
  // The worker builds after training and again after the searches (debounced); wait for the searches' build
  // in the trained model's space.
  const ready = await eventually(
    () => complete('red', [themedSku(0, 1)]),
    (a) => texts(a).length === 3 && a.personalized === true,
  );
  expect(texts(ready).sort()).toEqual(['red card', 'red lamp', 'red mug']);
}, 240_000);

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('autocomplete', () => {
  it('ranks the same prefix by each session’s intent, and by popularity without one', async () => {
    const none = await complete('red');
    expect(none.personalized).toBe(false);
    expect(texts(none)[0]).toBe('red card');

    for (const [theme, name] of THEMES.entries()) {
      const session = [themedSku(theme, 2), themedSku(theme, 5), themedSku(theme, 7)];
      const answer = await complete('red', session);
      expect(answer.personalized).toBe(true);
      expect(texts(answer)[0]).toBe(`red ${name}`);
    }
    const mug = await complete('red', [themedSku(0, 3)]);
    const lamp = await complete('red', [themedSku(1, 3)]);
    expect(texts(mug)).not.toEqual(texts(lamp));
    const first = mug.suggestions[0];
    expect(first.highlight).toBe('<b>red</b> mug');
    expect(first.trackingId).toBe('q:red mug');
    expect(first.typo).toBe(false);
  });

  it('answers product hits from the active catalog, ranked by the session', async () => {
    const answer = await complete('number', [themedSku(1, 4), themedSku(1, 9)]);
    expect(answer.items).toHaveLength(4);
    for (const hit of answer.items) {
      expect(hit.item.sku.startsWith('lamp-')).toBe(true);
      expect(hit.item.active).toBe(true);
      expect(hit.reason).toContain('ranked by the session');
    }
    // Deactivated items are never shown, even before the next build.
    const hidden = answer.items[0].item.sku;
    const off = await api.gql(t.secretKey, 'mutation($s:ID!,$k:[String!]!){deactivateItems(shopId:$s,skus:$k)}', {
      s: shop,
      k: [hidden],
    });
    expect(off.errors).toBeUndefined();
    const after = await eventually(
      () => complete('number', [themedSku(1, 4), themedSku(1, 9)]),
      (a) => !a.items.some((h: any) => h.item.sku === hidden),
      10_000,
    );
    expect(after.items.map((h: any) => h.item.sku)).not.toContain(hidden);
    expect(after.items).toHaveLength(4);
  });

  it('forgives one typo in a prefix of four or more characters', async () => {
    const answer = await complete('lmap');
    expect(texts(answer)).toContain('lamp');
    const lamp = answer.suggestions.find((s: any) => s.text === 'lamp');
    expect(lamp.typo).toBe(true);
    expect(answer.items.length).toBeGreaterThan(0);
    for (const hit of answer.items) expect(hit.item.title.startsWith('lamp')).toBe(true);
    // Three characters are too few for a typo.
    expect(texts(await complete('lma'))).toEqual([]);
  });

  it('completes from the catalog on day one, before any model or search', async () => {
    const fresh = await createShop(api, t.secretKey, 'day-one');
    const up = await api.gql(
      t.secretKey,
      'mutation($s:ID!,$i:[ItemInput!]!){upsertItems(shopId:$s,items:$i){upserted}}',
      {
        s: fresh,
        i: [
          { sku: 'c1', title: 'Scented candle jar', category: ['home', 'candles'] },
          { sku: 'c2', title: 'Candle holder', category: ['home', 'candles'] },
          { sku: 'b1', title: 'Cotton tote bag', category: ['bags'] },
        ],
      },
    );
    expect(up.errors).toBeUndefined();
    const answer = await eventually(
      () => complete('cand', [], fresh),
      (a) => a.suggestions.length > 0,
    );
    expect(texts(answer)).toContain('candle');
    expect(answer.personalized).toBe(false);
    expect(answer.items.map((h: any) => h.item.sku).sort()).toEqual(['c1', 'c2']);
  });

  it("treats another tenant's shop as not found", async () => {
    const r = await api.gql(other.publishableKey, AUTOCOMPLETE, { s: shop, p: 'red', n: 5 });
    expect(api.code(r)).toBe('NOT_FOUND');
    expect(r.data).toBeNull();
  });

  it('names the field of bad input', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ s: shop, p: '' }, 'prefix'],
      [{ s: shop, p: '   ' }, 'prefix'],
      [{ s: shop, p: 'x'.repeat(101) }, 'prefix'],
      [{ s: shop, p: 'red', n: 0 }, 'first'],
      [{ s: shop, p: 'red', n: 21 }, 'first'],
      [{ s: shop, p: 'red', x: { skus: Array.from({ length: 501 }, (_, i) => `s${i}`) } }, 'session.skus'],
    ];
    for (const [variables, field] of cases) {
      const r = await api.gql(t.publishableKey, AUTOCOMPLETE, variables);
      expect(api.code(r), JSON.stringify(variables).slice(0, 80)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.['field']).toBe(field);
    }
  });

  it('records a suggestion click sent through the beacon, attributed to the request', async () => {
    const r = await api.gql(t.publishableKey, AUTOCOMPLETE_FOR, {
      s: shop,
      p: 'red',
      x: { skus: [themedSku(2, 1)] },
      l: 'search-box',
    });
    expect(r.errors).toBeUndefined();
    const answer = r.data?.['autocompleteFor'];
    const shown = [...answer.items.map((h: any) => h.item.sku), ...answer.suggestions.map((s: any) => s.trackingId)];
    expect(answer.suggestions[0].trackingId).toBe('q:red card');
    const beacon = (body: unknown) =>
      fetch(`${api.url}/v1/track`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(body),
      });
    expect((await beacon({ key: t.publishableKey, requestId: answer.requestId, impressions: shown })).status).toBe(204);
    expect((await beacon({ key: t.publishableKey, requestId: answer.requestId, click: 'q:red card' })).status).toBe(
      204,
    );
    // A suggestion the answer did not show is refused.
    expect((await beacon({ key: t.publishableKey, requestId: answer.requestId, click: 'q:red lorry' })).status).toBe(
      400,
    );

    const outbox = new RedisTrackingOutbox(api.redis.redis, new KeySpace(api.redis.prefix), { claimIdleMs: 200 });
    try {
      const flusher = new TrackingFlusher(outbox, new TrackingSqlRepository(api.database.db.sql), { blockMs: 50 });
      while ((await flusher.flushOnce()).read > 0);
    } finally {
      await outbox.close();
    }
    const rows = await api.database.db.sql.query<Record<string, unknown>>(
      `SELECT kind, sku, position, placement, shop_id AS "shopId" FROM tracked_events WHERE request_id = $1 AND kind = 'CLICK'`,
      [answer.requestId],
    );
    expect(rows).toEqual([
      { kind: 'CLICK', sku: 'q:red card', position: answer.items.length, placement: 'search-box', shopId: shop },
    ]);
    const impressions = await api.database.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tracked_events WHERE request_id = $1 AND kind = 'IMPRESSION'`,
      [answer.requestId],
    );
    expect(impressions[0]?.n).toBe(shown.length);
  });

  it('assigns an experiment variant on the placement; the popularity arm ignores the session', async () => {
    const create = await api.gql(t.secretKey, `mutation($i:CreateExperimentInput!){createExperiment(input:$i){id}}`, {
      i: {
        shopId: shop,
        name: 'personal autocomplete',
        placement: 'search-ab',
        variants: [
          { key: 'control', weight: 0.5, strategy: { algorithm: 'popularity' } },
          { key: 'personal', weight: 0.5, strategy: { algorithm: 'item2vec' } },
        ],
      },
    });
    expect(create.errors).toBeUndefined();
    const id = create.data?.['createExperiment'].id as string;
    expect((await api.gql(t.secretKey, `mutation{startExperiment(id:"${id}"){status}}`)).errors).toBeUndefined();
    const seen = new Map<string, any>();
    for (let u = 0; u < 40 && seen.size < 2; u++) {
      const r = await api.gql(t.publishableKey, AUTOCOMPLETE_FOR, {
        s: shop,
        p: 'red',
        x: { skus: [themedSku(1, 2)], userId: `user-${u}` },
        l: 'search-ab',
      });
      expect(r.errors).toBeUndefined();
      const answer = r.data?.['autocompleteFor'];
      seen.set(answer.variant, answer);
      // The same user always gets the same variant.
      const again = await api.gql(t.publishableKey, AUTOCOMPLETE_FOR, {
        s: shop,
        p: 'red',
        x: { skus: [themedSku(1, 2)], userId: `user-${u}` },
        l: 'search-ab',
      });
      expect(again.data?.['autocompleteFor'].variant).toBe(answer.variant);
    }
    expect([...seen.keys()].sort()).toEqual(['control', 'personal']);
    expect(seen.get('control').personalized).toBe(false);
    expect(seen.get('control').suggestions[0].text).toBe('red card');
    expect(seen.get('personal').personalized).toBe(true);
    expect(seen.get('personal').suggestions[0].text).toBe('red lamp');
    // Without a placement no experiment applies.
    expect((await complete('red', [themedSku(1, 2)])).variant).toBeNull();
  });
});
