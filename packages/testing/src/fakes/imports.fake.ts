// In-memory import job records with the Prisma adapter's semantics: updates scoped by tenant that touch nothing
// when the job is not the tenant's, `finish` stamping finishedAt and reading the row back (an error when gone).

import type {
  ImportCounts,
  ImportJob,
  ImportJobRepository,
  ImportKind,
  ImportStatus,
  RowError,
} from '@shopspace/domain';
import { FakeDatabaseError, SqlState, copy, settle, type FakeDatabase, type ImportJobRow } from './fake-database.ts';

export class FakeImportJobRepository implements ImportJobRepository {
  /** Every progress write, in order, with the job it was for. */
  readonly progressWrites: Array<{ readonly id: string; readonly counts: ImportCounts }> = [];

  constructor(private readonly db: FakeDatabase) {}

  create(input: {
    tenantId: string;
    shopId: string;
    kind: ImportKind;
    format: string;
    source: string | null;
    leaseUntil: Date;
  }): Promise<ImportJob> {
    return settle(() => {
      this.db.requireShop(input.tenantId, input.shopId, 'import_jobs');
      const row: ImportJobRow = {
        id: this.db.newId(),
        tenantId: input.tenantId,
        shopId: input.shopId,
        kind: input.kind,
        format: this.db.text(input.format, 'import_jobs.format'),
        source: this.db.text(input.source, 'import_jobs.source'),
        status: 'RUNNING',
        rowsRead: 0,
        accepted: 0,
        duplicates: 0,
        rejected: 0,
        skipped: 0,
        errors: [],
        message: null,
        startedAt: this.db.now(),
        finishedAt: null,
        leaseUntil: input.leaseUntil,
      };
      this.db.importJobs.set(row.id, row);
      return copy(row);
    });
  }

  progress(tenantId: string, id: string, counts: ImportCounts, leaseUntil: Date): Promise<void> {
    return settle(() => {
      const row = this.row(tenantId, id);
      this.progressWrites.push({ id, counts: copy(counts) });
      if (row?.status === 'RUNNING') Object.assign(row, pickCounts(counts), { leaseUntil });
    });
  }

  failLapsed(now: Date, message: string): Promise<ImportJob[]> {
    return settle(() => {
      const lapsed = [...this.db.importJobs.values()].filter(
        (j) => j.status === 'RUNNING' && j.leaseUntil !== null && j.leaseUntil < now,
      );
      for (const j of lapsed) Object.assign(j, { status: 'FAILED', message, finishedAt: now, leaseUntil: null });
      return lapsed.map(copy);
    });
  }

  finish(
    tenantId: string,
    id: string,
    result: ImportCounts & { status: Exclude<ImportStatus, 'RUNNING'>; errors: RowError[]; message: string | null },
  ): Promise<ImportJob> {
    return settle(() => {
      const row = this.row(tenantId, id);
      if (!row) throw new FakeDatabaseError(SqlState.RecordNotFound, `no import job ${id} in tenant ${tenantId}`);
      Object.assign(row, pickCounts(result), {
        status: result.status,
        errors: this.db.json(result.errors, 'import_jobs.errors'),
        message: this.db.text(result.message, 'import_jobs.message'),
        finishedAt: this.db.now(),
        leaseUntil: null,
      });
      return copy(row);
    });
  }

  find(tenantId: string, id: string): Promise<ImportJob | null> {
    return settle(() => {
      const row = this.row(tenantId, id);
      return row ? copy(row) : null;
    });
  }

  list(tenantId: string, shopId: string, first: number): Promise<ImportJob[]> {
    return settle(() => {
      this.db.uuid(tenantId, 'import_jobs.tenant_id');
      this.db.uuid(shopId, 'import_jobs.shop_id');
      return [...this.db.importJobs.values()]
        .filter((j) => j.tenantId === tenantId && j.shopId === shopId)
        .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1))
        .slice(0, first)
        .map(copy);
    });
  }

  private row(tenantId: string, id: string): ImportJobRow | undefined {
    this.db.uuid(tenantId, 'import_jobs.tenant_id');
    const row = this.db.importJobs.get(this.db.uuid(id, 'import_jobs.id'));
    return row?.tenantId === tenantId ? row : undefined;
  }
}

const pickCounts = (c: ImportCounts): ImportCounts => ({
  rowsRead: c.rowsRead,
  accepted: c.accepted,
  duplicates: c.duplicates,
  rejected: c.rejected,
  skipped: c.skipped,
});
