// Per-shop rebuilds on BullMQ, debounced: every call within one window maps to the same job id (tenant, shop,
// window number), delayed to the window's end, so a burst of ingestion costs one rebuild, and what arrives
// while a rebuild runs gets the next window's. `now` (e.g. after a training run) rebuilds at once under a job id
// of its own. Used for the event-based baselines and the autocomplete query models.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AutocompleteScheduler, BaselineScheduler } from '@shopspace/domain';
import { JOBS } from './jobs.ts';
import { bullPrefix } from './training.queue.ts';

export type DebouncedJob = 'baselines' | 'autocomplete';

export class BullDebouncedScheduler implements BaselineScheduler, AutocompleteScheduler {
  readonly queue: Queue;

  constructor(
    private readonly job: DebouncedJob,
    connection: Redis,
    redisPrefix: string,
    private readonly debounceMs = 60_000,
  ) {
    this.queue = new Queue(JOBS[job].queue, {
      connection: connection.duplicate({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(redisPrefix),
    });
  }

  async schedule(tenantId: string, shopId: string, options: { readonly now?: boolean } = {}): Promise<void> {
    const spec = JOBS[this.job];
    const payload = { tenantId, shopId };
    const at = Date.now();
    const window = options.now ? -at : Math.floor(at / this.debounceMs);
    const delay = options.now ? 0 : (window + 1) * this.debounceMs - at;
    await this.queue.add(this.job, payload, {
      jobId: spec.jobId(payload, window),
      delay,
      attempts: spec.attempts,
      backoff: { type: 'exponential', delay: spec.backoffMs },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/** Popularity and item-kNN rebuilt from a shop's events. */
export class BullBaselineScheduler extends BullDebouncedScheduler {
  constructor(connection: Redis, redisPrefix: string, debounceMs?: number) {
    super('baselines', connection, redisPrefix, debounceMs);
  }
}

/** A shop's autocomplete query model rebuilt from its searches, catalog and item vectors. */
export class BullAutocompleteScheduler extends BullDebouncedScheduler {
  constructor(connection: Redis, redisPrefix: string, debounceMs?: number) {
    super('autocomplete', connection, redisPrefix, debounceMs);
  }
}
