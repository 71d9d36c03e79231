// ImportService over the fakes: parsed records are mapped by preset, validated with row errors by file line,
// stored in chunks (events overlapping, items one at a time so a later row wins), counted so that every row read
// is accepted, a duplicate, rejected or skipped, and the job ends SUCCEEDED or FAILED with what was stored.

import { describe, expect, it } from 'vitest';
import { createFakePorts, type FakeClock } from '../../../testing/src/fakes/index.ts';
import { ItemService } from '../catalog/item.service.ts';
import { ShopService } from '../catalog/shop.service.ts';
import { EventService } from '../events/event.service.ts';
import { ErrorCode } from '../shared/errors.ts';
import type { Principal } from '../tenancy/principal.ts';
import { ImportService, type ImportRequest, type ImportServiceOptions, type SourceRecord } from './import.service.ts';
import type { SourceRow } from './row-mapping.ts';

const KEY_ID = '00000000-0000-4000-8000-00000000000a';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The parsed body as the transport hands it over: one group of records per chunk of bytes. `onNext` runs as each
 * group is produced (to move a clock); `failAt` makes the stream throw instead of producing that group.
 */
function stream(
  groups: readonly (readonly SourceRecord[])[],
  options: { readonly onNext?: () => void; readonly failAt?: number } = {},
): AsyncIterable<readonly SourceRecord[]> {
  return {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        next(): Promise<IteratorResult<readonly SourceRecord[]>> {
          if (i === options.failAt) return Promise.reject(new Error('connection reset by peer'));
          options.onNext?.();
          const group = groups[i++];
          return Promise.resolve(
            group === undefined ? { value: undefined, done: true } : { value: group, done: false },
          );
        },
      };
    },
  };
}

/** Rows as CSV lines: the header is line 1, so the first row is line 2. */
const lines = (rows: readonly SourceRow[], firstLine = 2): SourceRecord[] =>
  rows.map((row, i) => ({ line: firstLine + i, row }));

/** Splits records into groups of `size`. */
const groupsOf = <T>(records: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(records.length / size) }, (_, i) => records.slice(i * size, (i + 1) * size));

const viewRow = (i: number, sku = `sku-${i}`): SourceRow => ({
  eventId: `e${i}`,
  sessionId: `s${Math.floor(i / 3)}`,
  type: 'VIEW',
  sku,
  occurredAt: '2025-06-01 10:00:00',
});

/** Lets other work run before a fake write completes, so overlapping writes can be seen (no time passes). */
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function setup(options: ImportServiceOptions = {}) {
  const ports = createFakePorts();
  const shops = new ShopService(ports.shops, ports.clock.now);
  const items = new ItemService(ports.items, shops, ports.changes);
  const events = new EventService(ports.events, shops, ports.clock.now, ports.changes);
  const imports = new ImportService(ports.imports, shops, items, events, { now: ports.clock.now, ...options });
  const a = (await ports.tenants.create('A')).id;
  const b = (await ports.tenants.create('B')).id;
  const secret: Principal = { kind: 'key', tenantId: a, keyId: KEY_ID, keyKind: 'SECRET' };
  const otherSecret: Principal = { kind: 'key', tenantId: b, keyId: KEY_ID, keyKind: 'SECRET' };
  const shop = await shops.create(secret, { handle: 'main', name: 'Main' });
  const otherShop = await shops.create(otherSecret, { handle: 'main', name: 'Theirs' });
  return { ports, items, imports, a, b, secret, otherSecret, shop, otherShop };
}

const EVENTS_CSV: ImportRequest = { kind: 'EVENTS', format: 'csv', preset: 'plain', source: 'events.csv' };
const ITEMS_CSV: ImportRequest = { kind: 'ITEMS', format: 'csv', preset: 'plain' };

