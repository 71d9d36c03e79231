// Schedules baseline rebuilds on BullMQ, debounced: every call within one window maps to the same job id
// (tenant, shop, window number), delayed to the window's end, so a burst of ingestion costs one rebuild and
// events that arrive while a rebuild runs get the next window's.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BaselineScheduler } from '@shopspace/domain';
import { JOBS } from './jobs.ts';
import { bullPrefix } from './training.queue.ts';

export class BullBaselineScheduler implements BaselineScheduler {
  readonly queue: Queue;

  constructor(
    connection: Redis,
    redisPrefix: string,
    private readonly debounceMs = 60_000,
  ) {
    this.queue = new Queue(JOBS.baselines.queue, {
      connection: connection.duplicate({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(redisPrefix),
    });
  }

  async schedule(tenantId: string, shopId: string, options: { readonly now?: boolean } = {}): Promise<void> {
    const payload = { tenantId, shopId };
    const at = Date.now();
    const window = options.now ? -at : Math.floor(at / this.debounceMs);
    const delay = options.now ? 0 : (window + 1) * this.debounceMs - at;
    await this.queue.add('baselines', payload, {
      jobId: JOBS.baselines.jobId(payload, window),
      delay,
      attempts: JOBS.baselines.attempts,
      backoff: { type: 'exponential', delay: JOBS.baselines.backoffMs },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
