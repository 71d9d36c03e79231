// In-memory tracking: the request log and per-shop write-ahead streams with the Redis adapter's semantics
// (requests under tenant and shop that expire, all-or-nothing checks, each (kind, sku) marked once, a click
// implying its impression, a bound on each shop's unflushed stream), and the tracking store with the SQL
// adapter's (unique (tenant, request, kind, sku), rows of an unknown shop dropped, daily counts by the UTC day
// the list was served, only for an existing experiment and a non-null variant).

import type {
  DailyCount,
  OutboxBatch,
  RequestLog,
  ServedRequest,
  TrackKind,
  TrackOutcome,
  TrackedEvent,
  TrackingOutbox,
  TrackingStore,
} from '@shopspace/domain';
import { FakeClock } from './fake-clock.ts';
import { FakeDatabaseError, SqlState, copy, rowKey, settle, type FakeDatabase } from './fake-database.ts';

interface StreamEntry {
  readonly seq: number;
  /** null: an entry the reader cannot parse (dropped and counted as malformed). */
  readonly event: TrackedEvent | null;
  delivered: boolean;
}

/** The shops' write-ahead streams and the flush group's view of them. */
export class FakeTrackingOutbox implements TrackingOutbox {
  readonly #streams = new Map<string, StreamEntry[]>();
  #seq = 0;