describe('ImportService.consume (events)', () => {
  it('counts every row read as accepted, duplicate, rejected or skipped, with errors by file line', async () => {
    const { ports, imports, secret, shop, a } = await setup();
    const run = await imports.open(secret, shop.id, { ...EVENTS_CSV, where: 'type!=CLICK' });
    expect(run.job).toMatchObject({ status: 'RUNNING', kind: 'EVENTS', format: 'csv', source: 'events.csv' });
    const records: SourceRecord[] = [
      ...lines([viewRow(0), viewRow(1), { ...viewRow(2), occurredAt: 'last tuesday' }, viewRow(0)]),
      { line: 6, error: 'unterminated quoted field' },
      ...lines(
        [
          { ...viewRow(3), type: 'CLICK' },
          { ...viewRow(4), quantity: '2' },
        ],
        7,
      ),
    ];
    const done = await run.consume(stream([records]));
    expect(done).toMatchObject({
      id: run.job.id,
      status: 'SUCCEEDED',
      rowsRead: 7,
      accepted: 3,
      duplicates: 1,
      rejected: 2,
      skipped: 1,
      message: null,
      finishedAt: ports.clock.date(),
    });
    expect(done.errors).toEqual([
      { index: 4, field: 'occurredAt', message: 'occurredAt must be an ISO 8601 date-time, got "last tuesday"' },
      { index: 6, field: null, message: 'unterminated quoted field' },
    ]);
    // CSV text was coerced: the quantity arrived as the number 2, the zoneless date as UTC.
    expect(ports.events.stored(a, shop.id).at(-1)).toMatchObject({
      eventId: 'e4',
      quantity: 2,
      occurredAt: new Date('2025-06-01T10:00:00Z'),
    });
    expect(await imports.get(secret, run.job.id)).toEqual(done);
    expect(run.progress).toEqual({ rowsRead: 7, accepted: 3, duplicates: 1, rejected: 2, skipped: 1 });
  });

  it('keeps at most errorCap row errors but counts every rejected row', async () => {
    const { imports, secret, shop } = await setup({ errorCap: 2 });
    const run = await imports.open(secret, shop.id, EVENTS_CSV);
    const bad = Array.from({ length: 5 }, (_, i) => ({ ...viewRow(i), sku: '' }));
    const done = await run.consume(stream([lines(bad)]));
    expect(done).toMatchObject({ rejected: 5, accepted: 0 });
    expect(done.errors.map((e) => e.index)).toEqual([2, 3]);
  });

  it('writes a chunk once at least chunkRows rows are pending after a parsed group, and the rest at the end', async () => {
    const { ports, imports, secret, shop, a } = await setup({ chunkRows: 3 });
    const run = await imports.open(secret, shop.id, EVENTS_CSV);
    const records = lines(Array.from({ length: 10 }, (_, i) => viewRow(i)));
    const done = await run.consume(stream(groupsOf(records, 2)));
    expect(ports.events.insertCalls).toEqual([4, 4, 2]);
    expect(done).toMatchObject({ accepted: 10, rowsRead: 10 });
    expect((await ports.shops.find(a, shop.id))?.eventCount).toBe(10);
    // Announced once for the whole file, not per chunk: the rebuilds that follow read the whole shop anyway.
    expect(ports.changes.ofKind('events-ingested')).toHaveLength(1);
  });

  it('overlaps up to writesInFlight event chunks while parsing goes on', async () => {
    const { ports, imports, secret, shop } = await setup({ chunkRows: 2, writesInFlight: 2 });
    ports.events.beforeWrite = yieldTurn;
    const run = await imports.open(secret, shop.id, EVENTS_CSV);
    const done = await run.consume(stream(groupsOf(lines(Array.from({ length: 12 }, (_, i) => viewRow(i))), 2)));
    expect(done).toMatchObject({ status: 'SUCCEEDED', accepted: 12 });
    expect(ports.events.insertCalls).toEqual([2, 2, 2, 2, 2, 2]);
    expect(ports.events.maxInFlight).toBe(2);
  });

  it('reports progress when progressEveryMs has passed at the end of a parsed group', async () => {
    const { ports, imports, secret, shop } = await setup({ progressEveryMs: 1_000 });
    const clock: FakeClock = ports.clock;
    const seen: number[] = [];
    const run = await imports.open(secret, shop.id, EVENTS_CSV);
    const records = lines(Array.from({ length: 10 }, (_, i) => viewRow(i)));
    await run.consume(stream(groupsOf(records, 2), { onNext: () => clock.advance(500) }), (c) => seen.push(c.rowsRead));
    expect(seen).toEqual([4, 8]);
    expect(ports.imports.progressWrites).toEqual([
      { id: run.job.id, counts: { rowsRead: 4, accepted: 0, duplicates: 0, rejected: 0, skipped: 0 } },
      { id: run.job.id, counts: { rowsRead: 8, accepted: 0, duplicates: 0, rejected: 0, skipped: 0 } },
      // And once the chunk is stored, so the job row says what is stored at any time.
      { id: run.job.id, counts: { rowsRead: 10, accepted: 10, duplicates: 0, rejected: 0, skipped: 0 } },
    ]);
  });

  it('holds a lease while running; an import whose lease lapses is reaped FAILED (interrupted), once', async () => {
    const { ports, imports, secret, shop } = await setup({ leaseMs: 30_000 });
    const clock: FakeClock = ports.clock;
    const run = await imports.open(secret, shop.id, EVENTS_CSV);
    expect(ports.db.importJobs.get(run.job.id)?.leaseUntil).toEqual(new Date(clock.now() + 30_000));
    // Nothing lapsed yet: nothing is reaped.
    clock.advance(29_999);
    expect(await imports.reapInterrupted()).toEqual([]);
    // The process died (consume never ran): past the lease, the job ends FAILED with the counts it had.
    clock.advance(2);
    const reaped = await imports.reapInterrupted();
    expect(reaped).toHaveLength(1);
    expect(reaped[0]).toMatchObject({ id: run.job.id, status: 'FAILED', rowsRead: 0, accepted: 0 });
    expect(reaped[0]?.message).toMatch(/^interrupted: /);
    expect(await imports.reapInterrupted()).toEqual([]);
    // A finished import holds no lease and is never reaped.
    const done = await imports.open(secret, shop.id, EVENTS_CSV);
    await done.consume(stream(groupsOf(lines([viewRow(1)]), 1)));
    clock.advance(60_000);
    expect(await imports.reapInterrupted()).toEqual([]);
    expect(ports.db.importJobs.get(done.job.id)).toMatchObject({ status: 'SUCCEEDED', leaseUntil: null });
  });

  it('ends FAILED with what was stored when a write fails, and keeps the rows already stored', async () => {
    const { ports, imports, secret, shop, a } = await setup({ chunkRows: 2, writesInFlight: 1 });
    ports.events.beforeWrite = (call) => {
      if (call === 2) throw new Error('deadlock detected');
    };
    const run = await imports.open(secret, shop.id, EVENTS_CSV);
    const done = await run.consume(stream(groupsOf(lines(Array.from({ length: 6 }, (_, i) => viewRow(i))), 2)));
    expect(done).toMatchObject({
      status: 'FAILED',
      accepted: 2,
      message: 'import stopped after 6 rows: deadlock detected',
    });
    expect(ports.events.stored(a, shop.id).map((e) => e.eventId)).toEqual(['e0', 'e1']);
  });

  it('ends FAILED when the body stream breaks, keeping the chunks written before', async () => {
    const { ports, imports, secret, shop, a } = await setup({ chunkRows: 2 });
    const run = await imports.open(secret, shop.id, EVENTS_CSV);
    const groups = groupsOf(lines(Array.from({ length: 6 }, (_, i) => viewRow(i))), 2);
    const done = await run.consume(stream(groups, { failAt: 2 }));
    expect(done).toMatchObject({
      status: 'FAILED',
      rowsRead: 4,
      accepted: 4,
      message: 'import stopped after 4 rows: connection reset by peer',
    });
    expect(ports.events.stored(a, shop.id)).toHaveLength(4);
  });
});

