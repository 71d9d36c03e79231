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
}

export interface ImportJobRepository {
  create(input: {
    tenantId: string;
    shopId: string;
    kind: ImportKind;
    format: string;
    source: string | null;
  }): Promise<ImportJob>;
  progress(tenantId: string, id: string, counts: ImportCounts): Promise<void>;
  finish(
    tenantId: string,
    id: string,
    result: ImportCounts & { status: Exclude<ImportStatus, 'RUNNING'>; errors: RowError[]; message: string | null },
  ): Promise<ImportJob>;
  find(tenantId: string, id: string): Promise<ImportJob | null>;
  list(tenantId: string, shopId: string, first: number): Promise<ImportJob[]>;
}