  /** Appends to the shop's stream (the request log's job; public so a test can plant entries). */
  append(event: TrackedEvent): void {
    this.stream(event.tenantId, event.shopId).push({ seq: ++this.#seq, event: copy(event), delivered: false });
  }

  /** An entry another product version wrote in a shape this reader cannot parse. */
  appendMalformed(tenantId: string, shopId: string): void {
    this.stream(tenantId, shopId).push({ seq: ++this.#seq, event: null, delivered: false });
  }

  /** Entries of the shop's stream not yet acknowledged (XLEN: delivered or not). */
  length(tenantId: string, shopId: string): number {
    return this.#streams.get(rowKey(tenantId, shopId))?.length ?? 0;
  }

  /** Entries delivered to a reader and not acknowledged. */
  get pending(): number {
    return [...this.#streams.values()].reduce((n, s) => n + s.filter((e) => e.delivered).length, 0);
  }

  /** Every entry of every stream not yet acknowledged, oldest first. */
  entries(): TrackedEvent[] {
    return [...this.#streams.values()]
      .flat()
      .sort((a, b) => a.seq - b.seq)
      .flatMap((e) => (e.event ? [copy(e.event)] : []));
  }

  /** A reader died: what it was given and never acknowledged is delivered again (XAUTOCLAIM after idle). */
  reclaimPending(): void {
    for (const stream of this.#streams.values()) for (const e of stream) e.delivered = false;
  }

  /** Up to `max` undelivered entries, oldest first; null at once when there are none (it never blocks). */
  read(max: number, _blockMs: number): Promise<OutboxBatch | null> {
    return settle(() => {
      const batch = [...this.#streams.values()]
        .flat()
        .filter((e) => !e.delivered)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, max);
      if (batch.length === 0) return null;
      for (const e of batch) e.delivered = true;
      const ids = new Set(batch.map((e) => e.seq));
      return {
        events: batch.flatMap((e) => (e.event ? [copy(e.event)] : [])),
        malformed: batch.filter((e) => e.event === null).length,
        ack: () =>
          settle(() => {
            for (const [key, stream] of this.#streams) {
              this.#streams.set(
                key,
                stream.filter((e) => !ids.has(e.seq)),
              );
            }
          }),
      };
    });
  }

  private stream(tenantId: string, shopId: string): StreamEntry[] {
    const key = rowKey(tenantId, shopId);
    let stream = this.#streams.get(key);
    if (!stream) this.#streams.set(key, (stream = []));
    return stream;
  }
}

interface RememberedRequest {
  readonly request: ServedRequest;
  /** Position of each sku shown; a sku shown twice keeps its last position (HSET semantics). */
  readonly positions: ReadonlyMap<string, number>;
  /** `i:<sku>` and `c:<sku>` once tracked; `cx` once the context was streamed. */
  readonly marks: Set<string>;
  readonly expiresAt: number;
}

export interface FakeRequestLogOptions {
  readonly outbox?: FakeTrackingOutbox;
  /** Expires remembered requests; a fixed FakeClock by default. */
  readonly clock?: FakeClock;
  readonly ttlSeconds?: number;
  /** Unflushed entries a shop's stream may hold before tracking is refused. */
  readonly maxBacklog?: number;
}

export class FakeRequestLog implements RequestLog {
  readonly outbox: FakeTrackingOutbox;
  readonly #clock: FakeClock;
  readonly #ttlMs: number;
  readonly #maxBacklog: number;
  readonly #requests = new Map<string, RememberedRequest>();

  constructor(options: FakeRequestLogOptions = {}) {
    this.outbox = options.outbox ?? new FakeTrackingOutbox();
    this.#clock = options.clock ?? new FakeClock();
    this.#ttlMs = (options.ttlSeconds ?? 3_600) * 1_000;
    this.#maxBacklog = options.maxBacklog ?? 1_000_000;
  }

  remember(request: ServedRequest): Promise<void> {
    return settle(() => {
      const positions = new Map<string, number>();
      request.skus.forEach((sku, position) => positions.set(sku, position));
      this.#requests.set(rowKey(request.tenantId, request.shopId, request.token), {
        request: copy(request),
        positions,
        marks: new Set(),
        expiresAt: this.#clock.now() + this.#ttlMs,
      });
    });
  }

  track(
    tenantId: string,
    shopId: string,
    token: string,
    kind: TrackKind,
    skus: readonly string[],
    at: Date,
  ): Promise<TrackOutcome> {
    return settle((): TrackOutcome => {
      const key = rowKey(tenantId, shopId, token);
      const remembered = this.#requests.get(key);
      if (!remembered || remembered.expiresAt <= this.#clock.now()) {
        this.#requests.delete(key);
        return { status: 'unknown-request' };
      }
      for (const sku of skus) if (!remembered.positions.has(sku)) return { status: 'not-shown', sku };
      if (this.outbox.length(tenantId, shopId) >= this.#maxBacklog) return { status: 'backlog-full' };
      const { request } = remembered;
      const mark = (k: TrackKind, sku: string): number => {
        const flag = `${k === 'CLICK' ? 'c' : 'i'}:${sku}`;
        if (remembered.marks.has(flag)) return 0;
        remembered.marks.add(flag);
        const context = request.context && !remembered.marks.has('cx') ? request.context : undefined;
        if (context) remembered.marks.add('cx');
        this.outbox.append({
          tenantId: request.tenantId,
          shopId: request.shopId,
          requestId: `${shopId}.${token}`,
          kind: k,
          sku,
          position: remembered.positions.get(sku) ?? 0,
          placement: request.placement,
          experimentId: request.experimentId,
          variant: request.variant,
          servedAt: new Date(request.servedAt),
          occurredAt: new Date(at),
          ...(context ? { request: { ...copy(context), skus: [...request.skus] } } : {}),
        });
        return 1;
      };
      let added = 0;
      for (const sku of skus) {
        if (kind === 'CLICK') {
          mark('IMPRESSION', sku);
          added += mark('CLICK', sku);
        } else {
          added += mark('IMPRESSION', sku);
        }
      }
      return { status: 'ok', added };
    });
  }
}

const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

export class FakeTrackingStore implements TrackingStore {
  constructor(private readonly db: FakeDatabase) {}

  insert(events: readonly TrackedEvent[]): Promise<number> {
    return settle(() => {
      const { db } = this;
      // The arrays are cast as a whole first: one bad id or text fails the batch.
      for (const e of events) {
        db.uuid(e.tenantId, 'tracked_events.tenant_id');
        db.uuid(e.shopId, 'tracked_events.shop_id');
        if (e.experimentId !== null) db.uuid(e.experimentId, 'tracked_events.experiment_id');
        for (const [column, value] of [
          ['request_id', e.requestId],
          ['sku', e.sku],
          ['placement', e.placement],
          ['variant', e.variant],
        ] as const) {
          db.text(value, `tracked_events.${column}`);
        }
        db.int4(e.position, 'tracked_events.position');
        if (e.kind !== 'IMPRESSION' && e.kind !== 'CLICK') {
          throw new FakeDatabaseError(SqlState.InvalidTextRepresentation, `invalid input value for enum "TrackKind"`);
        }
      }
      let inserted = 0;
      const recordedAt = db.now();
      for (const e of events) {
        if (!db.shopOf(e.tenantId, e.shopId)) continue;
        const key = rowKey(e.tenantId, e.requestId, e.kind, e.sku);
        if (e.request && !db.trackedRequests.has(rowKey(e.tenantId, e.requestId)))
          db.trackedRequests.set(rowKey(e.tenantId, e.requestId), {
            tenantId: e.tenantId,
            shopId: e.shopId,
            requestId: e.requestId,
            placement: e.placement,
            experimentId: e.experimentId,
            variant: e.variant,
            servedAt: new Date(e.servedAt),
            ...copy(e.request),
          });
        if (db.trackedEvents.has(key)) continue;
        const { request: _request, ...event } = e;
        db.trackedEvents.set(key, { ...copy(event), recordedAt });
        inserted++;
        if (e.variant === null || e.experimentId === null) continue;
        const experiment = db.experiments.get(e.experimentId);
        if (experiment?.tenantId !== e.tenantId) continue;
        this.addDaily(e.tenantId, e.experimentId, e.variant, utcDay(e.servedAt), e.kind === 'CLICK' ? [0, 1] : [1, 0]);
      }
      return inserted;
    });
  }

  dailyCounts(tenantId: string, experimentId: string): Promise<DailyCount[]> {
    return settle(() => {
      this.db.uuid(tenantId, 'experiment_daily.tenant_id');
      this.db.uuid(experimentId, 'experiment_daily.experiment_id');
      return [...this.db.experimentDaily.values()]
        .filter((r) => r.tenantId === tenantId && r.experimentId === experimentId)
        .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.variant < b.variant ? -1 : 1))
        .map((r) => ({ variant: r.variant, date: r.day, impressions: r.impressions, clicks: r.clicks }));
    });
  }

  /**
   * Adds counts to an experiment's day directly (a fixture insert into experiment_daily, for results with
   * known totals); the experiment must exist in the tenant, as the foreign key demands.
   */
  seedDaily(
    tenantId: string,
    experimentId: string,
    row: { readonly variant: string; readonly date: string; readonly impressions: number; readonly clicks: number },
  ): void {
    const experiment = this.db.experiments.get(this.db.uuid(experimentId, 'experiment_daily.experiment_id'));
    if (experiment?.tenantId !== tenantId) {
      throw new FakeDatabaseError(
        SqlState.ForeignKeyViolation,
        `insert into experiment_daily violates foreign key: no experiment (${tenantId}, ${experimentId})`,
      );
    }
    this.addDaily(tenantId, experimentId, row.variant, row.date, [row.impressions, row.clicks]);
  }

  private addDaily(
    tenantId: string,
    experimentId: string,
    variant: string,
    day: string,
    [impressions, clicks]: readonly [number, number],
  ): void {
    const key = rowKey(experimentId, variant, day);
    const row = this.db.experimentDaily.get(key) ?? { tenantId, experimentId, variant, day, impressions: 0, clicks: 0 };
    row.impressions += impressions;
    row.clicks += clicks;
    this.db.experimentDaily.set(key, row);
  }
}
