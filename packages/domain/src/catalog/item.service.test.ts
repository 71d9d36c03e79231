// ItemService over the in-memory catalog fakes: valid rows of a batch are stored and invalid ones reported by
// index, a later row for a sku wins, counts say what was inserted and updated, serving is told only when
// something changed, and paging walks the catalog in sku order through opaque cursors.

import { describe, expect, it } from 'vitest';
import { createFakePorts } from '../../../testing/src/fakes/index.ts';
import { ErrorCode } from '../shared/errors.ts';
import { MAX_BATCH_ROWS } from '../shared/row-error.ts';
import type { Principal } from '../tenancy/principal.ts';
import { ItemService, MAX_PAGE_SIZE, encodeCursor, lastRowPerSku } from './item.service.ts';
import type { ItemRecord } from './item.validation.ts';
import { ShopService } from './shop.service.ts';

const KEY_ID = '00000000-0000-4000-8000-00000000000a';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

async function setup() {
  const ports = createFakePorts();
  const shops = new ShopService(ports.shops, ports.clock.now);
  const items = new ItemService(ports.items, shops, ports.changes);
  const a = (await ports.tenants.create('A')).id;
  const b = (await ports.tenants.create('B')).id;
  const secret: Principal = { kind: 'key', tenantId: a, keyId: KEY_ID, keyKind: 'SECRET' };
  const publishable: Principal = { kind: 'key', tenantId: a, keyId: KEY_ID, keyKind: 'PUBLISHABLE' };
  const otherSecret: Principal = { kind: 'key', tenantId: b, keyId: KEY_ID, keyKind: 'SECRET' };
  const shop = await shops.create(secret, { handle: 'main', name: 'Main' });
  const otherShop = await shops.create(otherSecret, { handle: 'main', name: 'Theirs' });
  return { ports, shops, items, a, b, secret, publishable, otherSecret, shop, otherShop };
}

const record = (sku: string, title = `Item ${sku}`): ItemRecord => ({
  sku,
  title,
  description: null,
  category: [],
  brand: null,
  price: null,
  attributes: null,
  active: true,
});

describe('lastRowPerSku', () => {
  it('keeps the last row of each sku, in the order of last appearance', () => {
    const rows = [record('a', 'a1'), record('b', 'b1'), record('a', 'a2'), record('c', 'c1')];
    expect(lastRowPerSku(rows).map((r) => `${r.sku}:${r.title}`)).toEqual(['b:b1', 'a:a2', 'c:c1']);
  });
});