describe('ImportService presets', () => {
  const retail = (invoice: string, stockCode: string, more: Record<string, string> = {}): SourceRow => ({
    InvoiceNo: invoice,
    StockCode: stockCode,
    Description: 'WHITE HANGING HEART T-LIGHT HOLDER',
    Quantity: '6',
    InvoiceDate: '2010-12-01 08:26:00',
    UnitPrice: '2.55',
    CustomerID: '17850.0',
    Country: 'United Kingdom',
    ...more,
  });

  it('maps Online Retail lines to purchase events: invoice = session, ordinal per invoice in id and time', async () => {
    const { ports, imports, secret, shop, a } = await setup();
    const run = await imports.open(secret, shop.id, { ...EVENTS_CSV, preset: 'online-retail' });
    const done = await run.consume(
      stream([
        lines([
          retail('536365', '85123A'),
          retail('536365', '71053'),
          retail('C536379', 'D', { Quantity: '-1', CustomerID: '' }),
          retail('536365', '84406B'),
        ]),
      ]),
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', accepted: 4, rejected: 0 });
    const stored = ports.events.stored(a, shop.id);
    expect(
      stored.map((e) => [e.eventId, e.sessionId, e.userId, e.sku, e.quantity, e.occurredAt.toISOString()]),
    ).toEqual([
      ['536365:0', '536365', '17850', '85123A', 6, '2010-12-01T08:26:00.000Z'],
      ['536365:1', '536365', '17850', '71053', 6, '2010-12-01T08:26:00.001Z'],
      ['C536379:0', 'C536379', null, 'D', -1, '2010-12-01T08:26:00.000Z'],
      ['536365:2', '536365', '17850', '84406B', 6, '2010-12-01T08:26:00.002Z'],
    ]);
    expect(stored.every((e) => e.type === 'PURCHASE')).toBe(true);
  });

  it('re-imports the same Online Retail file as duplicates only', async () => {
    const { imports, secret, shop } = await setup();
    const file = lines([retail('536365', '85123A'), retail('536365', '71053')]);
    await (await imports.open(secret, shop.id, { ...EVENTS_CSV, preset: 'online-retail' })).consume(stream([file]));
    const again = await (
      await imports.open(secret, shop.id, { ...EVENTS_CSV, preset: 'online-retail' })
    ).consume(stream([file]));
    expect(again).toMatchObject({ rowsRead: 2, accepted: 0, duplicates: 2 });
  });

  it('builds the catalog from Online Retail lines with a positive quantity and price, filtered by country', async () => {
    const { items, imports, secret, shop } = await setup();
    const run = await imports.open(secret, shop.id, {
      kind: 'ITEMS',
      format: 'csv',
      preset: 'online-retail',
      where: 'Country=United Kingdom',
    });
    const done = await run.consume(
      stream([
        lines([
          retail('536365', '85123A'),
          retail('536366', '22633', { Description: 'HAND WARMER UNION JACK', UnitPrice: '1.85' }),
          retail('536367', 'B', { Description: 'Adjust bad debt', UnitPrice: '0' }),
          retail('C536379', '22633', { Quantity: '-2' }),
          retail('536370', '22728', { Description: 'ALARM CLOCK BAKELIKE PINK', Country: 'France' }),
        ]),
      ]),
    );
    expect(done).toMatchObject({ rowsRead: 5, accepted: 2, skipped: 3, rejected: 0, duplicates: 0 });
    expect(await items.get(secret, shop.id, '22633')).toMatchObject({
      title: 'HAND WARMER UNION JACK',
      price: 1.85,
      category: ['textiles'],
    });
    expect(await items.get(secret, shop.id, '22728')).toBeNull();
  });

  it('renames columns for the plain preset and refuses a malformed filter before opening a job', async () => {
    const { ports, items, imports, secret, shop } = await setup();
    const run = await imports.open(secret, shop.id, {
      ...ITEMS_CSV,
      columns: { sku: 'StockCode', title: 'Description' },
    });
    await run.consume(stream([lines([{ StockCode: 'A1', Description: 'Apron', price: '3' }])]));
    expect(await items.get(secret, shop.id, 'A1')).toMatchObject({ title: 'Apron', price: 3 });
    const jobs = ports.db.importJobs.size;
    await expect(imports.open(secret, shop.id, { ...ITEMS_CSV, where: 'Country' })).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'where',
    });
    expect(ports.db.importJobs.size).toBe(jobs);
  });
});

