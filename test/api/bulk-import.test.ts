// The bulk import endpoint: CSV and NDJSON bodies (optionally gzipped) streamed into PostgreSQL, with the
// import job's counts and line-numbered row errors, idempotent re-imports, and the Online Retail mapping on a
// slice of the repository's Online Retail file (Chen, Sain & Guo, 2012, UCI, CC BY 4.0).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync, gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { SqlSessionSource } from '@shopspace/db';
import { createShop, createTenant, startTestApi, type TenantFixture, type TestApi } from '@shopspace/testing';

const RETAIL = new URL('../../data/online-retail/online-retail.csv.gz', import.meta.url);

let api: TestApi;
let t: TenantFixture;
let shop: string;

beforeAll(async () => {
  api = await startTestApi('bulk');
  t = await createTenant(api, 'Bulk Group');
  shop = await createShop(api, t.secretKey, 'uk');
});
afterAll(async () => api?.close());

describe('CSV catalog import', () => {
  it('stores valid rows and reports malformed lines and bad fields by line number', async () => {
    const csv = [
      'sku,title,price,category,active',
      'C1,"Mug, white",4.50,Kitchen > Mugs,true',
      'C2,"Mug ""Big"" red",5,Kitchen,yes',
      'C3,No price,,,',
      'C4,"unterminated,1,x,true',
      'C5,Too,many,fields,here,extra',
      'C6,Bad price,abc,,',
      ',No sku,1,,',
      'C7,Inactive,2,,false',
    ].join('\n');
    const r = await api.upload(t.secretKey, shop, 'items', csv, { source: 'catalog.csv' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'SUCCEEDED',
      kind: 'ITEMS',
      format: 'csv',
      source: 'catalog.csv',
      accepted: 4,
      rejected: 4,
      skipped: 0,
    });
    const lines = (r.body.errors as Array<{ index: number; field: string | null }>).map((e) => [e.index, e.field]);
    expect(lines).toEqual([
      [5, null],
      [6, null],
      [7, 'price'],
      [8, 'sku'],
    ]);
    const items = await api.gql(
      t.secretKey,
      `{shop(id:"${shop}"){itemCount items{edges{node{sku title price category active}}}}}`,
    );
    expect(items.data?.['shop'].itemCount).toBe(4);
    expect(items.data?.['shop'].items.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { sku: 'C1', title: 'Mug, white', price: 4.5, category: ['Kitchen', 'Mugs'], active: true },
      { sku: 'C2', title: 'Mug "Big" red', price: 5, category: ['Kitchen'], active: true },
      { sku: 'C3', title: 'No price', price: null, category: [], active: true },
      { sku: 'C7', title: 'Inactive', price: 2, category: [], active: false },
    ]);
    const job = await api.gql(
      t.secretKey,
      `{importJob(id:"${r.body.id}"){status rowsRead accepted rejected errors{index field message} shop{id}}}`,
    );
    expect(job.data?.['importJob']).toMatchObject({
      status: 'SUCCEEDED',
      rowsRead: 8,
      accepted: 4,
      rejected: 4,
      shop: { id: shop },
    });
    expect(job.data?.['importJob'].errors[2]).toEqual({
      index: 7,
      field: 'price',
      message: 'price must be a number, got "abc"',
    });
  });

  it('renames columns with map.<field>=<column>', async () => {
    const r = await api.upload(t.secretKey, shop, 'items', 'Code,Name\nM1,Mapped\n', {
      'map.sku': 'Code',
      'map.title': 'Name',
    });
    expect(r.body).toMatchObject({ accepted: 1, rejected: 0 });
    const item = await api.gql(t.secretKey, `{item(shopId:"${shop}",sku:"M1"){title}}`);
    expect(item.data?.['item']).toEqual({ title: 'Mapped' });
  });

  it('refuses an unknown preset before reading the body, naming the parameter', async () => {
    const r = await api.upload(t.secretKey, shop, 'items', 'sku,title\n', { preset: 'magento' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toMatch(/^preset:/);
  });
});

describe('NDJSON event import', () => {
  const lines = [
    { eventId: 'n1', sessionId: 's1', type: 'VIEW', sku: 'C1', occurredAt: '2011-11-01T10:00:00Z' },
    { eventId: 'n2', sessionId: 's1', type: 'SEARCH', query: 'mug', occurredAt: '2011-11-01 10:01:00' },
    { eventId: 'n3', sessionId: 's1', type: 'VIEW', occurredAt: '2011-11-01T10:02:00Z' },
  ];
  const body = [
    ...lines.map((l) => JSON.stringify(l)),
    '{not json',
    '',
    JSON.stringify({ eventId: 'n4', sessionId: 's2', type: 'CLICK', sku: 'C9', occurredAt: '2011-11-02T00:00:00Z' }),
  ].join('\n');

  it('stores good lines, reports bad ones, and counts a re-import as duplicates', async () => {
    const first = await api.upload(t.secretKey, shop, 'events', gzipSync(body), { format: 'ndjson' });
    expect(first.body).toMatchObject({
      status: 'SUCCEEDED',
      format: 'ndjson',
      accepted: 3,
      duplicates: 0,
      rejected: 2,
    });
    expect(first.body.errors.map((e: { index: number; field: string | null }) => [e.index, e.field])).toEqual([
      [3, 'sku'],
      [4, null],
    ]);
    const again = await api.upload(t.secretKey, shop, 'events', body, { format: 'ndjson' });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 3, rejected: 2 });
    const counts = await api.gql(t.secretKey, `{shop(id:"${shop}"){eventCount}}`);
    expect(counts.data?.['shop'].eventCount).toBe(3);
  });
});

