// The training queue on BullMQ: one job per run, id derived from tenant, shop and run.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TrainingQueue, TrainingRun } from '@shopspace/domain';
import { JOBS } from './jobs.ts';

export const bullPrefix = (redisPrefix: string): string => `${redisPrefix}:bull`;

export class BullTrainingQueue implements TrainingQueue {
  readonly queue: Queue;

  constructor(connection: Redis, redisPrefix: string) {
    this.queue = new Queue(JOBS.train.queue, {
      connection: connection.duplicate({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(redisPrefix),
    });
  }

  async enqueue(run: TrainingRun): Promise<void> {
    const payload = { tenantId: run.tenantId, shopId: run.shopId, runId: run.id };
    await this.queue.add('train', payload, {
      jobId: JOBS.train.jobId(payload),
      attempts: JOBS.train.attempts,
      backoff: { type: 'exponential', delay: JOBS.train.backoffMs },
      removeOnComplete: { count: 200 },
      removeOnFail: { count: 500 },
    });
  }

  async remove(run: TrainingRun): Promise<boolean> {
    const job = await this.queue.getJob(
      JOBS.train.jobId({ tenantId: run.tenantId, shopId: run.shopId, runId: run.id }),
    );
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
    await job.remove();
    return true;
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