describe('ImportService.consume (items)', () => {
  it('writes item chunks one at a time, so a later row for a sku wins across chunks', async () => {
    const { ports, items, imports, secret, shop } = await setup({ chunkRows: 2, writesInFlight: 4 });
    ports.items.beforeWrite = yieldTurn;
    const run = await imports.open(secret, shop.id, ITEMS_CSV);
    const rows = lines([
      { sku: 'mug', title: 'Mug v1' },
      { sku: 'lamp', title: 'Lamp' },
      { sku: 'mug', title: 'Mug v2' },
      { sku: 'card', title: 'Card' },
      { sku: 'mug', title: 'Mug v3' },
    ]);
    const done = await run.consume(stream(groupsOf(rows, 2)));
    expect(done).toMatchObject({ status: 'SUCCEEDED', accepted: 5, duplicates: 0 });
    expect(ports.items.maxInFlight).toBe(1);
    expect(ports.items.upsertCalls).toEqual([2, 2, 1]);
    expect((await items.get(secret, shop.id, 'mug'))?.title).toBe('Mug v3');
  });

  it('tells serving once, at the end, that the catalog changed, and not when nothing was stored', async () => {
    const { ports, imports, secret, shop, a } = await setup({ chunkRows: 1 });
    await (
      await imports.open(secret, shop.id, ITEMS_CSV)
    ).consume(
      stream([
        lines([
          { sku: 'a', title: 'A' },
          { sku: 'b', title: 'B' },
        ]),
      ]),
    );
    expect(ports.changes.published).toEqual([{ kind: 'catalog-changed', tenantId: a, shopId: shop.id }]);
    await (await imports.open(secret, shop.id, ITEMS_CSV)).consume(stream([lines([{ sku: 'c' }])]));
    expect(ports.changes.published).toHaveLength(1);
  });
});

