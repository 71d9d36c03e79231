// The worker side of the job catalog on BullMQ: one Worker per queue running the domain's runJob with the
// queue's handler, the catalog's concurrency, logs for start, progress milestones, success and failure, and
// metrics. Shutdown stops taking jobs, lets running ones finish for a grace period, then interrupts them: an
// interrupted job is handed back (delayed, no attempt spent) rather than failed.

import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  JOB_CATALOG,
  JobInterruptedError,
  UnrecoverableJobError,
  runJob,
  type JobHandlers,
  type JobName,
} from '@shopspace/domain';
import type { Logger, Metrics } from '@shopspace/ops';
import { bullPrefix } from './job-queue.ts';

export interface JobWorkersOptions {
  readonly redis: Redis;
  readonly redisPrefix: string;
  readonly handlers: JobHandlers;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** How long a job's lock lasts without renewal; a killed worker's job is retried after about this long. */
  readonly lockDurationMs?: number;
  /** Queues to run (default: all of the catalog). */
  readonly queues?: readonly JobName[];
}

export interface JobWorkers {
  readonly queues: JobName[];
  /** Stops taking jobs; running ones get `graceMs` to finish, then are interrupted and handed back. */
  close(graceMs?: number): Promise<void>;
}

const MILESTONES = [0.25, 0.5, 0.75] as const;

export function startJobWorkers(options: JobWorkersOptions): JobWorkers {
  const { logger, metrics } = options;
  const lockDuration = options.lockDurationMs ?? 30_000;
  const shutdown = new AbortController();
  const names = options.queues ?? (Object.keys(JOB_CATALOG) as JobName[]);
  const workers = names.map((name) => {
    const processor = async (job: Job, token?: string): Promise<unknown> => {
      const started = performance.now();
      const data = (job.data ?? {}) as Record<string, unknown>;
      const log = logger.child({
        queue: name,
        jobId: job.id,
        tenantId: data['tenantId'],
        shopId: data['shopId'],
        attempt: job.attemptsMade + 1,
      });
      log.info('job started');
      let milestone = 0;
      try {
        const result = await runJob(options.handlers[name], name, job.data, {
          attemptsMade: job.attemptsMade,
          signal: shutdown.signal,
          progress: async (fraction) => {
            await job.updateProgress(fraction);
            while (milestone < MILESTONES.length && fraction >= (MILESTONES[milestone] ?? 1)) {
              log.info({ progress: MILESTONES[milestone] }, 'job progress');
              milestone++;
            }
          },
        });
        const seconds = (performance.now() - started) / 1000;
        metrics?.jobSeconds.observe({ queue: name, outcome: 'completed' }, seconds);
        log.info({ seconds: Math.round(seconds * 1000) / 1000, result }, 'job succeeded');
        return result;
      } catch (error) {
        const seconds = (performance.now() - started) / 1000;
        if (error instanceof JobInterruptedError && token) {
          log.warn('job interrupted by shutdown; handed back to the queue');
          await job.moveToDelayed(Date.now() + 1_000, token);
          throw new DelayedError();
        }
        const final = error instanceof UnrecoverableJobError || job.attemptsMade + 1 >= JOB_CATALOG[name].attempts;
        metrics?.jobSeconds.observe({ queue: name, outcome: 'failed' }, seconds);
        metrics?.jobFailures.inc({ queue: name });
        log.error({ err: error, final, seconds: Math.round(seconds * 1000) / 1000 }, 'job failed');
        if (error instanceof UnrecoverableJobError) throw new UnrecoverableError(error.message);
        throw error;
      }
    };
    const worker = new Worker(name, processor, {
      connection: options.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(options.redisPrefix),
      concurrency: JOB_CATALOG[name].concurrency,
      lockDuration,
      stalledInterval: Math.max(1_000, Math.floor(lockDuration / 2)),
      maxStalledCount: 2,
    });
    worker.on('error', (error) => logger.error({ queue: name, err: error }, 'worker error'));
    return worker;
  });
  return {
    queues: [...names],
    async close(graceMs = 8_000) {
      const closing = Promise.all(workers.map((w) => w.close()));
      const timer = setTimeout(() => shutdown.abort(), graceMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
