// What the fakes add to the port contract for tests: the column checks PostgreSQL makes, code-point ordering,
// write hooks that hold or fail a statement, the outbox's redelivery, and a clock that only moves when told.

import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './catalog.fake.ts';
import { RecordingChangeFeed } from './change-feed.fake.ts';
import { FakeClock } from './fake-clock.ts';
import { FakeDatabase, FakeDatabaseError, SqlState } from './fake-database.ts';
import { createFakePorts } from './fake-ports.ts';
import { RecordingJobQueue } from './jobs.fake.ts';

const errorCode = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (error) {
    return error instanceof FakeDatabaseError ? error.code : 'not a FakeDatabaseError';
  }
};

describe('FakeDatabase column checks', () => {
  const db = new FakeDatabase();

  it('refuses what PostgreSQL refuses, with its SQLSTATE', () => {
    expect(errorCode(() => db.uuid('shop-1', 'shops.id'))).toBe(SqlState.InvalidTextRepresentation);
    expect(errorCode(() => db.uuid(db.newId(), 'shops.id'))).toBeNull();
    expect(errorCode(() => db.text('a\u0000', 'items.title'))).toBe(SqlState.NulInText);
    expect(errorCode(() => db.json({ k: '\u0000' }, 'items.attributes'))).toBe(SqlState.NulInJson);
    expect(errorCode(() => db.int4(2_147_483_647, 'q'))).toBeNull();
    expect(errorCode(() => db.int4(-2_147_483_648, 'q'))).toBeNull();
    expect(errorCode(() => db.int4(2_147_483_648, 'q'))).toBe(SqlState.OutOfRange);
    expect(errorCode(() => db.int4(-2_147_483_649, 'q'))).toBe(SqlState.OutOfRange);
    expect(errorCode(() => db.int4(1.5, 'q'))).toBe(SqlState.InvalidTextRepresentation);
    expect(errorCode(() => db.numeric(9_999_999_999.99994, 14, 4, 'p'))).toBeNull();
    expect(errorCode(() => db.numeric(9_999_999_999.99996, 14, 4, 'p'))).toBe(SqlState.OutOfRange);
  });

  it('gives back what the column stores: numeric rounded to its scale, jsonb through JSON', () => {
    expect(db.numeric(2.34567, 14, 4, 'p')).toBe(2.3457);
    expect(db.json({ a: undefined, at: new Date(0), n: [1] }, 'j')).toEqual({ at: '1970-01-01T00:00:00.000Z', n: [1] });
  });

  it('hands out distinct ids that grow with insertion', () => {
    const ids = [db.newId(), db.newId(), db.newId()];
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('compareCodePoints', () => {
  it('orders as UTF-8 bytes (C collation), unlike UTF-16 code units above U+FFFF', () => {
    const astral = '\u{1F600}';
    const high = '\uFF01';
    expect(astral < high).toBe(true); // JS compares code units: 0xD83D < 0xFF01
    expect(compareCodePoints(astral, high)).toBeGreaterThan(0);
    expect(['b', 'a-2', 'A', 'a-10'].sort(compareCodePoints)).toEqual(['A', 'a-10', 'a-2', 'b']);
  });
});

describe('write hooks', () => {
  it('fail a call with nothing written and count calls and overlap', async () => {
    const ports = createFakePorts();
    const tenant = await ports.tenants.create('t');
    const shop = await ports.shops.create(tenant.id, { handle: 'h', name: 'n', currency: 'EUR' });
    const shopId = shop?.id ?? '';
    ports.events.beforeWrite = (call) => {
      if (call === 1) throw new Error('injected');
    };
    const row = {
      eventId: 'e',
      sessionId: 's',
      userId: null,
      type: 'VIEW' as const,
      sku: 'a',
      query: null,
      quantity: null,
      occurredAt: new Date(0),
    };
    await expect(ports.events.insertMany(tenant.id, shopId, [row])).rejects.toThrow('injected');
    expect(ports.events.stored(tenant.id, shopId)).toEqual([]);
    const held: Array<() => void> = [];
    ports.events.beforeWrite = () => new Promise<void>((resolve) => held.push(resolve));
    const first = ports.events.insertMany(tenant.id, shopId, [row]);
    const second = ports.events.insertMany(tenant.id, shopId, [{ ...row, eventId: 'f' }]);
    expect(ports.events.maxInFlight).toBe(2);
    expect(ports.events.stored(tenant.id, shopId)).toEqual([]);
    for (const release of held) release();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(ports.events.insertCalls).toEqual([1, 1, 1]);
  });
});

describe('FakeTrackingOutbox', () => {
  it('redelivers what was read and not acknowledged, and never blocks when empty', async () => {
    const { outbox } = createFakePorts();
    expect(await outbox.read(10, 60_000)).toBeNull();
    const event = {
      tenantId: 't',
      shopId: 's',
      requestId: 's.r',
      kind: 'IMPRESSION' as const,
      sku: 'a',
      position: 0,
      placement: null,
      experimentId: null,
      variant: null,
      servedAt: new Date(0),
      occurredAt: new Date(1),
    };
    outbox.append(event);
    outbox.append({ ...event, sku: 'b' });
    expect((await outbox.read(1, 0))?.events.map((e) => e.sku)).toEqual(['a']);
    expect((await outbox.read(10, 0))?.events.map((e) => e.sku)).toEqual(['b']);
    expect(await outbox.read(10, 0)).toBeNull();
    expect(outbox.pending).toBe(2);
    outbox.reclaimPending();
    const again = await outbox.read(10, 0);
    expect(again?.events.map((e) => e.sku)).toEqual(['a', 'b']);
    await again?.ack();
    expect(outbox.length('t', 's')).toBe(0);
  });
});

describe('FakeClock and RecordingChangeFeed', () => {
  it('move only forward, and record changes as subscribers receive them', async () => {
    const clock = new FakeClock(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    expect(clock.date()).toEqual(new Date(1_500));
    expect(() => clock.advance(-1)).toThrow();
    const feed = new RecordingChangeFeed();
    await feed.publish({ kind: 'catalog-changed', tenantId: 't', shopId: 's' });
    await feed.publish({ kind: 'api-key-revoked', tenantId: 't', keyId: 'k' });
    expect(feed.ofKind('api-key-revoked')).toEqual([{ kind: 'api-key-revoked', tenantId: 't', keyId: 'k' }]);
  });
});

describe('RecordingJobQueue', () => {
  it('adds a job id once, shares a debounce window per shop, and removes only a waiting plain job', async () => {
    const clock = new FakeClock(120_000);
    const jobs = new RecordingJobQueue(clock, 60_000);
    const shop = { tenantId: 'f0000000-0000-4000-8000-000000000001', shopId: 'f0000000-0000-4000-8000-000000000002' };
    await jobs.enqueue('baselines', shop);
    clock.advance(59_999);
    await jobs.enqueue('baselines', shop);
    await jobs.enqueue('baselines', shop, { now: true });
    clock.advance(1);
    await jobs.enqueue('baselines', shop);
    expect(jobs.calls).toHaveLength(4);
    expect(jobs.waiting.map((j) => [j.jobId.split('.').at(-1), j.delay, j.now])).toEqual([
      ['2', 60_000, false],
      ['now-179999', 0, true],
      ['3', 60_000, false],
    ]);
    const run = { ...shop, runId: 'f0000000-0000-4000-8000-000000000003' };
    await jobs.enqueue('training', run);
    await jobs.enqueue('training', run);
    expect(jobs.waiting.filter((j) => j.name === 'training')).toHaveLength(1);
    expect(await jobs.remove('training', run)).toBe(true);
    expect(await jobs.remove('training', run)).toBe(false);
    await expect(
      jobs.upsertSchedule('scheduled-training', shop, { cron: '0 3 * * *', timeZone: 'UTC' }),
    ).rejects.toThrow(/does not model/);
  });
});
