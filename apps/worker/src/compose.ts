// Builds the worker: one BullMQ Worker per registered processor, all on the tenant-namespaced queue prefix.
// The registry is empty until the training issue adds its processors; the process still starts, connects
// and shuts down cleanly, so deployment and supervision are in place from day one.

import { Worker, type Processor } from 'bullmq';
import type { Database } from '@shopspace/db';
import type { Redis } from '@shopspace/redis';

export interface ProcessorEntry {
  readonly queue: string;
  readonly process: Processor;
  readonly concurrency?: number;
}

export interface WorkerDependencies {
  readonly db: Database;
  readonly redis: Redis;
  readonly redisPrefix: string;
  readonly processors: readonly ProcessorEntry[];
  readonly log?: (message: string, detail?: Record<string, unknown>) => void;
}

export interface ComposedWorker {
  readonly queues: string[];
  close(): Promise<void>;
}

export function composeWorker(deps: WorkerDependencies): ComposedWorker {
  const workers = deps.processors.map(
    (p) =>
      new Worker(p.queue, p.process, {
        connection: deps.redis.duplicate({ maxRetriesPerRequest: null }),
        prefix: `${deps.redisPrefix}:bull`,
        concurrency: p.concurrency ?? 1,
      }),
  );
  for (const w of workers) {
    w.on('failed', (job, error) => deps.log?.('job failed', { queue: w.name, jobId: job?.id, error: error.message }));
  }
  return {
    queues: workers.map((w) => w.name),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
