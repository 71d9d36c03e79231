// ShopService over the in-memory catalog fakes: handles unique per tenant, and every read resolving the shop
// through the caller's tenant so another tenant's shop and a malformed id are both plain NOT_FOUND, including on
// the cached storefront path.

import { describe, expect, it } from 'vitest';
import { createFakePorts, type FakeShopRepository } from '../../../testing/src/fakes/index.ts';
import { ErrorCode } from '../shared/errors.ts';
import type { Principal, TenantScope } from '../tenancy/principal.ts';
import { ShopService } from './shop.service.ts';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** Counts the repository's finds: the round trips requireKnown exists to save. */
function countingFinds(repo: FakeShopRepository): { count: () => number } {
  let n = 0;
  const find = repo.find.bind(repo);
  repo.find = (tenantId, id) => {
    n++;
    return find(tenantId, id);
  };
  return { count: () => n };
}

async function setup() {
  const ports = createFakePorts();
  const shops = new ShopService(ports.shops, ports.clock.now);
  const a = await ports.tenants.create('A');
  const b = await ports.tenants.create('B');
  const secret = (tenantId: string): Principal => ({ kind: 'key', tenantId, keyId: MISSING_ID, keyKind: 'SECRET' });
  const scope = (tenantId: string): TenantScope => ({ tenantId, keyKind: 'PUBLISHABLE' });
  return { ports, shops, a: a.id, b: b.id, secret, scope };
}

describe('ShopService.create', () => {
  it('creates a shop with a trimmed handle and name and an upper-case currency, EUR by default', async () => {
    const { ports, shops, a, secret } = await setup();
    const shop = await shops.create(secret(a), { handle: ' uk-store ', name: ' UK store ', currency: ' gbp ' });
    expect(shop).toEqual({
      id: shop.id,
      tenantId: a,
      handle: 'uk-store',
      name: 'UK store',
      currency: 'GBP',
      itemCount: 0,
      eventCount: 0,
      createdAt: ports.clock.date(),
    });
    expect((await shops.create(secret(a), { handle: 'de', name: 'DE' })).currency).toBe('EUR');
  });

  it('refuses a bad handle, name or currency naming the input field', async () => {
    const { shops, a, secret } = await setup();
    const cases: Array<[{ handle: string; name: string; currency?: string }, string]> = [
      [{ handle: 'Upper', name: 'x' }, 'input.handle'],
      [{ handle: '-dash', name: 'x' }, 'input.handle'],
      [{ handle: 'dash-', name: 'x' }, 'input.handle'],
      [{ handle: 'a'.repeat(65), name: 'x' }, 'input.handle'],
      [{ handle: 'ok', name: '  ' }, 'input.name'],
      [{ handle: 'ok', name: 'n'.repeat(201) }, 'input.name'],
      [{ handle: 'ok', name: 'x', currency: 'EURO' }, 'input.currency'],
      [{ handle: 'ok', name: 'x', currency: 'E1R' }, 'input.currency'],
    ];
    for (const [input, field] of cases) {
      await expect(shops.create(secret(a), input)).rejects.toMatchObject({ code: ErrorCode.BadUserInput, field });
    }
    await expect(shops.create(secret(a), { handle: 'a'.repeat(64), name: 'x' })).resolves.toMatchObject({
      handle: 'a'.repeat(64),
    });
  });

  it('says CONFLICT for a handle the tenant already has, and lets another tenant use it', async () => {
    const { shops, a, b, secret } = await setup();
    await shops.create(secret(a), { handle: 'main', name: 'Main' });
    await expect(shops.create(secret(a), { handle: 'main', name: 'Again' })).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      field: 'input.handle',
    });
    await expect(shops.create(secret(b), { handle: 'main', name: 'Theirs' })).resolves.toMatchObject({ tenantId: b });
  });

  it('needs a secret key to create or list, and the operator to list another tenant', async () => {
    const { shops, a, secret } = await setup();
    const publishable: Principal = { kind: 'key', tenantId: a, keyId: MISSING_ID, keyKind: 'PUBLISHABLE' };
    await expect(shops.create(publishable, { handle: 'x', name: 'x' })).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await expect(shops.list({ kind: 'anonymous' })).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    await expect(shops.listAsOperator(secret(a), a)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    const made = await shops.create(secret(a), { handle: 'x', name: 'x' });
    expect(await shops.listAsOperator({ kind: 'operator' }, a)).toEqual([made]);
  });
});

describe('ShopService reads', () => {
  it("lists the caller's shops only, oldest first", async () => {
    const { ports, shops, a, b, secret } = await setup();
    const first = await shops.create(secret(a), { handle: 'one', name: 'One' });
    ports.clock.advance(1);
    const second = await shops.create(secret(a), { handle: 'two', name: 'Two' });
    await shops.create(secret(b), { handle: 'three', name: 'Three' });
    expect(await shops.list(secret(a))).toEqual([first, second]);
  });

  it("answers NOT_FOUND, worded alike, for another tenant's shop, a missing and a malformed id", async () => {
    const { shops, a, b, secret, scope } = await setup();
    const theirs = await shops.create(secret(b), { handle: 'theirs', name: 'Theirs' });
    expect(await shops.get(secret(b), theirs.id)).toEqual(theirs);
    for (const id of [theirs.id, MISSING_ID, 'theirs', '']) {
      const expected = { code: ErrorCode.NotFound, message: `shop ${JSON.stringify(id)} not found` };
      await expect(shops.get(secret(a), id)).rejects.toMatchObject(expected);
      await expect(shops.require(scope(a), id)).rejects.toMatchObject(expected);
      await expect(shops.requireKnown(scope(a), id)).rejects.toMatchObject(expected);
    }
  });

  it('answers a shop seen in the last minute from memory, per tenant', async () => {
    const { ports, shops, a, b, secret, scope } = await setup();
    const finds = countingFinds(ports.shops);
    const mine = await shops.create(secret(a), { handle: 'mine', name: 'Mine' });
    expect(await shops.requireKnown(scope(a), mine.id)).toBe(mine.id);
    expect(finds.count()).toBe(1);
    ports.clock.advance(59_999);
    expect(await shops.requireKnown(scope(a), mine.id)).toBe(mine.id);
    expect(finds.count()).toBe(1);
    // Known for tenant A says nothing about tenant B.
    await expect(shops.requireKnown(scope(b), mine.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(finds.count()).toBe(2);
    ports.clock.advance(1);
    expect(await shops.requireKnown(scope(a), mine.id)).toBe(mine.id);
    expect(finds.count()).toBe(3);
  });

  it('does not remember a miss: a shop created after a NOT_FOUND is found', async () => {
    const { ports, shops, a, scope } = await setup();
    const finds = countingFinds(ports.shops);
    await expect(shops.requireKnown(scope(a), 'f0000000-0000-4000-8000-000000000003')).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    const created = await ports.shops.create(a, { handle: 'late', name: 'Late', currency: 'EUR' });
    expect(created?.id).toBe('f0000000-0000-4000-8000-000000000003');
    expect(await shops.requireKnown(scope(a), created?.id ?? '')).toBe(created?.id);
    expect(finds.count()).toBe(2);
  });
});
