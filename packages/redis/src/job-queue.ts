// The job catalog on BullMQ: one Queue per catalog entry (opened on first use), every option from the catalog,
// debounced rebuilds as one job per (shop, window) delayed to the window's end, and per-shop repeating jobs as
// BullMQ job schedulers. Queues live under `<REDIS_PREFIX>:bull`, job ids start with tenant and shop.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  JOB_CATALOG,
  badInput,
  jobId as idOf,
  jobSpec,
  type EnqueueOptions,
  type JobName,
  type JobPayload,
  type JobQueue,
  type JobSchedule,
} from '@shopspace/domain';

export const bullPrefix = (redisPrefix: string): string => `${redisPrefix}:bull`;

export class BullJobQueue implements JobQueue {
  private readonly queues = new Map<JobName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly redisPrefix: string,
    /** Window of the debounced rebuilds (baselines, autocomplete): one job per shop and window. */
    private readonly debounceMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  queue(name: JobName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection.duplicate({ maxRetriesPerRequest: null }),
        prefix: bullPrefix(this.redisPrefix),
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<void> {
    const spec = jobSpec(name);
    const id = idOf(name, payload);
    let jobId = id;
    let delay = 0;
    if (spec.debounced) {
      const at = this.now();
      if (options.now) jobId = `${id}.now-${at}`;
      else {
        const window = Math.floor(at / this.debounceMs);
        jobId = `${id}.${window}`;
        delay = (window + 1) * this.debounceMs - at;
      }
    }
    await this.queue(name).add(name, payload, {
      jobId,
      delay,
      attempts: spec.attempts,
      backoff: { type: 'exponential', delay: spec.backoffMs },
      removeOnComplete: { count: spec.keep.completed },
      removeOnFail: { count: spec.keep.failed },
    });
  }

  async remove<N extends JobName>(name: N, payload: JobPayload<N>): Promise<boolean> {
    const job = await this.queue(name).getJob(idOf(name, payload));
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
    await job.remove();
    return true;
  }

  async upsertSchedule<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    schedule: JobSchedule,
  ): Promise<Date | null> {
    const spec = jobSpec(name);
    const id = idOf(name, payload);
    try {
      await this.queue(name).upsertJobScheduler(
        id,
        { pattern: schedule.cron, tz: schedule.timeZone },
        {
          name,
          data: payload,
          opts: {
            attempts: spec.attempts,
            backoff: { type: 'exponential', delay: spec.backoffMs },
            removeOnComplete: { count: spec.keep.completed },
            removeOnFail: { count: spec.keep.failed },
          },
        },
      );
    } catch (error) {
      // cron-parser's refusal of the pattern (the time zone is checked before it gets here).
      throw badInput(
        'schedule.cron',
        `is not a cron pattern: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return this.nextRun(name, payload);
  }

  async removeSchedule<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void> {
    await this.queue(name).removeJobScheduler(idOf(name, payload));
  }

  async nextRun<N extends JobName>(name: N, payload: JobPayload<N>): Promise<Date | null> {
    const scheduler = await this.queue(name).getJobScheduler(idOf(name, payload));
    return scheduler?.next ? new Date(scheduler.next) : null;
  }

  /** Jobs waiting, delayed and running per queue (metrics, readiness). */
  async depths(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const name of Object.keys(JOB_CATALOG) as JobName[]) {
      out[name] = await this.queue(name).getJobCounts('waiting', 'delayed', 'active', 'failed');
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
