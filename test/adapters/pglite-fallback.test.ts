// The embedded fallback that `pnpm start` uses without a PostgreSQL server: the same migrations, repositories
// and bulk SQL must work on PGlite.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiKeyPrismaRepository,
  EventSqlRepository,
  ItemPrismaRepository,
  ShopPrismaRepository,
  TenantPrismaRepository,
  openPglite,
  type Database,
} from '@shopspace/db';
import {
  ApiKeyService,
  EventService,
  ItemService,
  ShopService,
  TenantService,
  type Principal,
} from '@shopspace/domain';

const OPERATOR = 'pglite-operator-token-0123456789';
let dir: string;
let db: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shopspace-pglite-'));
  db = await openPglite(dir);
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PGlite fallback', () => {
  it('runs the catalog and ingest paths with the same SQL as PostgreSQL', async () => {
    const keys = new ApiKeyService(new ApiKeyPrismaRepository(db.prisma), { operatorToken: OPERATOR });
    const tenants = new TenantService(new TenantPrismaRepository(db.prisma));
    const shops = new ShopService(new ShopPrismaRepository(db.prisma));
    const items = new ItemService(new ItemPrismaRepository(db.prisma, db.sql), shops);
    const events = new EventService(new EventSqlRepository(db.sql), shops);

    const created = await tenants.create(await keys.authenticate(OPERATOR), 'Embedded Group');
    const principal: Principal = await keys.authenticate(created.secretKey);
    expect(principal.kind).toBe('key');
    const shop = await shops.create(principal, { handle: 'uk', name: 'UK', currency: 'GBP' });

    const up = await items.upsert(principal, shop.id, [
      { sku: 'A', title: 'Lamp', category: ['Home', 'Lighting'], price: 12.5 },
      { sku: 'B', title: '' },
    ]);
    expect(up).toMatchObject({ upserted: 1, inserted: 1, updated: 0, errors: [{ index: 1, field: 'title' }] });
    const again = await items.upsert(principal, shop.id, [{ sku: 'A', title: 'Lamp, brass', price: 14 }]);
    expect(again).toMatchObject({ inserted: 0, updated: 1 });
    expect(await items.get(principal, shop.id, 'A')).toMatchObject({ title: 'Lamp, brass', price: 14, category: [] });

    const batch = [
      { eventId: 'e1', sessionId: 's', type: 'VIEW', sku: 'A', occurredAt: new Date('2011-11-01T10:00:00Z') },
      { eventId: 'e2', sessionId: 's', type: 'SEARCH', query: 'lamp', occurredAt: new Date('2011-11-01T10:01:00Z') },
    ];
    expect(await events.ingest(principal, shop.id, batch)).toEqual({ accepted: 2, duplicates: 0, errors: [] });
    expect(await events.ingest(principal, shop.id, batch)).toEqual({ accepted: 0, duplicates: 2, errors: [] });
    expect(await shops.get(principal, shop.id)).toMatchObject({ itemCount: 1, eventCount: 2 });
  });
});
