// Every bad value is a row error (issue 13, deliver 2), over HTTP on the real API and PostgreSQL: in
// upsertItems, ingestEvents and CSV and NDJSON bulk imports, a value the column cannot hold as sent is that
// row's error naming the field, and the valid rows of the same batch are stored. Bulk imports decode per line,
// stop early with a clear error at their size caps, and answer a FAILED import with HTTP 422 and the job.

import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShop, createTenant, startTestApi, type TenantFixture, type TestApi } from '@shopspace/testing';

let api: TestApi;
let t: TenantFixture;

beforeAll(async () => {
  api = await startTestApi('row-errors', { importMaxBytes: 1 << 20, importMaxLineLength: 100_000 });
  t = await createTenant(api, 'Row Errors Group');
});
afterAll(async () => api?.close());

const UPSERT = `mutation($s:ID!,$i:[ItemInput!]!){upsertItems(shopId:$s,items:$i){upserted errors{index field message}}}`;
const INGEST = `mutation($s:ID!,$e:[EventInput!]!){ingestEvents(shopId:$s,events:$e){accepted duplicates errors{index field message}}}`;

function deepObject(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}
const deepJson = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

async function skus(shopId: string): Promise<string[]> {
  const rows = await api.database.db.sql.query<{ sku: string }>(
    'SELECT sku FROM items WHERE shop_id = $1 ORDER BY sku',
    [shopId],
  );
  return rows.map((r) => r.sku);
}

async function events(shopId: string): Promise<string[]> {
  const rows = await api.database.db.sql.query<{ event_id: string }>(
    'SELECT event_id FROM events WHERE shop_id = $1 ORDER BY event_id',
    [shopId],
  );
  return rows.map((r) => r.event_id);
}

const DEEP = '@deep@';

async function gqlWithDeep(shop: string, items: unknown[]) {
  const text = JSON.stringify({ query: UPSERT, variables: { s: shop, i: items } }).replace(
    JSON.stringify(DEEP),
    deepJson(10_000),
  );
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.secretKey}` },
    body: text,
  });
  return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

const fieldsOf = (errors: Array<{ index: number; field: string | null }>) => errors.map((e) => [e.index, e.field]);

describe('upsertItems', () => {
  it('stores the valid rows beside 1e10, NUL, control characters, 10,000-deep attributes and rounded prices', async () => {
    const shop = await createShop(api, t.secretKey, 'gql-items');
    const ok = (sku: string) => ({ sku, title: `Item ${sku}`, price: 2.5 });
    // JSON.stringify cannot write a 10,000-deep value (its recursion overflows): it is spliced in as text.
    const r = await gqlWithDeep(shop, [
      ok('v1'),
      { sku: 'b1', title: 'Too dear', price: 1e10 },
      ok('v2'),
      { sku: 'b2', title: 'Nul\u0000title' },
      { sku: 'b3', title: 'Deep', attributes: DEEP },
      ok('v3'),
      { sku: 'b4', title: 'Bell\u0007' },
      { sku: 'b5', title: 'Tiny', price: 0.00001 },
      { sku: 'b6', title: 'Nul attribute', attributes: { note: 'x\u0000' } },
      ok('v4'),
      ok('v5'),
    ]);
    expect(r.errors).toBeUndefined();
    const payload = r.data?.['upsertItems'] as { upserted: number; errors: Array<{ index: number; field: string }> };
    expect(fieldsOf(payload.errors)).toEqual([
      [1, 'price'],
      [3, 'title'],
      [4, 'attributes'],
      [6, 'title'],
      [7, 'price'],
      [8, 'attributes'],
    ]);
    expect(payload.upserted).toBe(5);
    expect(await skus(shop)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  it('normalises a sku once, on write and on every lookup (a trailing CR finds the item)', async () => {
    const shop = await createShop(api, t.secretKey, 'gql-skus');
    await api.gql(t.secretKey, UPSERT, { s: shop, i: [{ sku: 'CR-1\r', title: 'Carriage return' }] });
    expect(await skus(shop)).toEqual(['CR-1']);
    for (const sku of ['CR-1', 'CR-1\r', ' CR-1 ']) {
      const r = await api.gql(t.secretKey, 'query($s:ID!,$k:String!){item(shopId:$s,sku:$k){sku}}', {
        s: shop,
        k: sku,
      });
      expect(r.data?.['item']).toEqual({ sku: 'CR-1' });
    }
    const deactivated = await api.gql(t.secretKey, 'mutation($s:ID!){deactivateItems(shopId:$s,skus:["CR-1\\r"])}', {
      s: shop,
    });
    expect(deactivated.data?.['deactivateItems']).toBe(1);
  });

  it('matches LIKE wildcards in items(query:) literally', async () => {
    const shop = await createShop(api, t.secretKey, 'gql-like');
    await api.gql(t.secretKey, UPSERT, {
      s: shop,
      i: [
        { sku: 'a1', title: 'Plain mug' },
        { sku: 'a2', title: '100% cotton' },
        { sku: 'a_3', title: 'Under_score' },
      ],
    });
    const search = async (q: string) => {
      const r = await api.gql(t.secretKey, 'query($s:ID!,$q:String){shop(id:$s){items(query:$q){edges{node{sku}}}}}', {
        s: shop,
        q,
      });
      return (r.data?.['shop'].items.edges as Array<{ node: { sku: string } }>).map((e) => e.node.sku);
    };
    expect(await search('%')).toEqual(['a2']);
    expect(await search('_')).toEqual(['a_3']);
    expect(await search('\\')).toEqual([]);
    expect(await search('mug')).toEqual(['a1']);
  });

  it('refuses a GraphQL body with an invalid UTF-8 byte instead of storing U+FFFD', async () => {
    const shop = await createShop(api, t.secretKey, 'gql-utf8');
    const text = JSON.stringify({ query: UPSERT, variables: { s: shop, i: [{ sku: 'u1', title: 'XX' }] } });
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf(Buffer.from('XX'));
    bytes[at] = 0xff;
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.secretKey}` },
      body: bytes,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]?.message).toMatch(/not valid UTF-8/);
    expect(await skus(shop)).toEqual([]);
  });
});

