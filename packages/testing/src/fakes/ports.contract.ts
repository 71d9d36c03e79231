// The behaviour both a fake and its adapter must have, written once and run against each (fakes.contract.test.ts
// in memory, adapters.contract.test.ts on PostgreSQL and Redis): this is what makes the fakes honest. Every
// scenario makes its own tenant, so one set of ports serves the whole suite.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiKeyRepository,
  EventRecord,
  ExperimentRepository,
  ImportJobRepository,
  ItemRecord,
  ItemRepository,
  RequestLog,
  ShopRepository,
  TenantRepository,
  TrackedEvent,
  TrackingOutbox,
  TrackingStore,
  EventRepository,
} from '@shopspace/domain';

export interface ContractPorts {
  readonly tenants: TenantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly shops: ShopRepository;
  readonly items: ItemRepository;
  readonly events: EventRepository;
  readonly imports: ImportJobRepository;
  readonly experiments: ExperimentRepository;
  readonly trackingStore: TrackingStore;
  /** A request log whose shop streams hold at most 3 unflushed entries. */
  readonly requestLog: RequestLog;
  readonly outbox: TrackingOutbox;
  close(): Promise<void>;
}

const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAA';
let counter = 0;
const unique = (label: string): string => `${label}-${++counter}`;
const hash = (): string => unique('h').padEnd(64, '0');

const item = (sku: string, more: Partial<ItemRecord> = {}): ItemRecord => ({
  sku,
  title: `Item ${sku}`,
  description: null,
  category: [],
  brand: null,
  price: null,
  attributes: null,
  active: true,
  ...more,
});

const event = (eventId: string, more: Partial<EventRecord> = {}): EventRecord => ({
  eventId,
  sessionId: 's1',
  userId: null,
  type: 'VIEW',
  sku: 'a',
  query: null,
  quantity: null,
  occurredAt: new Date('2026-01-01T00:00:00Z'),
  ...more,
});