describe('Online Retail mapping', () => {
  // The first 3,001 lines of the file (header + 3,000 rows), gzipped as the file itself is.
  const text = gunzipSync(readFileSync(RETAIL)).toString('utf8');
  const slice = text.split('\n').slice(0, 3_001).join('\n') + '\n';
  // Fields are counted from the end: only Description can hold a quoted comma.
  const rows = slice.trim().split('\n').slice(1);

  it('imports invoices as sessions of PURCHASE events for one country, idempotently', async () => {
    const eu = await createShop(api, t.secretKey, 'eu-slice');
    const uk = await createShop(api, t.secretKey, 'uk-slice');
    const ukRows = rows.filter((r) => r.endsWith(',United Kingdom'));
    const params = { preset: 'online-retail', where: 'Country=United Kingdom' };
    const r = await api.upload(t.secretKey, uk, 'events', gzipSync(slice), params);
    expect(r.body).toMatchObject({
      status: 'SUCCEEDED',
      rowsRead: 3_000,
      accepted: ukRows.length,
      skipped: 3_000 - ukRows.length,
      rejected: 0,
    });
    const other = await api.upload(t.secretKey, eu, 'events', slice, {
      preset: 'online-retail',
      where: 'Country!=United Kingdom',
    });
    expect(other.body.accepted).toBe(3_000 - ukRows.length);
    const again = await api.upload(t.secretKey, uk, 'events', slice, params);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: ukRows.length });
    const stored = await api.database.db.sql.query<{
      session_id: string;
      event_id: string;
      user_id: string | null;
      quantity: number;
      occurred_at: Date;
      type: string;
    }>(
      `SELECT session_id, event_id, user_id, quantity, occurred_at, type::text FROM events WHERE shop_id = $1 ORDER BY id LIMIT 2`,
      [uk],
    );
    expect(stored.map((e) => ({ ...e, occurred_at: e.occurred_at.toISOString() }))).toEqual([
      {
        session_id: '536365',
        event_id: '536365:0',
        user_id: '17850',
        quantity: 6,
        occurred_at: '2010-12-01T08:26:00.000Z',
        type: 'PURCHASE',
      },
      {
        session_id: '536365',
        event_id: '536365:1',
        user_id: '17850',
        quantity: 6,
        occurred_at: '2010-12-01T08:26:00.001Z',
        type: 'PURCHASE',
      },
    ]);
  });

  it('keeps each invoice’s lines in entry order for training, however the inserts interleave', async () => {
    const shopId = await createShop(api, t.secretKey, 'order-slice');
    await api.upload(t.secretKey, shopId, 'events', slice, { preset: 'online-retail' });
    // Expected sessions from the file itself: an invoice's distinct positive-quantity skus in line order.
    const expected = new Map<string, string[]>();
    for (const f of rows.map((r) => r.split(','))) {
      const [invoice, sku] = [f[0] ?? '', f[1] ?? ''];
      if (Number(f.at(-5)) <= 0) continue;
      const skus = expected.get(invoice) ?? [];
      if (!skus.includes(sku)) skus.push(sku);
      expected.set(invoice, skus);
    }
    const sessions = await new SqlSessionSource(api.database.db.sql).sessions(t.id, shopId);
    const long = [...expected.entries()].filter(([, skus]) => skus.length >= 12);
    expect(long.length).toBeGreaterThan(5);
    const got = new Map(sessions.map((s) => [s.skus.join(' '), true]));
    for (const [, skus] of long) expect(got.has(skus.join(' '))).toBe(true);
    expect(sessions).toHaveLength(expected.size);
  });

  it('builds the catalog from lines with a positive quantity and price', async () => {
    const cat = await createShop(api, t.secretKey, 'catalog-slice');
    const kept = rows.map((r) => r.split(',')).filter((f) => Number(f.at(-5)) > 0 && Number(f.at(-3)) > 0);
    const skus = new Set(kept.map((f) => f[1]));
    const r = await api.upload(t.secretKey, cat, 'items', slice, { preset: 'online-retail' });
    expect(r.body).toMatchObject({ status: 'SUCCEEDED', rejected: 0, skipped: rows.length - kept.length });
    const shopRow = await api.gql(
      t.secretKey,
      `{shop(id:"${cat}"){itemCount} item(shopId:"${cat}",sku:"85123A"){title price category}}`,
    );
    expect(shopRow.data?.['shop'].itemCount).toBe(skus.size);
    // Later lines win, as if the rows had been sent one after another. The file has no category: the preset
    // derives one from the description's product type.
    const last = kept.filter((f) => f[1] === '85123A').at(-1);
    expect(shopRow.data?.['item']).toEqual({
      title: 'WHITE HANGING HEART T-LIGHT HOLDER',
      price: Number(last?.at(-3)),
      category: ['candles & holders'],
    });
  });
});
