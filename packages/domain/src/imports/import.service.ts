// Bulk file imports: a stream of parsed rows (from CSV or NDJSON, decoded by the transport) is mapped, validated
// and stored in chunks, with one write in flight while the next chunk is parsed. The ImportJob row carries
// progress while it runs and the counts and first row errors when it ends. Rows already stored when a stream
// fails stay stored; re-sending the same file is safe because events are idempotent by eventId and items by sku.
//
// Jobs that die are seen to die: a running import holds a lease on its job row, refreshed with the counts by
// a heartbeat and after every stored chunk. An import whose process was killed stops refreshing it; once the
// lease lapses, any API process (reapInterrupted, run periodically) marks the job FAILED as interrupted, with
// the counts last written: every chunk counted there is stored, and at most the chunks that were in flight
// (writesInFlight × chunkRows rows) may be stored beyond them.

import { secretScope, type Principal } from '../tenancy/principal.ts';
import { notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { RowError } from '../shared/row-error.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import type { ItemService } from '../catalog/item.service.ts';
import type { EventService } from '../events/event.service.ts';
import { validateItem, type ItemRecord } from '../catalog/item.validation.ts';
import { validateEvent, type EventRecord } from '../events/event.validation.ts';
import type { ImportCounts, ImportJob, ImportJobRepository, ImportKind } from './imports.ports.ts';
import { createRowMapper, type MappingOptions, type SourceRow } from './row-mapping.ts';

/** One parsed source record: its values, or why the parser could not read it. `line` is 1-based in the file. */
export type SourceRecord =
  { readonly line: number; readonly row: SourceRow } | { readonly line: number; readonly error: string };

export interface ImportRequest extends MappingOptions {
  readonly kind: ImportKind;
  readonly format: string;
  readonly source?: string | null;
}

export interface ImportServiceOptions {
  readonly chunkRows?: number;
  readonly errorCap?: number;
  readonly progressEveryMs?: number;
  /** Chunks written concurrently; each takes a database connection. */
  readonly writesInFlight?: number;
  /** How long a running import's lease lasts without a refresh (refreshed every third of it). Default 30 s. */
  readonly leaseMs?: number;
  readonly now?: () => number;
}

export const INTERRUPTED_MESSAGE =
  'interrupted: the API process running this import stopped (its lease lapsed); the counts are those it last confirmed as stored, and rows of at most the chunks then in flight may be stored beyond them; re-send the file (idempotent) to finish it';

export class ImportService {
  private readonly chunkRows: number;
  private readonly errorCap: number;
  private readonly progressEveryMs: number;
  private readonly writesInFlight: number;
  private readonly leaseMs: number;
  private readonly now: () => number;

  constructor(
    private readonly jobs: ImportJobRepository,
    private readonly shops: ShopService,
    private readonly items: ItemService,
    private readonly events: EventService,
    options: ImportServiceOptions = {},
  ) {
    this.chunkRows = options.chunkRows ?? 5_000;
    this.errorCap = options.errorCap ?? 1_000;
    this.progressEveryMs = options.progressEveryMs ?? 1_000;
    this.writesInFlight = options.writesInFlight ?? 2;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** Checks the caller and the shop, and opens the job, before a byte of the body is read. */
  async open(principal: Principal, shopId: string, request: ImportRequest): Promise<ImportRun> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    const mapper = createRowMapper(request.kind, request);
    const job = await this.jobs.create({
      tenantId: scope.tenantId,
      shopId: shop.id,
      kind: request.kind,
      format: request.format,
      source: request.source ?? null,
      leaseUntil: new Date(this.now() + this.leaseMs),
    });
    return new ImportRun(job, mapper, this, this.jobs);
  }

  /** Marks FAILED (interrupted) every running import whose lease lapsed; returns how many. */
  async reapInterrupted(): Promise<ImportJob[]> {
    const jobs = await this.jobs.failLapsed(new Date(this.now()), INTERRUPTED_MESSAGE);
    // Their stored chunks are served like any others once announced.
    for (const job of jobs) await this.finished(job);
    return jobs;
  }

  async get(principal: Principal, id: string): Promise<ImportJob> {
    const scope = secretScope(principal);
    if (!isUuid(id)) throw notFound('import job', id);
    const job = await this.jobs.find(scope.tenantId, id);
    if (!job) throw notFound('import job', id);
    return job;
  }

  async list(principal: Principal, shopId: string, first = 20): Promise<ImportJob[]> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    return this.jobs.list(scope.tenantId, shop.id, Math.min(Math.max(first, 1), 100));
  }

  /** @internal used by ImportRun */
  settings(): {
    chunkRows: number;
    errorCap: number;
    progressEveryMs: number;
    writesInFlight: number;
    leaseMs: number;
    now: () => number;
  } {
    const { chunkRows, errorCap, progressEveryMs, writesInFlight, leaseMs, now } = this;
    return { chunkRows, errorCap, progressEveryMs, writesInFlight, leaseMs, now };
  }

  /** @internal used by ImportRun */
  async finished(job: ImportJob): Promise<void> {
    // Announced once per import, not per chunk: the rebuilds that follow read the whole shop anyway.
    if (job.accepted === 0) return;
    if (job.kind === 'ITEMS') await this.items.notifyChanged(job.tenantId, job.shopId);
    else await this.events.announce(job.tenantId, job.shopId);
  }

  /** @internal used by ImportRun */
  storeChunk(job: ImportJob, rows: ItemRecord[] | EventRecord[]): Promise<{ accepted: number; duplicates: number }> {
    if (job.kind === 'ITEMS') {
      return this.items
        .store(job.tenantId, job.shopId, rows as ItemRecord[])
        .then((r) => ({ accepted: r.upserted, duplicates: 0 }));
    }
    return this.events.store(job.tenantId, job.shopId, rows as EventRecord[], { announce: false });
  }
}

