// Port for import job records.

import type { RowError } from '../shared/row-error.ts';

export type ImportKind = 'ITEMS' | 'EVENTS';
export type ImportStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface ImportCounts {
  readonly rowsRead: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly skipped: number;
}

export interface ImportJob extends ImportCounts {
  readonly id: string;
  readonly tenantId: string;
  readonly shopId: string;
  readonly kind: ImportKind;
  readonly format: string;
  readonly source: string | null;
  readonly status: ImportStatus;
  readonly errors: RowError[];
  readonly message: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  /** While RUNNING, until when the process running it vouches for it (see ImportJobRepository.failLapsed). */
  readonly leaseUntil?: Date | null;
}

export interface ImportJobRepository {
  create(input: {
    tenantId: string;
    shopId: string;
    kind: ImportKind;
    format: string;
    source: string | null;
    leaseUntil: Date;
  }): Promise<ImportJob>;
  /** Writes the counts so far and extends the lease of a RUNNING job. */
  progress(tenantId: string, id: string, counts: ImportCounts, leaseUntil: Date): Promise<void>;
  finish(
    tenantId: string,
    id: string,
    result: ImportCounts & { status: Exclude<ImportStatus, 'RUNNING'>; errors: RowError[]; message: string | null },
  ): Promise<ImportJob>;
  /**
   * Marks FAILED, with `message` and the counts last written, every RUNNING job whose lease lapsed before
   * `now` (its process died or hung); returns those jobs.
   */
  failLapsed(now: Date, message: string): Promise<ImportJob[]>;
  find(tenantId: string, id: string): Promise<ImportJob | null>;
  list(tenantId: string, shopId: string, first: number): Promise<ImportJob[]>;
}
