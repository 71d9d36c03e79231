// The alignment queue on BullMQ: one job per run, id derived from tenant and run.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AlignmentQueue, AlignmentRun } from '@shopspace/domain';
import { JOBS } from './jobs.ts';
import { bullPrefix } from './training.queue.ts';

export class BullAlignmentQueue implements AlignmentQueue {
  readonly queue: Queue;

  constructor(connection: Redis, redisPrefix: string) {
    this.queue = new Queue(JOBS.align.queue, {
      connection: connection.duplicate({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(redisPrefix),
    });
  }

  async enqueue(run: AlignmentRun): Promise<void> {
    const payload = { tenantId: run.tenantId, runId: run.id };
    await this.queue.add('align', payload, {
      jobId: JOBS.align.jobId(payload),
      attempts: JOBS.align.attempts,
      backoff: { type: 'exponential', delay: JOBS.align.backoffMs },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 200 },
    });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