/** One running import. `consume` reads the whole stream; the returned job is final (SUCCEEDED or FAILED). */
export class ImportRun {
  private counts = { rowsRead: 0, accepted: 0, duplicates: 0, rejected: 0, skipped: 0 };
  private readonly errors: RowError[] = [];

  constructor(
    readonly job: ImportJob,
    private readonly mapRow: (row: SourceRow) => Record<string, unknown> | null,
    private readonly service: ImportService,
    private readonly jobs: ImportJobRepository,
  ) {}

  get progress(): ImportCounts {
    return { ...this.counts };
  }

  async consume(
    batches: AsyncIterable<readonly SourceRecord[]>,
    onProgress?: (c: ImportCounts) => void,
  ): Promise<ImportJob> {
    const settings = this.service.settings();
    const { chunkRows, errorCap, progressEveryMs, leaseMs, now } = settings;
    // accepted and duplicates count chunks once written, so the job row never says more is stored than is.
    const writeProgress = (): Promise<void> =>
      this.jobs.progress(this.job.tenantId, this.job.id, this.progress, new Date(now() + leaseMs));
    // The heartbeat keeps the lease while a slow upload sends nothing to parse.
    const heartbeat = setInterval(
      () => {
        writeProgress().catch(() => undefined);
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    heartbeat.unref?.();
    // Item chunks go one at a time: a later row for a sku must win over an earlier one, which concurrent upserts
    // would not guarantee. Event inserts commute (first eventId wins either way), so they overlap.
    const writesInFlight = this.job.kind === 'ITEMS' ? 1 : settings.writesInFlight;
    const { job } = this;
    let pending: ItemRecord[] | EventRecord[] = [];
    // Up to `writesInFlight` chunks are written concurrently (on separate connections) while parsing goes on;
    // the database, not this loop, is the bottleneck of an import.
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    let lastProgress = now();
    const flush = async (): Promise<void> => {
      while (inFlight.size >= writesInFlight) await Promise.race(inFlight);
      if (failure) throw asError(failure);
      const chunk = pending;
      pending = [];
      if (chunk.length === 0) return;
      const write: Promise<void> = this.service.storeChunk(job, chunk).then(
        (r) => {
          this.counts.accepted += r.accepted;
          this.counts.duplicates += r.duplicates;
          inFlight.delete(write);
          // Written before the next chunk is taken, so a job killed now says what is stored.
          return writeProgress().catch(() => undefined);
        },
        (error: unknown) => {
          failure ??= error;
          inFlight.delete(write);
        },
      );
      inFlight.add(write);
    };
    const settle = async (): Promise<void> => {
      await Promise.all(inFlight);
      if (failure) throw asError(failure);
    };
    try {
      for await (const batch of batches) {
        const t = now();
        for (const record of batch) {
          this.counts.rowsRead++;
          if ('error' in record) {
            this.reject({ index: record.line, field: null, message: record.error }, errorCap);
            continue;
          }
          const mapped = this.mapRow(record.row);
          if (mapped === null) {
            this.counts.skipped++;
            continue;
          }
          const v =
            job.kind === 'ITEMS'
              ? validateItem(mapped, record.line, true)
              : validateEvent(mapped, record.line, t, true);
          if (v.ok) (pending as unknown[]).push(v.value);
          else this.reject(v.error, errorCap);
        }
        if (pending.length >= chunkRows) await flush();
        if (t - lastProgress >= progressEveryMs) {
          lastProgress = t;
          onProgress?.(this.progress);
          await writeProgress();
        }
      }
      await flush();
      await settle();
      const done = await this.jobs.finish(job.tenantId, job.id, {
        ...this.counts,
        status: 'SUCCEEDED',
        errors: this.errors,
        message: null,
      });
      await this.service.finished(done);
      return done;
    } catch (error) {
      // Let the writes in flight settle so the counts say exactly what was stored.
      await Promise.all(inFlight);
      const message = error instanceof Error ? error.message : String(error);
      const failed = await this.jobs.finish(job.tenantId, job.id, {
        ...this.counts,
        status: 'FAILED',
        errors: this.errors,
        message: `import stopped after ${this.counts.rowsRead} rows: ${message}`,
      });
      // The chunks stored before the failure stay stored, so serving must hear about them like any others.
      await this.service.finished(failed);
      return failed;
    } finally {
      clearInterval(heartbeat);
    }
  }

  private reject(error: RowError, cap: number): void {
    this.counts.rejected++;
    if (this.errors.length < cap) this.errors.push(error);
  }
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
