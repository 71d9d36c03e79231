// Row-level errors for batches: which row (0-based index in the batch, or the file's line number for bulk
// imports), which field, and why. Valid rows of the same batch are still stored.

export interface RowError {
  readonly index: number;
  readonly field: string | null;
  readonly message: string;
}

export const MAX_BATCH_ROWS = 10_000;
