// Requests are priced before they run (issue 13, deliver 1), over HTTP on the real API with its own
// PostgreSQL database and Redis prefix: a token limit at parse, the linear cost/depth/root-field analysis,
// introspection for trusted callers only, the cost budget per key, the per-address limit for callers without a
// valid key, and bounds on the strings the API stores.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_OPERATOR_TOKEN,
  createShop,
  createTenant,
  startTestApi,
  type TenantFixture,
  type TestApi,
} from '@shopspace/testing';

let api: TestApi;
let t: TenantFixture;
let shopId: string;

beforeAll(async () => {
  api = await startTestApi('request-limits', { introspection: 'trusted' });
  t = await createTenant(api, 'Limits Group');
  shopId = await createShop(api, t.secretKey, 'uk');
});
afterAll(async () => api?.close());

const reason = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> | undefined }): unknown =>
  r.errors?.[0]?.extensions?.['reason'];

async function requestKeys(a: TestApi): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await a.redis.redis.scan(cursor, 'MATCH', `${a.redis.prefix}:t:*:req:*`, 'COUNT', 1000);
    count += keys.length;
    cursor = next;
  } while (cursor !== '0');
  return count;
}

const SESSION_REC = (alias: string) =>
  `${alias}:sessionRecommendations(shopId:$s,session:{skus:[]}){requestId items{item{sku}}}`;

describe('the shape of a request', () => {
  it('refuses the 22-level nested-fragment document from an anonymous caller by its cost analysis', async () => {
    const parts = ['query{shops{...F22}}', 'fragment F0 on Shop{id}'];
    for (let i = 1; i <= 22; i++) parts.push(`fragment F${i} on Shop{...F${i - 1} ...F${i - 1}}`);
    const document = parts.join('\n');
    expect(document.length).toBeLessThan(1_000);
    const r = await api.gql(null, document);
    expect(r.status).toBe(400);
    expect(api.code(r)).toBe('BAD_USER_INPUT');
    expect(reason(r)).toBe('QUERY_TOO_COSTLY');
    expect(r.errors?.[0]?.message).toMatch(/query cost 41943041 exceeds the limit of 50000/);
  });

  it('refuses 100,000 __typename aliases at parse (token limit), and 100 of them by the root-field limit', async () => {
    const huge = `{${Array.from({ length: 100_000 }, (_, i) => `a${i}:__typename`).join(' ')}}`;
    const r = await api.gql(null, huge);
    expect(api.code(r)).toBe('BAD_USER_INPUT');
    expect(reason(r)).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/more tha[nt] 10000 tokens/);
    const hundred = await api.gql(null, `{${Array.from({ length: 100 }, (_, i) => `a${i}:__typename`).join(' ')}}`);
    expect(reason(hundred)).toBe('TOO_MANY_ROOT_FIELDS');
    expect(hundred.errors?.[0]?.message).toMatch(/100 root fields exceed the limit of 32/);
  });

  it('refuses 10,000 and 100 sessionRecommendations aliases without writing a request-log key', async () => {
    const before = await requestKeys(api);
    const body = (n: number) => `query($s:ID!){${Array.from({ length: n }, (_, i) => SESSION_REC(`r${i}`)).join(' ')}}`;
    const many = await api.gql(t.publishableKey, body(10_000), { s: shopId });
    expect(api.code(many)).toBe('BAD_USER_INPUT');
    expect(reason(many)).toBe('GRAPHQL_PARSE_FAILED');
    const hundred = await api.gql(t.publishableKey, body(100), { s: shopId });
    expect(reason(hundred)).toBe('TOO_MANY_ROOT_FIELDS');
    expect(await requestKeys(api)).toBe(before);
    // One alias is an ordinary request and is remembered.
    const one = await api.gql(t.publishableKey, body(1), { s: shopId });
    expect(one.errors).toBeUndefined();
    expect(await requestKeys(api)).toBe(before + 1);
  });

  it('refuses a fragment that spreads itself', async () => {
    const r = await api.gql(t.secretKey, 'query{shops{...A}} fragment A on Shop{id ...B} fragment B on Shop{...A}');
    expect(api.code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.map((e) => e.message).join(' ')).toMatch(/spread|cycle|itself/i);
  });
});

describe('introspection in production', () => {
  const SCHEMA = '{__schema{queryType{name}}}';

  it('is refused to publishable keys and anonymous callers, and served to secret keys and the operator', async () => {
    for (const key of [null, t.publishableKey]) {
      const r = await api.gql(key, SCHEMA);
      expect(r.status).toBe(403);
      expect(api.code(r)).toBe('FORBIDDEN');
      expect(r.data ?? null).toBeNull();
      const type = await api.gql(key, '{__type(name:"Shop"){name}}');
      expect(api.code(type)).toBe('FORBIDDEN');
    }
    for (const key of [t.secretKey, TEST_OPERATOR_TOKEN]) {
      const r = await api.gql(key, SCHEMA);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['__schema']).toEqual({ queryType: { name: 'Query' } });
    }
  });

  it('still answers __typename to a publishable key', async () => {
    const r = await api.gql(t.publishableKey, '{__typename}');
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ __typename: 'Query' });
  });
});