describe('ingestEvents', () => {
  it('stores the valid events beside 2025-02-30, NUL and control characters, naming each field', async () => {
    const shop = await createShop(api, t.secretKey, 'gql-events');
    const ev = (eventId: string, extra: Record<string, unknown> = {}) => ({
      eventId,
      sessionId: 's1',
      type: 'VIEW',
      sku: 'v1',
      occurredAt: '2025-02-01T10:00:00Z',
      ...extra,
    });
    const r = await api.gql(t.secretKey, INGEST, {
      s: shop,
      e: [
        ev('e1'),
        ev('b1', { occurredAt: '2025-02-30T10:00:00Z' }),
        ev('e2'),
        ev('b2', { sessionId: 's\u0000' }),
        ev('b3', { userId: 'u\u0001' }),
        ev('b4', { occurredAt: '1969-12-31T23:59:59Z' }),
        ev('e3'),
        ev('b5', { sku: 'a\nb' }),
      ],
    });
    expect(r.errors).toBeUndefined();
    const payload = r.data?.['ingestEvents'] as { accepted: number; errors: Array<{ index: number; field: string }> };
    expect(fieldsOf(payload.errors)).toEqual([
      [1, 'occurredAt'],
      [3, 'sessionId'],
      [4, 'userId'],
      [5, 'occurredAt'],
      [7, 'sku'],
    ]);
    expect(payload.accepted).toBe(3);
    expect(await events(shop)).toEqual(['e1', 'e2', 'e3']);
  });
});