describe('ItemService.upsert', () => {
  it('stores the valid rows, reports the invalid ones by index, and counts inserts and updates', async () => {
    const { ports, items, secret, shop, a } = await setup();
    const first = await items.upsert(secret, shop.id, [
      { sku: 'mug', title: 'Mug', price: 4.5 },
      { sku: 'lamp' },
      { sku: 'card', title: 'Card', category: ['Paper', 'Cards'] },
    ]);
    expect(first).toEqual({
      upserted: 2,
      inserted: 2,
      updated: 0,
      errors: [{ index: 1, field: 'title', message: 'title is required' }],
    });
    const second = await items.upsert(secret, shop.id, [
      { sku: 'mug', title: 'Big mug', price: 5 },
      { sku: 'vase', title: 'Vase' },
    ]);
    expect(second).toEqual({ upserted: 2, inserted: 1, updated: 1, errors: [] });
    expect(await items.get(secret, shop.id, 'mug')).toMatchObject({ title: 'Big mug', price: 5, shopId: shop.id });
    expect((await ports.shops.find(a, shop.id))?.itemCount).toBe(3);
  });

  it('lets a later row for the same sku win within a batch, counting each valid row as upserted', async () => {
    const { ports, items, secret, shop, a } = await setup();
    const r = await items.upsert(secret, shop.id, [
      { sku: 'mug', title: 'First' },
      { sku: 'mug', title: 'Second' },
    ]);
    expect(r).toEqual({ upserted: 2, inserted: 1, updated: 0, errors: [] });
    expect((await items.get(secret, shop.id, 'mug'))?.title).toBe('Second');
    expect(ports.items.upsertCalls).toEqual([1]);
    expect((await ports.shops.find(a, shop.id))?.itemCount).toBe(1);
  });

  it('reports a row the database would refuse instead of losing the whole batch', async () => {
    const { items, secret, shop } = await setup();
    const r = await items.upsert(secret, shop.id, [
      { sku: 'mug', title: 'Mug' },
      { sku: 'bad', title: 'NUL \u0000 inside' },
      { sku: 'gold', title: 'Gold', price: 12_345_678_901 },
      { sku: 'lamp', title: 'Lamp', price: 9_999_999_999.9999 },
    ]);
    expect(r).toMatchObject({ upserted: 2, inserted: 2 });
    expect(r.errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'title'],
      [2, 'price'],
    ]);
    expect((await items.get(secret, shop.id, 'lamp'))?.price).toBe(9_999_999_999.9999);
  });

  it('keeps createdAt and moves updatedAt on an update', async () => {
    const { ports, items, secret, shop } = await setup();
    await items.upsert(secret, shop.id, [{ sku: 'mug', title: 'Mug' }]);
    const created = ports.clock.date();
    ports.clock.advance(5_000);
    await items.upsert(secret, shop.id, [{ sku: 'mug', title: 'Mug 2' }]);
    expect(await items.get(secret, shop.id, 'mug')).toMatchObject({
      createdAt: created,
      updatedAt: ports.clock.date(),
    });
  });

  it('tells serving the catalog changed only when something was stored', async () => {
    const { ports, items, secret, shop, a } = await setup();
    await items.upsert(secret, shop.id, [{ sku: 'no title' }]);
    await items.upsert(secret, shop.id, []);
    expect(ports.changes.published).toEqual([]);
    expect(ports.items.upsertCalls).toEqual([]);
    await items.upsert(secret, shop.id, [{ sku: 'mug', title: 'Mug' }]);
    expect(ports.changes.published).toEqual([{ kind: 'catalog-changed', tenantId: a, shopId: shop.id }]);
  });

  it('refuses more than MAX_BATCH_ROWS rows before reading the shop', async () => {
    const { items, secret } = await setup();
    const rows = Array.from({ length: MAX_BATCH_ROWS + 1 }, (_, i) => ({ sku: `s${i}`, title: 't' }));
    await expect(items.upsert(secret, 'not-even-a-shop', rows)).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'items',
    });
  });

  it("needs a secret key, and treats another tenant's shop as missing", async () => {
    const { ports, items, secret, publishable, otherShop } = await setup();
    await expect(items.upsert(publishable, otherShop.id, [])).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(items.upsert(secret, otherShop.id, [{ sku: 'x', title: 'x' }])).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: `shop ${JSON.stringify(otherShop.id)} not found`,
    });
    expect(ports.db.items.size).toBe(0);
  });
});

describe('ItemService.deactivate', () => {
  it('deactivates trimmed distinct skus, counting only items that were active', async () => {
    const { ports, items, secret, shop, a } = await setup();
    await items.upsert(secret, shop.id, [
      { sku: 'a', title: 'A' },
      { sku: 'b', title: 'B' },
    ]);
    ports.changes.published.length = 0;
    expect(await items.deactivate(secret, shop.id, [' a ', 'a', '', '  ', 'missing'])).toBe(1);
    expect(ports.changes.published).toEqual([{ kind: 'catalog-changed', tenantId: a, shopId: shop.id }]);
    expect(await items.deactivate(secret, shop.id, ['a'])).toBe(0);
    expect(await items.deactivate(secret, shop.id, ['  '])).toBe(0);
    expect(ports.changes.published).toHaveLength(1);
    expect((await items.get(secret, shop.id, 'a'))?.active).toBe(false);
    expect((await items.get(secret, shop.id, 'b'))?.active).toBe(true);
  });

  it("cannot touch another tenant's items, and refuses more than MAX_BATCH_ROWS skus", async () => {
    const { ports, items, secret, otherSecret, otherShop } = await setup();
    await items.upsert(otherSecret, otherShop.id, [{ sku: 'a', title: 'A' }]);
    await expect(items.deactivate(secret, otherShop.id, ['a'])).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect((await items.get(otherSecret, otherShop.id, 'a'))?.active).toBe(true);
    const skus = Array.from({ length: MAX_BATCH_ROWS + 1 }, (_, i) => `s${i}`);
    await expect(items.deactivate(secret, MISSING_ID, skus)).rejects.toMatchObject({ field: 'skus' });
    expect(ports.changes.published).toHaveLength(1);
  });
});

