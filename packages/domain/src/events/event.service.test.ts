// EventService over the in-memory event log: valid rows stored and invalid ones reported by index, a re-sent
// eventId counted once as a duplicate (within a batch or across batches, per shop), the shop's event count kept,
// and events-ingested announced (its follow-ups rebuild baselines and autocomplete) only after new events.

import { describe, expect, it } from 'vitest';
import { createFakePorts } from '../../../testing/src/fakes/index.ts';
import { ShopService } from '../catalog/shop.service.ts';
import { ErrorCode } from '../shared/errors.ts';
import { MAX_BATCH_ROWS } from '../shared/row-error.ts';
import type { Principal } from '../tenancy/principal.ts';
import { EventService } from './event.service.ts';

const KEY_ID = '00000000-0000-4000-8000-00000000000a';

async function setup() {
  const ports = createFakePorts();
  const shops = new ShopService(ports.shops, ports.clock.now);
  const events = new EventService(ports.events, shops, ports.clock.now, ports.changes);
  const a = (await ports.tenants.create('A')).id;
  const b = (await ports.tenants.create('B')).id;
  const secret: Principal = { kind: 'key', tenantId: a, keyId: KEY_ID, keyKind: 'SECRET' };
  const otherSecret: Principal = { kind: 'key', tenantId: b, keyId: KEY_ID, keyKind: 'SECRET' };
  const shop = await shops.create(secret, { handle: 'main', name: 'Main' });
  const sister = await shops.create(secret, { handle: 'sister', name: 'Sister' });
  const otherShop = await shops.create(otherSecret, { handle: 'main', name: 'Theirs' });
  return { ports, shops, events, a, b, secret, otherSecret, shop, sister, otherShop };
}

const view = (eventId: string, sku = 'mug') => ({
  eventId,
  sessionId: 's1',
  type: 'VIEW',
  sku,
  occurredAt: '2025-12-31T10:00:00Z',
});

describe('EventService.ingest', () => {
  it('stores valid rows, reports invalid ones by index, and counts duplicates once', async () => {
    const { ports, events, secret, shop, a } = await setup();
    const r = await events.ingest(secret, shop.id, [
      view('e1'),
      { ...view('e2'), type: 'TELEPORT' },
      view('e1'),
      view('e3'),
      { ...view('e4'), sku: null },
    ]);
    expect(r).toEqual({
      accepted: 2,
      duplicates: 1,
      errors: [
        { index: 1, field: 'type', message: expect.stringMatching(/^type must be one of/) as unknown },
        { index: 4, field: 'sku', message: 'sku is required for a VIEW event' },
      ],
    });
    const again = await events.ingest(secret, shop.id, [view('e1'), view('e3'), view('e5')]);
    expect(again).toEqual({ accepted: 1, duplicates: 2, errors: [] });
    expect((await ports.shops.find(a, shop.id))?.eventCount).toBe(3);
    expect(ports.events.stored(a, shop.id).map((e) => e.eventId)).toEqual(['e1', 'e3', 'e5']);
  });

  it('keeps the first row of a repeated eventId', async () => {
    const { ports, events, secret, shop, a } = await setup();
    await events.ingest(secret, shop.id, [view('e1', 'first'), view('e1', 'second')]);
    await events.ingest(secret, shop.id, [view('e1', 'third')]);
    expect(ports.events.stored(a, shop.id).map((e) => e.sku)).toEqual(['first']);
  });

  it('de-duplicates per shop: the same eventId in a sister shop or another tenant is new', async () => {
    const { ports, events, secret, otherSecret, shop, sister, otherShop, a, b } = await setup();
    expect((await events.ingest(secret, shop.id, [view('e1')])).accepted).toBe(1);
    expect((await events.ingest(secret, sister.id, [view('e1')])).accepted).toBe(1);
    expect((await events.ingest(otherSecret, otherShop.id, [view('e1')])).accepted).toBe(1);
    expect((await ports.shops.find(a, sister.id))?.eventCount).toBe(1);
    expect((await ports.shops.find(b, otherShop.id))?.eventCount).toBe(1);
  });

  it('announces events-ingested once per call that stored something, never for duplicates only', async () => {
    const { ports, events, secret, shop, a } = await setup();
    await events.ingest(secret, shop.id, [view('e1'), view('e2')]);
    expect(ports.changes.published).toEqual([{ kind: 'events-ingested', tenantId: a, shopId: shop.id }]);
    await events.ingest(secret, shop.id, [view('e1')]);
    await events.ingest(secret, shop.id, [{ eventId: 'bad' }]);
    await events.ingest(secret, shop.id, []);
    expect(ports.changes.published).toHaveLength(1);
    expect(ports.events.insertCalls).toEqual([2, 1]);
  });

  it('validates against the injected clock', async () => {
    const { ports, events, secret, shop } = await setup();
    const tomorrow = new Date(ports.clock.now() + 25 * 3600 * 1000).toISOString();
    const r = await events.ingest(secret, shop.id, [{ ...view('e1'), occurredAt: tomorrow }]);
    expect(r.errors).toEqual([
      { index: 0, field: 'occurredAt', message: 'occurredAt is more than 24 hours in the future' },
    ]);
    ports.clock.advance(2 * 3600 * 1000);
    expect((await events.ingest(secret, shop.id, [{ ...view('e1'), occurredAt: tomorrow }])).accepted).toBe(1);
  });

  it("needs a secret key, refuses another tenant's shop and oversized batches", async () => {
    const { ports, events, secret, otherShop, a } = await setup();
    const publishable: Principal = { kind: 'key', tenantId: a, keyId: KEY_ID, keyKind: 'PUBLISHABLE' };
    await expect(events.ingest(publishable, otherShop.id, [])).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(events.ingest(secret, otherShop.id, [view('e1')])).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    const rows = Array.from({ length: MAX_BATCH_ROWS + 1 }, (_, i) => view(`e${i}`));
    await expect(events.ingest(secret, otherShop.id, rows)).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'events',
    });
    expect(ports.db.events.size).toBe(0);
  });

  it('works without a change feed', async () => {
    const { ports, shops, secret, shop } = await setup();
    const plain = new EventService(ports.events, shops, ports.clock.now);
    expect(await plain.ingest(secret, shop.id, [view('e1')])).toEqual({ accepted: 1, duplicates: 0, errors: [] });
  });
});
