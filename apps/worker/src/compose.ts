// Builds the worker: the job catalog's handlers with their dependencies, one BullMQ worker per queue, and the
// tracking flusher loop. CPU-heavy work runs on worker threads inside the jobs, so the event loop stays free to
// renew job locks, report progress and answer the ops endpoints.

import { TrackingSqlRepository, type Database } from '@shopspace/db';
import { ChangePublisher, TrackingFlusher, type ArtifactStore, type JobHandlers } from '@shopspace/domain';
import {
  BullJobQueue,
  KeySpace,
  RedisChangeBroadcast,
  RedisTrackingOutbox,
  startJobWorkers,
  type Redis,
} from '@shopspace/redis';
import type { Logger, Metrics } from '@shopspace/ops';
import { jobHandlers } from './job-handlers.ts';

export interface WorkerDependencies {
  readonly db: Database;
  /** A connection for BullMQ (maxRetriesPerRequest null); duplicated per worker and queue. */
  readonly redis: Redis;
  readonly redisPrefix: string;
  readonly artifacts: ArtifactStore;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** How long a job's lock lasts without renewal; a killed worker's job is retried after about this long. */
  readonly lockDurationMs?: number;
  readonly trainerThreads?: number | 'auto';
  /** Window of the debounced rebuilds this worker schedules as follow-ups. */
  readonly debounceMs?: number;
  /** Run the tracking flusher (impressions and clicks from the Redis write-ahead log into PostgreSQL). */
  readonly flushTracking?: boolean;
  /** The response refit's negative window (an impression without a click is a negative after it). */
  readonly responseNegativeWindowMs?: number;
}

export interface ComposedWorker {
  readonly queues: string[];
  readonly jobs: BullJobQueue;
  /** Stops taking jobs; running ones get `graceMs` to finish, then go back to the queue. */
  close(graceMs?: number): Promise<void>;
}

export function composeWorker(
  deps: WorkerDependencies,
  handlers?: (jobs: BullJobQueue, changes: ChangePublisher) => JobHandlers,
): ComposedWorker {
  const keys = new KeySpace(deps.redisPrefix);
  const jobs = new BullJobQueue(deps.redis, deps.redisPrefix, deps.debounceMs);
  const broadcast = new RedisChangeBroadcast(deps.redis, keys);
  const changes = new ChangePublisher(broadcast, jobs, (message, detail) => deps.logger.warn(detail, message));
  const workers = startJobWorkers({
    redis: deps.redis,
    redisPrefix: deps.redisPrefix,
    handlers: handlers
      ? handlers(jobs, changes)
      : jobHandlers({
          db: deps.db,
          artifacts: deps.artifacts,
          changes,
          jobs,
          ...(deps.trainerThreads ? { trainerThreads: deps.trainerThreads } : {}),
          ...(deps.responseNegativeWindowMs !== undefined
            ? { response: { negativeWindowMs: deps.responseNegativeWindowMs } }
            : {}),
        }),
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.lockDurationMs ? { lockDurationMs: deps.lockDurationMs } : {}),
  });
  const stopFlushing = deps.flushTracking === false ? null : startTrackingFlusher(deps, keys);
  return {
    queues: workers.queues,
    jobs,
    async close(graceMs) {
      await Promise.all([workers.close(graceMs), stopFlushing?.()]);
      await Promise.all([jobs.close(), broadcast.close()]);
    },
  };
}

/** The flusher loop beside the queues; several worker processes share the work through the consumer group. */
function startTrackingFlusher(deps: WorkerDependencies, keys: KeySpace): () => Promise<void> {
  const outbox = new RedisTrackingOutbox(deps.redis, keys);
  const flusher = new TrackingFlusher(outbox, new TrackingSqlRepository(deps.db.sql), { blockMs: 500 });
  const abort = new AbortController();
  const running = flusher.run(abort.signal, (error) => deps.logger.error({ err: error }, 'tracking flush failed'));
  return async () => {
    abort.abort();
    await running;
    await outbox.close();
  };
}
