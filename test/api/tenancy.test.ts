// Tenancy over the real API: tenant A's keys can neither read, list, change nor detect tenant B's shops, items,
// events, keys or imports (NOT_FOUND, worded exactly as for an id that does not exist), and a publishable key
// can call no catalog, ingest, key or tenant operation (FORBIDDEN).

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
let a: TenantFixture;
let b: TenantFixture;
let shopA: string;
let shopB: string;
let keyB: string;
let importB: string;
const MISSING = '01234567-89ab-7def-8123-456789abcdef';
const at = '2011-11-01T10:00:00Z';

beforeAll(async () => {
  api = await startTestApi('tenancy');
  a = await createTenant(api, 'Group A');
  b = await createTenant(api, 'Group B');
  shopA = await createShop(api, a.secretKey, 'uk');
  shopB = await createShop(api, b.secretKey, 'uk');
  await api.gql(b.secretKey, 'mutation($s:ID!){upsertItems(shopId:$s,items:[{sku:"B-1",title:"B item"}]){upserted}}', {
    s: shopB,
  });
  await api.gql(
    b.secretKey,
    `mutation($s:ID!){ingestEvents(shopId:$s,events:[{eventId:"b1",sessionId:"x",type:VIEW,sku:"B-1",occurredAt:"${at}"}]){accepted}}`,
    { s: shopB },
  );
  const key = await api.gql(b.secretKey, 'mutation{createApiKey(kind:SECRET,label:"ci"){apiKey{id}}}');
  keyB = key.data?.['createApiKey'].apiKey.id;
  const upload = await api.upload(b.secretKey, shopB, 'items', 'sku,title\nB-2,Other\n');
  importB = upload.body.id;
});
afterAll(async () => api?.close());

async function bState(): Promise<unknown> {
  const r = await api.gql(
    b.secretKey,
    `{shop(id:"${shopB}"){itemCount eventCount items{edges{node{sku title active}}}} apiKeys{id revokedAt}}`,
  );
  return r.data;
}

/** Runs the same operation against B's object and against an id that does not exist: both must read the same. */
async function expectHidden(query: string, vars: (id: string) => Record<string, unknown>, what: string): Promise<void> {
  const foreign = await api.gql(a.secretKey, query, vars(what === 'shop' ? shopB : keyB));
  const missing = await api.gql(a.secretKey, query, vars(MISSING));
  expect(api.code(foreign)).toBe('NOT_FOUND');
  expect(foreign.errors?.[0]?.message).toBe(
    missing.errors?.[0]?.message.replace(MISSING, what === 'shop' ? shopB : keyB),
  );
}

