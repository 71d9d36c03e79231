// Schedules autocomplete query-model builds on BullMQ, debounced like the baselines: every call within one window
// maps to the same job id (tenant, shop, window number), delayed to the window's end, so a burst of ingestion or
// catalog changes costs one build; `now` (after a training run) builds at once under a job id of its own.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AutocompleteScheduler } from '@shopspace/domain';
import { JOBS } from './jobs.ts';
import { bullPrefix } from './training.queue.ts';

export class BullAutocompleteScheduler implements AutocompleteScheduler {
  readonly queue: Queue;

  constructor(
    connection: Redis,
    redisPrefix: string,
    private readonly debounceMs = 60_000,
  ) {
    this.queue = new Queue(JOBS.autocomplete.queue, {
      connection: connection.duplicate({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(redisPrefix),
    });
  }

  async schedule(tenantId: string, shopId: string, options: { readonly now?: boolean } = {}): Promise<void> {
    const payload = { tenantId, shopId };
    const at = Date.now();
    const window = options.now ? -at : Math.floor(at / this.debounceMs);
    const delay = options.now ? 0 : (window + 1) * this.debounceMs - at;
    await this.queue.add('autocomplete', payload, {
      jobId: JOBS.autocomplete.jobId(payload, window),
      delay,
      attempts: JOBS.autocomplete.attempts,
      backoff: { type: 'exponential', delay: JOBS.autocomplete.backoffMs },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