export function describePortContract(label: string, open: () => Promise<ContractPorts>): void {
  describe(`port contract: ${label}`, () => {
    let p: ContractPorts;
    beforeAll(async () => {
      p = await open();
    });
    afterAll(async () => p?.close());

    async function tenantWithShop() {
      const tenant = await p.tenants.create(unique('tenant'));
      const shop = await p.shops.create(tenant.id, { handle: unique('shop'), name: 'Shop', currency: 'EUR' });
      if (!shop) throw new Error('shop not created');
      return { tenantId: tenant.id, shop };
    }

    describe('tenancy', () => {
      it('finds keys by hash without the hash, lists them oldest first, revokes them only in their tenant', async () => {
        const h1 = hash();
        const tenant = await p.tenants.createWithKeys(unique('t'), [
          { kind: 'SECRET', label: 'one', prefix: 'sk_live_aaaa', hash: h1 },
          { kind: 'PUBLISHABLE', label: 'two', prefix: 'pk_live_bbbb', hash: hash() },
        ]);
        const other = await p.tenants.create(unique('t'));
        const found = await p.apiKeys.findByHash(h1);
        expect(found).toMatchObject({ tenantId: tenant.id, kind: 'SECRET', label: 'one', revokedAt: null });
        expect(Object.keys(found ?? {})).not.toContain('hash');
        expect((await p.apiKeys.list(tenant.id)).map((k) => k.label)).toEqual(['one', 'two']);
        const id = found?.id ?? MISSING_ID;
        expect(await p.apiKeys.revoke(other.id, id, new Date('2026-02-01T00:00:00Z'))).toBeNull();
        expect((await p.apiKeys.findByHash(h1))?.revokedAt).toBeNull();
        const at = new Date('2026-02-02T00:00:00Z');
        expect((await p.apiKeys.revoke(tenant.id, id, at))?.revokedAt).toEqual(at);
        expect((await p.apiKeys.revoke(tenant.id, id, new Date('2026-03-01T00:00:00Z')))?.revokedAt).toEqual(at);
      });

      it('refuses a key hash already taken and a key of a missing tenant', async () => {
        const h = hash();
        const tenant = await p.tenants.createWithKeys(unique('t'), [
          { kind: 'SECRET', label: 'x', prefix: 'sk', hash: h },
        ]);
        await expect(
          p.apiKeys.create({ tenantId: tenant.id, kind: 'SECRET', label: null, prefix: 'sk', hash: h }),
        ).rejects.toThrow();
        await expect(
          p.apiKeys.create({ tenantId: MISSING_ID, kind: 'SECRET', label: null, prefix: 'sk', hash: hash() }),
        ).rejects.toThrow();
        expect(await p.tenants.findById(MISSING_ID)).toBeNull();
      });
    });

    describe('shops and items', () => {
      it('keeps handles unique per tenant and hides other tenants’ shops', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const other = await p.tenants.create(unique('t'));
        expect(await p.shops.create(tenantId, { handle: shop.handle, name: 'Again', currency: 'EUR' })).toBeNull();
        expect(await p.shops.create(other.id, { handle: shop.handle, name: 'Theirs', currency: 'GBP' })).toMatchObject({
          tenantId: other.id,
          itemCount: 0,
          eventCount: 0,
        });
        expect(await p.shops.find(other.id, shop.id)).toBeNull();
        // Services check ids before reading; one that forgot would fail on the uuid cast, not find nothing.
        await expect(p.shops.find(tenantId, 'not-a-uuid')).rejects.toThrow();
        expect(await p.shops.findByHandle(other.id, shop.handle)).toMatchObject({ tenantId: other.id });
      });

      it('upserts by sku, counting inserts and updates and keeping itemCount', async () => {
        const { tenantId, shop } = await tenantWithShop();
        expect(await p.items.upsertMany(tenantId, shop.id, [item('a'), item('b')])).toEqual({
          inserted: 2,
          updated: 0,
        });
        expect(
          await p.items.upsertMany(tenantId, shop.id, [item('b', { title: 'B2', price: 1.23456 }), item('c')]),
        ).toEqual({ inserted: 1, updated: 1 });
        expect((await p.shops.find(tenantId, shop.id))?.itemCount).toBe(3);
        expect(await p.items.find(tenantId, shop.id, 'b')).toMatchObject({ title: 'B2', price: 1.2346, active: true });
        expect(await p.items.upsertMany(tenantId, shop.id, [])).toEqual({ inserted: 0, updated: 0 });
      });

      it('fails a whole batch, writing nothing, on a repeated sku, a NUL, or another tenant’s shop', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const other = await tenantWithShop();
        await expect(p.items.upsertMany(tenantId, shop.id, [item('a'), item('a')])).rejects.toThrow();
        await expect(
          p.items.upsertMany(tenantId, shop.id, [item('b'), item('c', { title: 'x\u0000' })]),
        ).rejects.toThrow();
        await expect(p.items.upsertMany(tenantId, shop.id, [item('d', { price: 1e10 })])).rejects.toThrow();
        await expect(p.items.upsertMany(tenantId, other.shop.id, [item('e')])).rejects.toThrow();
        expect(await p.items.all(tenantId, shop.id)).toEqual([]);
        expect((await p.shops.find(tenantId, shop.id))?.itemCount).toBe(0);
        expect(await p.items.all(other.tenantId, other.shop.id)).toEqual([]);
      });

      it('deactivates only active items and pages in sku order with prefix or title matches', async () => {
        const { tenantId, shop } = await tenantWithShop();
        await p.items.upsertMany(tenantId, shop.id, [
          item('b-1', { title: 'Blue mug' }),
          item('a-2', { title: 'Red lamp' }),
          item('a-1', { title: 'Green MUG' }),
          item('c-1', { title: 'Card' }),
        ]);
        expect(await p.items.deactivate(tenantId, shop.id, ['a-1', 'zzz'])).toBe(1);
        expect(await p.items.deactivate(tenantId, shop.id, ['a-1'])).toBe(0);
        const page = await p.items.page(tenantId, shop.id, { first: 2, afterSku: null, query: null });
        expect(page.items.map((i) => i.sku)).toEqual(['a-1', 'a-2']);
        expect(page).toMatchObject({ hasNextPage: true, totalCount: 4 });
        const rest = await p.items.page(tenantId, shop.id, { first: 2, afterSku: 'a-2', query: null });
        expect(rest.items.map((i) => i.sku)).toEqual(['b-1', 'c-1']);
        expect(rest.hasNextPage).toBe(false);
        const mugs = await p.items.page(tenantId, shop.id, { first: 10, afterSku: null, query: 'mug' });
        expect(mugs.items.map((i) => i.sku)).toEqual(['a-1', 'b-1']);
        const prefix = await p.items.page(tenantId, shop.id, { first: 10, afterSku: null, query: 'A-' });
        expect(prefix).toMatchObject({ totalCount: 2 });
      });
    });

    describe('events', () => {
      it('skips eventIds the shop has or the batch repeats, first wins, and keeps eventCount', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const sister = await p.shops.create(tenantId, { handle: unique('sister'), name: 'S', currency: 'EUR' });
        expect(await p.events.insertMany(tenantId, shop.id, [event('e1'), event('e2'), event('e1')])).toBe(2);
        expect(await p.events.insertMany(tenantId, shop.id, [event('e2'), event('e3')])).toBe(1);
        expect(await p.events.insertMany(tenantId, sister?.id ?? MISSING_ID, [event('e1')])).toBe(1);
        expect((await p.shops.find(tenantId, shop.id))?.eventCount).toBe(3);
      });

      it('fails a whole batch on a quantity past int4 or another tenant’s shop', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const other = await tenantWithShop();
        await expect(
          p.events.insertMany(tenantId, shop.id, [event('e1'), event('e2', { quantity: 3_000_000_000 })]),
        ).rejects.toThrow();
        await expect(p.events.insertMany(tenantId, other.shop.id, [event('e3')])).rejects.toThrow();
        expect(await p.events.insertMany(tenantId, shop.id, [event('e1')])).toBe(1);
      });
    });

    describe('import jobs', () => {
      it('scopes every write and read by tenant, newest first', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const other = await p.tenants.create(unique('t'));
        const lease = new Date(Date.now() + 60_000);
        const job = await p.imports.create({
          tenantId,
          shopId: shop.id,
          kind: 'EVENTS',
          format: 'csv',
          source: null,
          leaseUntil: lease,
        });
        expect(job).toMatchObject({ status: 'RUNNING', rowsRead: 0, errors: [], finishedAt: null });
        const counts = { rowsRead: 5, accepted: 3, duplicates: 1, rejected: 1, skipped: 0 };
        await p.imports.progress(other.id, job.id, counts, lease);
        expect((await p.imports.find(tenantId, job.id))?.rowsRead).toBe(0);
        await p.imports.progress(tenantId, job.id, counts, lease);
        expect(await p.imports.find(tenantId, job.id)).toMatchObject(counts);
        const errors = [{ index: 3, field: 'sku', message: 'sku is required' }];
        await expect(
          p.imports.finish(other.id, job.id, { ...counts, status: 'SUCCEEDED', errors, message: null }),
        ).rejects.toThrow();
        const done = await p.imports.finish(tenantId, job.id, {
          ...counts,
          status: 'SUCCEEDED',
          errors,
          message: null,
        });
        expect(done).toMatchObject({ ...counts, status: 'SUCCEEDED', errors });
        expect(done.finishedAt).toBeInstanceOf(Date);
        expect(await p.imports.find(other.id, job.id)).toBeNull();
        expect((await p.imports.list(tenantId, shop.id, 10)).map((j) => j.id)).toEqual([job.id]);
      });

      it('fails the running jobs whose lease lapsed, once, with the counts last written', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const now = Date.now();
        const open = (leaseMs: number) =>
          p.imports.create({
            tenantId,
            shopId: shop.id,
            kind: 'ITEMS',
            format: 'csv',
            source: null,
            leaseUntil: new Date(now + leaseMs),
          });
        const lapsed = await open(1_000);
        const alive = await open(60_000);
        const counts = { rowsRead: 7, accepted: 5, duplicates: 0, rejected: 2, skipped: 0 };
        await p.imports.progress(tenantId, lapsed.id, counts, new Date(now + 1_000));
        const failed = await p.imports.failLapsed(new Date(now + 2_000), 'interrupted');
        expect(failed.map((j) => j.id)).toEqual([lapsed.id]);
        expect(failed[0]).toMatchObject({ ...counts, status: 'FAILED', message: 'interrupted' });
        expect(failed[0]?.finishedAt).toBeInstanceOf(Date);
        expect(await p.imports.failLapsed(new Date(now + 2_000), 'interrupted')).toEqual([]);
        expect((await p.imports.find(tenantId, alive.id))?.status).toBe('RUNNING');
        // A progress write after the job was failed does not bring it back.
        await p.imports.progress(tenantId, lapsed.id, { ...counts, rowsRead: 9 }, new Date(now + 60_000));
        expect(await p.imports.find(tenantId, lapsed.id)).toMatchObject({ status: 'FAILED', rowsRead: 7 });
      });
    });

    describe('experiments', () => {
      const variants = [
        { key: 'control', weight: 0.5, strategy: { algorithm: 'item2vec' as const } },
        { key: 'b', weight: 0.5, strategy: { algorithm: 'popularity' as const, modelVersionId: undefined } },
      ];

      it('runs one experiment per shop and placement, starts only drafts, stops only running ones', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const make = (placement: string) =>
          p.experiments.create({ tenantId, shopId: shop.id, name: unique('e'), placement, variants });
        const first = await make('pdp');
        const second = await make('pdp');
        expect(first.variants[1]).toEqual({ key: 'b', weight: 0.5, strategy: { algorithm: 'popularity' } });
        const at = new Date('2026-01-05T00:00:00Z');
        expect(await p.experiments.start(tenantId, first.id, at)).toMatchObject({
          experiment: { status: 'RUNNING', startedAt: at },
        });
        expect(await p.experiments.start(tenantId, second.id, at)).toMatchObject({ conflict: { id: first.id } });
        expect(await p.experiments.start(tenantId, first.id, at)).toMatchObject({ wrongStatus: { id: first.id } });
        expect(await p.experiments.running(tenantId, shop.id, 'pdp')).toMatchObject({ id: first.id });
        const changed = [
          { key: 'control', weight: 0.9, strategy: { algorithm: 'item2vec' as const } },
          { key: 'b', weight: 0.1, strategy: { algorithm: 'item2vec' as const } },
        ];
        expect((await p.experiments.updateVariants(tenantId, first.id, changed))?.variants[0]?.weight).toBe(0.5);
        expect((await p.experiments.updateVariants(tenantId, second.id, changed))?.variants[0]?.weight).toBe(0.9);
        expect(await p.experiments.stop(tenantId, second.id, at)).toMatchObject({ status: 'DRAFT', stoppedAt: null });
        expect(await p.experiments.stop(tenantId, first.id, at)).toMatchObject({ status: 'STOPPED', stoppedAt: at });
        expect(await p.experiments.start(tenantId, second.id, at)).toMatchObject({ experiment: { status: 'RUNNING' } });
      });

      it('hides another tenant’s experiments from every call', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const other = await p.tenants.create(unique('t'));
        const e = await p.experiments.create({ tenantId, shopId: shop.id, name: 'x', placement: 'p', variants });
        const at = new Date();
        expect(await p.experiments.find(other.id, e.id)).toBeNull();
        expect(await p.experiments.start(other.id, e.id, at)).toBeNull();
        expect(await p.experiments.stop(other.id, e.id, at)).toBeNull();
        expect(await p.experiments.updateVariants(other.id, e.id, variants)).toBeNull();
        expect(await p.experiments.list(other.id, shop.id)).toEqual([]);
        expect((await p.experiments.find(tenantId, e.id))?.status).toBe('DRAFT');
      });
    });

    describe('tracking store', () => {
      it('stores each (request, kind, sku) once and counts experiments by the day the list was served', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const e = await p.experiments.create({
          tenantId,
          shopId: shop.id,
          name: 'x',
          placement: 'p',
          variants: [
            { key: 'control', weight: 0.5, strategy: { algorithm: 'item2vec' } },
            { key: 'b', weight: 0.5, strategy: { algorithm: 'item2vec' } },
          ],
        });
        const tracked = (sku: string, kind: TrackedEvent['kind'], more: Partial<TrackedEvent> = {}): TrackedEvent => ({
          tenantId,
          shopId: shop.id,
          requestId: `${shop.id}.r1`,
          kind,
          sku,
          position: 0,
          placement: 'p',
          experimentId: e.id,
          variant: 'b',
          servedAt: new Date('2026-01-03T23:59:00Z'),
          occurredAt: new Date('2026-01-04T00:01:00Z'),
          ...more,
        });
        expect(
          await p.trackingStore.insert([
            tracked('a', 'IMPRESSION'),
            tracked('a', 'IMPRESSION'),
            tracked('a', 'CLICK'),
            tracked('b', 'IMPRESSION', { variant: null }),
            tracked('c', 'IMPRESSION', { shopId: MISSING_ID }),
          ]),
        ).toBe(3);
        expect(
          await p.trackingStore.insert([tracked('a', 'CLICK'), tracked('d', 'IMPRESSION', { variant: 'control' })]),
        ).toBe(1);
        expect(await p.trackingStore.dailyCounts(tenantId, e.id)).toEqual([
          { variant: 'b', date: '2026-01-03', impressions: 1, clicks: 1 },
          { variant: 'control', date: '2026-01-03', impressions: 1, clicks: 0 },
        ]);
        const other = await p.tenants.create(unique('t'));
        expect(await p.trackingStore.dailyCounts(other.id, e.id)).toEqual([]);
      });
    });

    describe('request log and outbox', () => {
      it('checks a request whole, marks each (kind, sku) once, and hands the entries to the flusher', async () => {
        const { tenantId, shop } = await tenantWithShop();
        const other = await p.tenants.create(unique('t'));
        const servedAt = new Date('2026-01-02T10:00:00Z');
        await p.requestLog.remember({
          tenantId,
          shopId: shop.id,
          token: TOKEN,
          placement: 'home',
          experimentId: null,
          variant: null,
          skus: ['a', 'b'],
          servedAt,
          context: {
            sessionId: 's-1',
            userId: 'u-1',
            visitorId: 'u-1',
            sessionSkus: ['x', 'y'],
            strategy: 'served',
            modelVersionId: null,
          },
        });
        const at = new Date('2026-01-02T10:00:05Z');
        expect(await p.requestLog.track(other.id, shop.id, TOKEN, 'IMPRESSION', ['a'], at)).toEqual({
          status: 'unknown-request',
        });
        expect(await p.requestLog.track(tenantId, shop.id, TOKEN, 'IMPRESSION', ['a', 'x', 'y'], at)).toEqual({
          status: 'not-shown',
          sku: 'x',
        });
        expect(await p.requestLog.track(tenantId, shop.id, TOKEN, 'CLICK', ['b'], at)).toEqual({
          status: 'ok',
          added: 1,
        });
        expect(await p.requestLog.track(tenantId, shop.id, TOKEN, 'IMPRESSION', ['a', 'b'], at)).toEqual({
          status: 'ok',
          added: 1,
        });
        // Three entries are the bound: the shop's log is full until the flusher acknowledges.
        expect(await p.requestLog.track(tenantId, shop.id, TOKEN, 'CLICK', ['a'], at)).toEqual({
          status: 'backlog-full',
        });
        const batch = await p.outbox.read(10, 50);
        expect(batch?.events.map((e) => `${e.kind}:${e.sku}@${e.position}`)).toEqual([
          'IMPRESSION:b@1',
          'CLICK:b@1',
          'IMPRESSION:a@0',
        ]);
        expect(batch?.events[0]).toEqual({
          tenantId,
          shopId: shop.id,
          requestId: `${shop.id}.${TOKEN}`,
          kind: 'IMPRESSION',
          sku: 'b',
          position: 1,
          placement: 'home',
          experimentId: null,
          variant: null,
          servedAt,
          occurredAt: at,
          // The request's context rides on its first entry only.
          request: {
            sessionId: 's-1',
            userId: 'u-1',
            visitorId: 'u-1',
            sessionSkus: ['x', 'y'],
            strategy: 'served',
            modelVersionId: null,
            skus: ['a', 'b'],
          },
        });
        expect(batch?.events.slice(1).map((e) => e.request)).toEqual([undefined, undefined]);
        await batch?.ack();
        expect(await p.requestLog.track(tenantId, shop.id, TOKEN, 'CLICK', ['a'], at)).toEqual({
          status: 'ok',
          added: 1,
        });
        expect((await p.outbox.read(10, 50))?.events.map((e) => e.kind)).toEqual(['CLICK']);
      });
    });
  });
}