describe('CSV and NDJSON imports', () => {
  it('CSV items: 1e12, 0x10, NUL and 0.00001 are row errors; the valid rows are stored', async () => {
    const shop = await createShop(api, t.secretKey, 'csv-items');
    const csv = [
      'sku,title,price,attributes',
      'v1,First,1.50,',
      'b1,Too dear,1e12,',
      'v2,Second,2,',
      'b2,Hex,0x10,',
      'b3,Nul\u0000title,3,',
      'b4,Tiny,0.00001,',
      `b5,Deep,1,"${deepJson(10_000).replaceAll('"', '""')}"`,
      'v3,Third,3.25,"{""colour"":""red""}"',
    ].join('\n');
    const r = await api.upload(t.secretKey, shop, 'items', csv);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'SUCCEEDED', rowsRead: 8, accepted: 3, rejected: 5 });
    expect(fieldsOf(r.body.errors)).toEqual([
      [3, 'price'],
      [5, 'price'],
      [6, 'title'],
      [7, 'price'],
      [8, 'attributes'],
    ]);
    expect(await skus(shop)).toEqual(['v1', 'v2', 'v3']);
  });

  it('CSV events: 2025-02-30, 0x10 and a NUL sessionId are row errors; the valid rows are stored', async () => {
    const shop = await createShop(api, t.secretKey, 'csv-events');
    const csv = [
      'eventId,sessionId,type,sku,quantity,occurredAt',
      'e1,s1,PURCHASE,v1,1,2025-02-01 10:00:00',
      'b1,s1,PURCHASE,v1,1,2025-02-30 10:00:00',
      'b2,s1,PURCHASE,v1,0x10,2025-02-01 10:00:00',
      'b3,s\u0000,PURCHASE,v1,1,2025-02-01 10:00:00',
      'e2,s2,PURCHASE,v1,16,2025-02-02',
    ].join('\n');
    const r = await api.upload(t.secretKey, shop, 'events', gzipSync(csv));
    expect(r.body).toMatchObject({ status: 'SUCCEEDED', accepted: 2, rejected: 3 });
    expect(fieldsOf(r.body.errors)).toEqual([
      [3, 'occurredAt'],
      [4, 'quantity'],
      [5, 'sessionId'],
    ]);
    expect(await events(shop)).toEqual(['e1', 'e2']);
  });

  it('NDJSON: 10,000-deep attributes, NUL, 1e10 and an invalid UTF-8 line are row errors, the rest stored', async () => {
    const shop = await createShop(api, t.secretKey, 'ndjson-items');
    const enc = (o: unknown) => Buffer.from(`${JSON.stringify(o)}\n`, 'utf8');
    const body = Buffer.concat([
      // The invalid byte is in the first chunk, on the first line.
      Buffer.from([...Buffer.from('{"sku":"x0","title":"'), 0xff, ...Buffer.from('"}\n')]),
      enc({ sku: 'v1', title: 'One' }),
      Buffer.from(`{"sku":"b1","title":"Deep","attributes":${deepJson(10_000)}}\n`),
      enc({ sku: 'b2', title: 'Nul\u0000' }),
      enc({ sku: 'b3', title: 'Dear', price: 1e10 }),
      enc({ sku: 'v2', title: 'Two', attributes: deepObject(20) }),
    ]);
    const r = await api.upload(t.secretKey, shop, 'items', body, { format: 'ndjson' });
    expect(r.body).toMatchObject({ status: 'SUCCEEDED', accepted: 2, rejected: 4 });
    expect(r.body.errors).toEqual([
      { index: 1, field: null, message: 'line is not valid UTF-8' },
      { index: 3, field: 'attributes', message: 'attributes must nest at most 32 levels deep' },
      expect.objectContaining({ index: 4, field: 'title' }),
      expect.objectContaining({ index: 5, field: 'price' }),
    ]);
    expect(await skus(shop)).toEqual(['v1', 'v2']);
  });

  it('a CSV with an invalid byte in its first chunk stores its valid lines', async () => {
    const shop = await createShop(api, t.secretKey, 'csv-utf8');
    const body = Buffer.concat([
      Buffer.from('sku,title\nv1,Fine\n'),
      Buffer.from([0x62, 0x31, 0x2c, 0x42, 0xff, 0x64, 0x0a]),
      Buffer.from('v2,Also fine\n'),
    ]);
    const r = await api.upload(t.secretKey, shop, 'items', body);
    expect(r.body).toMatchObject({ status: 'SUCCEEDED', accepted: 2, rejected: 1 });
    expect(r.body.errors).toEqual([{ index: 3, field: null, message: 'line is not valid UTF-8' }]);
    expect(await skus(shop)).toEqual(['v1', 'v2']);
  });
});

describe('bulk import caps', () => {
  it('ends an import of gzipped newlines at the decompressed-size cap, FAILED with HTTP 422 and the job', async () => {
    const shop = await createShop(api, t.secretKey, 'cap-bytes');
    // 64 MiB of newlines after a header and one row: 64 KiB gzipped, 64 times the 1 MiB cap of this API.
    const bomb = gzipSync(Buffer.concat([Buffer.from('sku,title\nv1,Stored\n'), Buffer.alloc(64 << 20, 0x0a)]));
    expect(bomb.length).toBeLessThan(1 << 20);
    const r = await api.upload(t.secretKey, shop, 'items', bomb);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ status: 'FAILED', kind: 'ITEMS' });
    expect(r.body.message).toMatch(/larger than 1048576 bytes \(decompressed\)/);
    expect(r.body.finishedAt).not.toBeNull();
    // Truthful counts: what the job says it stored is what is stored.
    expect(await skus(shop)).toHaveLength(r.body.accepted);
    // The same socket and server go on answering.
    expect((await api.gql(t.secretKey, '{shops{id}}')).errors).toBeUndefined();
  });

  it('ends an import at the line-length cap with a clear error, keeping the rows before it', async () => {
    const shop = await createShop(api, t.secretKey, 'cap-line');
    const lines = [
      '{"sku":"v1","title":"Kept"}',
      `{"sku":"b1","title":"${'x'.repeat(200_000)}"}`,
      '{"sku":"v2","title":"Never read"}',
    ];
    const r = await api.upload(t.secretKey, shop, 'items', `${lines.join('\n')}\n`, { format: 'ndjson' });
    expect(r.status).toBe(422);
    expect(r.body.status).toBe('FAILED');
    expect(r.body.message).toMatch(/line 2: line is longer than 100000 characters/);
    expect(r.body.accepted).toBe(r.body.rowsRead);
  });
});
