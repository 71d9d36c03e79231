// Catalog and ingest over the real API: shops, item upserts with row errors, paging, event ingest with
// idempotency, oversize batches and counts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createShop,
  createTenant,
  startTestApi,
  type GraphQLResult,
  type TenantFixture,
  type TestApi,
} from '@shopspace/testing';

let api: TestApi;
let tenant: TenantFixture;
let shopId: string;

beforeAll(async () => {
  api = await startTestApi('catalog');
  tenant = await createTenant(api, 'Catalog Group');
  shopId = await createShop(api, tenant.secretKey, 'uk');
});
afterAll(async () => api?.close());

const UPSERT = `mutation($s:ID!,$i:[ItemInput!]!){upsertItems(shopId:$s,items:$i){upserted errors{index field message}}}`;
const INGEST = `mutation($s:ID!,$e:[EventInput!]!){ingestEvents(shopId:$s,events:$e){accepted duplicates errors{index field message}}}`;

describe('shops', () => {
  it('refuses a second shop with the same handle as CONFLICT, and a bad handle naming the field', async () => {
    const dup = await api.gql(tenant.secretKey, 'mutation{createShop(input:{handle:"uk",name:"again"}){id}}');
    expect(api.code(dup)).toBe('CONFLICT');
    const bad = await api.gql(tenant.secretKey, 'mutation{createShop(input:{handle:"UK shop!",name:"x"}){id}}');
    expect(api.code(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('input.handle');
    const shops = await api.gql(tenant.secretKey, '{shops{handle currency}}');
    expect(shops.data?.['shops']).toEqual([{ handle: 'uk', currency: 'GBP' }]);
  });

  it('defaults the currency to EUR', async () => {
    const r = await api.gql(tenant.secretKey, 'mutation{createShop(input:{handle:"de",name:"Germany"}){currency}}');
    expect(r.data?.['createShop']).toEqual({ currency: 'EUR' });
  });
});

describe('items', () => {
  it('stores the valid rows of a batch and reports each bad row by index and field', async () => {
    const r = await api.gql(tenant.secretKey, UPSERT, {
      s: shopId,
      i: [
        { sku: 'A1', title: 'White mug', category: ['Kitchen', 'Mugs'], price: 4.5, attributes: { colour: 'white' } },
        { sku: 'A2', title: '   ' },
        { sku: 'A3', title: 'Red mug', price: -1 },
        { sku: 'A4', title: 'Blue mug', brand: 'Acme' },
      ],
    });
    expect(r.data?.['upsertItems']).toEqual({
      upserted: 2,
      errors: [
        { index: 1, field: 'title', message: 'title is required' },
        { index: 2, field: 'price', message: 'price must be at least 0' },
      ],
    });
    const item = await api.gql(
      tenant.secretKey,
      `{item(shopId:"${shopId}",sku:"A1"){sku title category price attributes active shopId}}`,
    );
    expect(item.data?.['item']).toEqual({
      sku: 'A1',
      title: 'White mug',
      category: ['Kitchen', 'Mugs'],
      price: 4.5,
      attributes: { colour: 'white' },
      active: true,
      shopId,
    });
  });

  it('updates an item when it is upserted again, without counting it twice', async () => {
    await api.gql(tenant.secretKey, UPSERT, { s: shopId, i: [{ sku: 'A1', title: 'White mug, large', price: 5 }] });
    const r = await api.gql(
      tenant.secretKey,
      `{shop(id:"${shopId}"){itemCount} item(shopId:"${shopId}",sku:"A1"){title price category}}`,
    );
    expect(r.data?.['item']).toEqual({ title: 'White mug, large', price: 5, category: [] });
    expect(r.data?.['shop']).toEqual({ itemCount: 2 });
  });

  it('keeps the last row when a batch repeats a sku', async () => {
    const r = await api.gql(tenant.secretKey, UPSERT, {
      s: shopId,
      i: [
        { sku: 'B1', title: 'first' },
        { sku: 'B1', title: 'second' },
      ],
    });
    expect(r.data?.['upsertItems']).toEqual({ upserted: 2, errors: [] });
    const item = await api.gql(tenant.secretKey, `{item(shopId:"${shopId}",sku:"B1"){title}}`);
    expect(item.data?.['item']).toEqual({ title: 'second' });
  });

  it('pages the catalog in sku order and filters by a query', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({
      sku: `P${String(i).padStart(3, '0')}`,
      title: i % 2 ? 'Odd lamp' : 'Even chair',
    }));
    await api.gql(tenant.secretKey, UPSERT, { s: shopId, i: rows });
    const q = `query($s:ID!,$a:String,$q:String){shop(id:$s){items(first:10,after:$a,query:$q){totalCount edges{node{sku}} pageInfo{hasNextPage endCursor}}}}`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: GraphQLResult<any> = await api.gql(tenant.secretKey, q, { s: shopId, a: after, q: 'lamp' });
      const items: any = r.data?.['shop']['items'];
      expect(items.totalCount).toBe(12);
      seen.push(...items.edges.map((e: { node: { sku: string } }) => e.node.sku));
      if (!items.pageInfo.hasNextPage) break;
      after = items.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows.filter((r) => r.title === 'Odd lamp').map((r) => r.sku));
  });

  it('deactivates items and reports how many changed', async () => {
    const r = await api.gql(tenant.secretKey, `mutation{deactivateItems(shopId:"${shopId}",skus:["A4","A4","nope"])}`);
    expect(r.data?.['deactivateItems']).toBe(1);
    const item = await api.gql(tenant.secretKey, `{item(shopId:"${shopId}",sku:"A4"){active}}`);
    expect(item.data?.['item']).toEqual({ active: false });
  });

  it('answers NOT_FOUND for a sku the shop does not have', async () => {
    const r = await api.gql(tenant.secretKey, `{item(shopId:"${shopId}",sku:"missing"){sku}}`);
    expect(api.code(r)).toBe('NOT_FOUND');
  });

  it('refuses a batch over 10,000 rows whole, storing nothing', async () => {
    const before = await api.gql(tenant.secretKey, `{shop(id:"${shopId}"){itemCount}}`);
    const rows = Array.from({ length: 10_001 }, (_, i) => ({ sku: `X${i}`, title: 'x' }));
    const r = await api.gql(tenant.secretKey, UPSERT, { s: shopId, i: rows });
    expect(api.code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toContain('at most 10000');
    const after = await api.gql(tenant.secretKey, `{shop(id:"${shopId}"){itemCount}}`);
    expect(after.data).toEqual(before.data);
  });
});