describe('ItemService.get', () => {
  it('lets a publishable key read one item by trimmed sku, and answers null for an unknown one', async () => {
    const { items, secret, publishable, shop } = await setup();
    await items.upsert(secret, shop.id, [{ sku: 'mug', title: 'Mug' }]);
    expect(await items.get(publishable, shop.id, ' mug ')).toMatchObject({ sku: 'mug', title: 'Mug' });
    expect(await items.get(publishable, shop.id, 'nope')).toBeNull();
    await expect(items.get({ kind: 'operator' }, shop.id, 'mug')).rejects.toMatchObject({ code: ErrorCode.Forbidden });
  });
});

describe('ItemService.page', () => {
  async function catalog() {
    const s = await setup();
    const skus = ['b-2', 'a-1', 'c-3', 'a-2', 'd-4'];
    await s.items.upsert(
      s.secret,
      s.shop.id,
      skus.map((sku) => ({ sku, title: sku.startsWith('a') ? `Red ${sku}` : `Blue ${sku}` })),
    );
    return s;
  }

  it('walks the catalog in sku order with cursors, counting every match', async () => {
    const { items, secret, shop } = await catalog();
    const first = await items.page(secret, shop.id, { first: 2 });
    expect(first.items.map((i) => i.sku)).toEqual(['a-1', 'a-2']);
    expect(first).toMatchObject({ hasNextPage: true, totalCount: 5 });
    const second = await items.page(secret, shop.id, { first: 2, after: encodeCursor('a-2') });
    expect(second.items.map((i) => i.sku)).toEqual(['b-2', 'c-3']);
    const last = await items.page(secret, shop.id, { first: 2, after: encodeCursor('c-3') });
    expect(last.items.map((i) => i.sku)).toEqual(['d-4']);
    expect(last).toMatchObject({ hasNextPage: false, totalCount: 5 });
    expect((await items.page(secret, shop.id, {})).items).toHaveLength(5);
  });

  it('matches a sku prefix or title text, case-insensitively, after trimming the query', async () => {
    const { items, secret, shop } = await catalog();
    expect((await items.page(secret, shop.id, { query: '  RED ' })).items.map((i) => i.sku)).toEqual(['a-1', 'a-2']);
    expect((await items.page(secret, shop.id, { query: 'C-' })).items.map((i) => i.sku)).toEqual(['c-3']);
    expect(await items.page(secret, shop.id, { query: '   ' })).toMatchObject({ totalCount: 5 });
  });

  it('takes page sizes 0 to MAX_PAGE_SIZE and cursors it issued, naming the bad argument', async () => {
    const { items, secret, shop } = await catalog();
    expect(await items.page(secret, shop.id, { first: 0 })).toEqual({ items: [], hasNextPage: true, totalCount: 5 });
    await expect(items.page(secret, shop.id, { first: MAX_PAGE_SIZE })).resolves.toMatchObject({ totalCount: 5 });
    for (const first of [-1, MAX_PAGE_SIZE + 1, 1.5]) {
      await expect(items.page(secret, shop.id, { first })).rejects.toMatchObject({
        code: ErrorCode.BadUserInput,
        field: 'first',
      });
    }
    const foreign = Buffer.from('offset:10').toString('base64url');
    await expect(items.page(secret, shop.id, { after: foreign })).rejects.toMatchObject({ field: 'after' });
  });

  it('needs a secret key to page', async () => {
    const { items, publishable, shop } = await catalog();
    await expect(items.page(publishable, shop.id, {})).rejects.toMatchObject({ code: ErrorCode.Forbidden });
  });
});