describe('bounds on stored strings', () => {
  it('refuses a 1 MB placement and a 65-character one, naming the field, and keeps nothing', async () => {
    const before = await requestKeys(api);
    const q = `query($s:ID!,$p:String){sessionRecommendations(shopId:$s,session:{skus:[]},placement:$p){requestId}}`;
    for (const placement of ['p'.repeat(1 << 20), 'p'.repeat(65)]) {
      const r = await api.gql(t.publishableKey, q, { s: shopId, p: placement });
      expect(api.code(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.['field']).toBe('placement');
    }
    expect(await requestKeys(api)).toBe(before);
    const ok = await api.gql(t.publishableKey, q, { s: shopId, p: 'p'.repeat(64) });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses over-long or control-character sessionId, userId, query and sku with the field named', async () => {
    const q = `query($s:ID!,$session:SessionInput!){sessionRecommendations(shopId:$s,session:$session){requestId}}`;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ skus: [], sessionId: 's'.repeat(201) }, 'session.sessionId'],
      [{ skus: [], userId: 'u'.repeat(201) }, 'session.userId'],
      [{ skus: [], sessionId: 'a\u0000b' }, 'session.sessionId'],
      [{ skus: [], queries: ['q'.repeat(501)] }, 'session.queries[0]'],
      [{ skus: ['ok', 'k'.repeat(257)] }, 'session.skus[1]'],
    ];
    for (const [session, field] of cases) {
      const r = await api.gql(t.publishableKey, q, { s: shopId, session });
      expect(api.code(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.['field']).toBe(field);
    }
    const similar = await api.gql(
      t.publishableKey,
      'query($s:ID!,$k:String!){similarItems(shopId:$s,sku:$k){requestId}}',
      { s: shopId, k: 'k'.repeat(300) },
    );
    expect(similar.errors?.[0]?.extensions?.['field']).toBe('sku');
    const prefix = await api.gql(
      t.publishableKey,
      'query($s:ID!,$p:String){autocompleteFor(shopId:$s,prefix:"mu",placement:$p){requestId}}',
      { s: shopId, p: 'x'.repeat(1000) },
    );
    expect(prefix.errors?.[0]?.extensions?.['field']).toBe('placement');
  });
});

describe('the cost budget per key', () => {
  let costly: TestApi;
  let c: TenantFixture;
  beforeAll(async () => {
    // A bucket of 500 (the cost limit) refilled at 10 a second: two 300-cost queries in a row cannot both pass.
    costly = await startTestApi('cost-budget', { maxCost: 500, costPerSecond: 10 });
    c = await createTenant(costly, 'Costly Group');
    await createShop(costly, c.secretKey, 'uk');
  });
  afterAll(async () => costly?.close());

  it('charges each operation its cost and answers RATE_LIMITED with Retry-After once the bucket is empty', async () => {
    // shops (1) + 10 shops × items page of 10 × (edges, node, sku) ≈ 1 + 10 × (1 + 10 × 3) = 311.
    const q = '{shops{items(first:10){edges{node{sku}}}}}';
    const first = await costly.gql(c.secretKey, q);
    expect(first.errors).toBeUndefined();
    const res = await fetch(`${costly.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.secretKey}` },
      body: JSON.stringify({ query: q }),
    });
    const body = (await res.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
    expect(res.status).toBe(429);
    expect(body.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
    expect(body.errors?.[0]?.extensions?.['reason']).toBe('COST_BUDGET');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // A cheap query still fits what is left, and another key has its own bucket.
    expect((await costly.gql(c.secretKey, '{shops{id}}')).errors).toBeUndefined();
    expect((await costly.gql(c.publishableKey, '{__typename}')).errors).toBeUndefined();
  });
});

describe('callers without a valid key', () => {
  let open: TestApi;
  let o: TenantFixture;
  beforeAll(async () => {
    open = await startTestApi('anonymous-limit', { anonymousPerSecond: 5 });
    o = await createTenant(open, 'Open Group');
  });
  afterAll(async () => open?.close());

  it('are limited per address (random keys included), while a known key goes on being served', async () => {
    // The valid key is seen once, so this process knows it without a lookup.
    expect((await open.gql(o.secretKey, '{shops{id}}')).errors).toBeUndefined();
    const random = () => `sk_live_${Math.random().toString(36).slice(2)}${'x'.repeat(20)}`;
    const results = await Promise.all(Array.from({ length: 30 }, () => open.gql(random(), '{shops{id}}')));
    const limited = results.filter((r) => r.status === 429 && open.code(r) === 'RATE_LIMITED');
    // 30 calls span at most two one-second windows, so at most 10 get past the limit.
    expect(limited.length).toBeGreaterThanOrEqual(20);
    const passed = results.filter((r) => r.status !== 429);
    expect(passed.every((r) => open.code(r) === 'UNAUTHENTICATED')).toBe(true);
    expect((await open.gql(o.secretKey, '{shops{id}}')).errors).toBeUndefined();
  });
});