describe('events', () => {
  const at = '2011-11-01T10:00:00Z';

  it('accepts valid events, reports bad rows, and accepts skus not yet in the catalog', async () => {
    const r = await api.gql(tenant.secretKey, INGEST, {
      s: shopId,
      e: [
        { eventId: 'e1', sessionId: 's1', type: 'VIEW', sku: 'A1', occurredAt: at },
        { eventId: 'e2', sessionId: 's1', type: 'VIEW', occurredAt: at },
        { eventId: 'e3', sessionId: 's1', type: 'SEARCH', query: 'mug', occurredAt: at },
        { eventId: 'e4', sessionId: 's1', type: 'SEARCH', occurredAt: at },
        { eventId: 'e5', sessionId: 's1', type: 'PURCHASE', sku: 'NOT-IN-CATALOG-YET', occurredAt: at },
        { eventId: 'e6', sessionId: 's1', type: 'VIEW', sku: 'A1', occurredAt: 'yesterday' },
        { eventId: 'e7', sessionId: 's1', type: 'VIEW', sku: 'A1', occurredAt: '2999-01-01T00:00:00Z' },
      ],
    });
    expect(r.data?.['ingestEvents']).toEqual({
      accepted: 3,
      duplicates: 0,
      errors: [
        { index: 1, field: 'sku', message: 'sku is required for a VIEW event' },
        { index: 3, field: 'query', message: 'query is required for a SEARCH event' },
        { index: 5, field: 'occurredAt', message: 'occurredAt must be an ISO 8601 date-time, got an invalid date' },
        { index: 6, field: 'occurredAt', message: 'occurredAt is more than 24 hours in the future' },
      ],
    });
  });

  it('counts a re-sent eventId as a duplicate, within and across batches', async () => {
    const r = await api.gql(tenant.secretKey, INGEST, {
      s: shopId,
      e: [
        { eventId: 'e1', sessionId: 's1', type: 'VIEW', sku: 'A1', occurredAt: at },
        { eventId: 'e8', sessionId: 's2', type: 'VIEW', sku: 'A2', occurredAt: at },
        { eventId: 'e8', sessionId: 's2', type: 'VIEW', sku: 'A2', occurredAt: at },
      ],
    });
    expect(r.data?.['ingestEvents']).toEqual({ accepted: 1, duplicates: 2, errors: [] });
    const shop = await api.gql(tenant.secretKey, `{shop(id:"${shopId}"){eventCount}}`);
    expect(shop.data?.['shop']).toEqual({ eventCount: 4 });
  });

  it('stores the good rows when 1,000 bad rows are mixed among them', async () => {
    const e = Array.from({ length: 3_000 }, (_, i) =>
      i % 3 === 0
        ? { eventId: `bad${i}`, sessionId: 'm', type: 'ADD_TO_CART', occurredAt: at }
        : { eventId: `good${i}`, sessionId: 'm', type: 'ADD_TO_CART', sku: `S${i}`, occurredAt: at },
    );
    const r = await api.gql(tenant.secretKey, INGEST, { s: shopId, e });
    const out = r.data?.['ingestEvents'];
    expect(out.accepted).toBe(2_000);
    expect(out.errors).toHaveLength(1_000);
    expect(out.errors[999]).toEqual({ index: 2_997, field: 'sku', message: 'sku is required for a ADD_TO_CART event' });
  });

  it('rejects a wrongly typed field for the whole call, naming the row, and stores nothing', async () => {
    const before = await api.gql(tenant.secretKey, `{shop(id:"${shopId}"){eventCount}}`);
    const r = await api.gql(tenant.secretKey, INGEST, {
      s: shopId,
      e: [
        { eventId: 't1', sessionId: 's', type: 'VIEW', sku: 'A1', occurredAt: at },
        { eventId: 't2', sessionId: 's', type: 'LOOK', sku: 'A1', occurredAt: at },
      ],
    });
    expect(api.code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toContain('e[1].type');
    const after = await api.gql(tenant.secretKey, `{shop(id:"${shopId}"){eventCount}}`);
    expect(after.data).toEqual(before.data);
  });

  it('refuses more than 10,000 events in one call', async () => {
    const e = Array.from({ length: 10_001 }, (_, i) => ({
      eventId: `o${i}`,
      sessionId: 'o',
      type: 'VIEW',
      sku: 'A1',
      occurredAt: at,
    }));
    const r = await api.gql(tenant.secretKey, INGEST, { s: shopId, e });
    expect(api.code(r)).toBe('BAD_USER_INPUT');
  });
});
