// Groups parsed items into arrays of a fixed size, so a consumer pays one await per batch, not per row.

import { FormatError, FormatErrorCode } from './formats.errors.ts';

export const DEFAULT_BATCH_SIZE = 2_000;

export function checkBatchSize(batchSize: number): number {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new FormatError(FormatErrorCode.InvalidOption, `batchSize must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
}

export class BatchCollector<T> {
  #batch: T[] = [];
  #ready: T[][] = [];

  constructor(private readonly size: number) {}

  push(item: T): void {
    this.#batch.push(item);
    if (this.#batch.length === this.size) {
      this.#ready.push(this.#batch);
      this.#batch = [];
    }
  }

  /** Full batches so far; with `final`, also the last partial one. */
  take(final = false): T[][] {
    if (final && this.#batch.length > 0) {
      this.#ready.push(this.#batch);
      this.#batch = [];
    }
    const ready = this.#ready;
    this.#ready = [];
    return ready;
  }
}
