// Moves tracked impressions and clicks from the write-ahead log into the database in batches. A batch is
// acknowledged only after its insert commits; a crash in between redelivers it, and the store's unique key
// makes the second insert a no-op, so every acknowledged event is counted exactly once.

import type { TrackingOutbox, TrackingStore } from './tracking.ports.ts';

export interface FlushStats {
  readonly read: number;
  readonly inserted: number;
  readonly malformed: number;
}

export class TrackingFlusher {
  constructor(
    private readonly outbox: TrackingOutbox,
    private readonly store: TrackingStore,
    private readonly options: { readonly batchSize?: number; readonly blockMs?: number } = {},
  ) {}

  /** Reads one batch (waiting up to blockMs for one), stores it and acknowledges it. */
  async flushOnce(): Promise<FlushStats> {
    const batch = await this.outbox.read(this.options.batchSize ?? 2_000, this.options.blockMs ?? 1_000);
    if (!batch) return { read: 0, inserted: 0, malformed: 0 };
    const inserted = batch.events.length > 0 ? await this.store.insert(batch.events) : 0;
    await batch.ack();
    return { read: batch.events.length, inserted, malformed: batch.malformed };
  }

  /** Flushes until the signal aborts; a failed batch stays unacknowledged and is retried after a pause. */
  async run(signal: AbortSignal, onError: (error: unknown) => void = () => undefined): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.flushOnce();
      } catch (error) {
        if (signal.aborted) return;
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }
}