describe("tenant A's secret key against tenant B", () => {
  it('cannot read B’s shop, its items, counts or imports', async () => {
    await expectHidden('query($id:ID!){shop(id:$id){id itemCount eventCount}}', (id) => ({ id }), 'shop');
    await expectHidden('query($id:ID!){item(shopId:$id,sku:"B-1"){title}}', (id) => ({ id }), 'shop');
    const job = await api.gql(a.secretKey, 'query($id:ID!){importJob(id:$id){id}}', { id: importB });
    expect(api.code(job)).toBe('NOT_FOUND');
  });

  it('lists only its own tenant, shops and keys', async () => {
    const r = await api.gql(a.secretKey, '{tenants{id shops{id}} shops{id} apiKeys{id}}');
    expect(r.data?.['tenants']).toEqual([{ id: a.id, shops: [{ id: shopA }] }]);
    expect(r.data?.['shops']).toEqual([{ id: shopA }]);
    const ids = (r.data?.['apiKeys'] as Array<{ id: string }>).map((k) => k.id);
    expect(ids).toHaveLength(2);
    expect(ids).not.toContain(keyB);
  });

  it('cannot change B’s catalog, events or keys, and B sees nothing changed', async () => {
    const before = await bState();
    await expectHidden(
      'mutation($id:ID!){upsertItems(shopId:$id,items:[{sku:"B-1",title:"hijacked"}]){upserted}}',
      (id) => ({ id }),
      'shop',
    );
    await expectHidden('mutation($id:ID!){deactivateItems(shopId:$id,skus:["B-1"])}', (id) => ({ id }), 'shop');
    await expectHidden(
      `mutation($id:ID!){ingestEvents(shopId:$id,events:[{eventId:"a1",sessionId:"x",type:VIEW,sku:"B-1",occurredAt:"${at}"}]){accepted}}`,
      (id) => ({ id }),
      'shop',
    );
    await expectHidden('mutation($id:ID!){revokeApiKey(id:$id){id}}', (id) => ({ id }), 'key');
    const upload = await api.upload(a.secretKey, shopB, 'items', 'sku,title\nB-1,hijacked\n');
    expect(upload.status).toBe(404);
    expect(upload.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(await bState()).toEqual(before);
  });

  it('can use the same shop handle as B without learning that B has it', async () => {
    const again = await api.gql(a.secretKey, 'mutation{createShop(input:{handle:"eu",name:"EU"}){handle}}');
    expect(again.data?.['createShop']).toEqual({ handle: 'eu' });
    const clash = await api.gql(b.secretKey, 'mutation{createShop(input:{handle:"eu",name:"EU"}){handle}}');
    expect(clash.errors).toBeUndefined();
  });

  it('treats malformed ids as NOT_FOUND, never as a database error', async () => {
    const r = await api.gql(a.secretKey, '{shop(id:"not-a-uuid"){id}}');
    expect(api.code(r)).toBe('NOT_FOUND');
  });
});

describe('a publishable key', () => {
  const forbidden: Array<[string, string]> = [
    ['createTenant', 'mutation{createTenant(name:"x"){tenant{id}}}'],
    ['createShop', 'mutation{createShop(input:{handle:"pk",name:"x"}){id}}'],
    ['createApiKey', 'mutation{createApiKey(kind:SECRET){secret}}'],
    ['revokeApiKey', `mutation{revokeApiKey(id:"${MISSING}"){id}}`],
    ['upsertItems', 'mutation($s:ID!){upsertItems(shopId:$s,items:[{sku:"p",title:"p"}]){upserted}}'],
    ['deactivateItems', 'mutation($s:ID!){deactivateItems(shopId:$s,skus:["p"])}'],
    [
      'ingestEvents',
      `mutation($s:ID!){ingestEvents(shopId:$s,events:[{eventId:"p",sessionId:"p",type:VIEW,sku:"p",occurredAt:"${at}"}]){accepted}}`,
    ],
    ['shops', '{shops{id}}'],
    ['shop', 'query($s:ID!){shop(id:$s){id}}'],
    ['apiKeys', '{apiKeys{id}}'],
    ['tenants', '{tenants{id}}'],
  ];

  it.each(forbidden)('is FORBIDDEN from %s, and nothing changes', async (_name, query) => {
    const before = await api.gql(a.secretKey, `{shop(id:"${shopA}"){itemCount eventCount} apiKeys{id}}`);
    const r = await api.gql(a.publishableKey, query, query.includes('$s') ? { s: shopA } : undefined);
    expect(api.code(r)).toBe('FORBIDDEN');
    const after = await api.gql(a.secretKey, `{shop(id:"${shopA}"){itemCount eventCount} apiKeys{id}}`);
    expect(after.data).toEqual(before.data);
  });

  it('is FORBIDDEN from the bulk import', async () => {
    const r = await api.upload(a.publishableKey, shopA, 'events', 'eventId,sessionId,type,sku,occurredAt\n');
    expect(r.status).toBe(403);
  });

  it('may read an item of its own tenant (catalog data is public on a storefront) but not of another', async () => {
    await api.gql(a.secretKey, 'mutation($s:ID!){upsertItems(shopId:$s,items:[{sku:"A-1",title:"Lamp"}]){upserted}}', {
      s: shopA,
    });
    const own = await api.gql(a.publishableKey, `{item(shopId:"${shopA}",sku:"A-1"){title}}`);
    expect(own.data?.['item']).toEqual({ title: 'Lamp' });
    const other = await api.gql(a.publishableKey, `{item(shopId:"${shopB}",sku:"B-1"){title}}`);
    expect(api.code(other)).toBe('NOT_FOUND');
  });
});

describe('the operator token and missing keys', () => {
  it('lets the operator create and list tenants but not act inside one', async () => {
    const all = await api.gql(TEST_OPERATOR_TOKEN, '{tenants{name shops{handle}}}');
    expect(all.data?.['tenants']).toEqual(
      expect.arrayContaining([
        { name: 'Group A', shops: expect.arrayContaining([{ handle: 'uk' }]) },
        { name: 'Group B', shops: expect.arrayContaining([{ handle: 'uk' }]) },
      ]),
    );
    const shops = await api.gql(TEST_OPERATOR_TOKEN, '{shops{id}}');
    expect(api.code(shops)).toBe('FORBIDDEN');
  });

  it('refuses createTenant to a secret key', async () => {
    const r = await api.gql(a.secretKey, 'mutation{createTenant(name:"mine"){tenant{id}}}');
    expect(api.code(r)).toBe('FORBIDDEN');
  });

  it('answers UNAUTHENTICATED without a key or with an unknown one', async () => {
    expect(api.code(await api.gql(null, '{shops{id}}'))).toBe('UNAUTHENTICATED');
    expect(api.code(await api.gql('sk_live_nottherealkey', '{shops{id}}'))).toBe('UNAUTHENTICATED');
    expect((await api.upload(null, shopA, 'items', 'sku,title\n')).status).toBe(401);
  });
});