describe('ImportService.consume (items) failing midway', () => {
  it('still tells serving about the chunks it stored before failing', async () => {
    const { ports, items, imports, secret, shop, a } = await setup({ chunkRows: 2 });
    ports.items.beforeWrite = (call) => {
      if (call === 2) throw new Error('connection terminated');
    };
    const rows = lines(['a', 'b', 'c', 'd'].map((sku) => ({ sku, title: sku.toUpperCase() })));
    const done = await (await imports.open(secret, shop.id, ITEMS_CSV)).consume(stream(groupsOf(rows, 2)));
    expect(done).toMatchObject({ status: 'FAILED', accepted: 2 });
    expect((await items.get(secret, shop.id, 'b'))?.title).toBe('B');
    expect(ports.changes.published).toEqual([{ kind: 'catalog-changed', tenantId: a, shopId: shop.id }]);
  });
});

describe('ImportService access', () => {
  it("opens imports only for the caller's shops with a secret key", async () => {
    const { ports, imports, secret, otherShop, a } = await setup();
    await expect(imports.open(secret, otherShop.id, EVENTS_CSV)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    const publishable: Principal = { kind: 'key', tenantId: a, keyId: KEY_ID, keyKind: 'PUBLISHABLE' };
    await expect(imports.open(publishable, otherShop.id, EVENTS_CSV)).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    expect(ports.db.importJobs.size).toBe(0);
  });

  it("reads another tenant's job as missing and lists the shop's jobs newest first, 1 to 100 of them", async () => {
    const { ports, imports, secret, otherSecret, shop, otherShop } = await setup();
    const first = await imports.open(secret, shop.id, EVENTS_CSV);
    ports.clock.advance(1_000);
    const second = await imports.open(secret, shop.id, ITEMS_CSV);
    const theirs = await imports.open(otherSecret, otherShop.id, EVENTS_CSV);
    for (const id of [theirs.job.id, MISSING_ID, 'job-1']) {
      await expect(imports.get(secret, id)).rejects.toMatchObject({
        code: ErrorCode.NotFound,
        message: `import job ${JSON.stringify(id)} not found`,
      });
    }
    expect((await imports.list(secret, shop.id)).map((j) => j.id)).toEqual([second.job.id, first.job.id]);
    expect((await imports.list(secret, shop.id, 0)).map((j) => j.id)).toEqual([second.job.id]);
    for (let i = 0; i < 100; i++) await imports.open(secret, shop.id, EVENTS_CSV);
    expect(await imports.list(secret, shop.id, 1_000)).toHaveLength(100);
  });
});
