// Builds the worker: the job processors with their dependencies, one BullMQ Worker per queue, all on the
// namespaced queue prefix. CPU-heavy training runs on worker threads inside the trainer, so the event loop
// stays free to renew job locks and report progress.

import { Worker, type Processor } from 'bullmq';
import { FsArtifactStore, SqlSessionSource, TrainingPrismaRepository, type Database } from '@shopspace/db';
import { TrainingJob } from '@shopspace/domain';
import { JOBS, KeySpace, RedisChangeFeed, bullPrefix, type Redis } from '@shopspace/redis';
import { VectorIndexBuilder } from './training/ann.adapter.ts';
import { Item2vecEvaluator, Item2vecPackager, Item2vecTrainer } from './training/item2vec.adapters.ts';
import { trainProcessor } from './training/train.processor.ts';

export interface ProcessorEntry {
  readonly queue: string;
  readonly process: Processor;
  readonly concurrency?: number;
}

export interface WorkerDependencies {
  readonly db: Database;
  readonly redis: Redis;
  readonly redisPrefix: string;
  readonly artifactsDir: string;
  /** How long a job's lock lasts without renewal; a killed worker's job is retried after about this long. */
  readonly lockDurationMs?: number;
  readonly trainerThreads?: number | 'auto';
  readonly log?: (message: string, detail?: Record<string, unknown>) => void;
}

export interface ComposedWorker {
  readonly queues: string[];
  close(): Promise<void>;
}

export function trainingProcessors(deps: WorkerDependencies): ProcessorEntry[] {
  const runs = new TrainingPrismaRepository(deps.db.prisma);
  const job = new TrainingJob({
    runs,
    sessions: new SqlSessionSource(deps.db.sql),
    trainer: new Item2vecTrainer(deps.trainerThreads ?? 'auto'),
    evaluator: new Item2vecEvaluator(),
    packager: new Item2vecPackager(new VectorIndexBuilder()),
    artifacts: new FsArtifactStore(deps.artifactsDir),
    changes: new RedisChangeFeed(deps.redis, new KeySpace(deps.redisPrefix)),
  });
  return [{ queue: JOBS.train.queue, process: trainProcessor(job, runs) }];
}

export function composeWorker(
  deps: WorkerDependencies,
  processors: readonly ProcessorEntry[] = trainingProcessors(deps),
): ComposedWorker {
  const lockDuration = deps.lockDurationMs ?? 30_000;
  const workers = processors.map(
    (p) =>
      new Worker(p.queue, p.process, {
        connection: deps.redis.duplicate({ maxRetriesPerRequest: null }),
        prefix: bullPrefix(deps.redisPrefix),
        concurrency: p.concurrency ?? 1,
        lockDuration,
        stalledInterval: Math.max(1_000, Math.floor(lockDuration / 2)),
        maxStalledCount: 2,
      }),
  );
  for (const w of workers) {
    w.on('failed', (job, error) => deps.log?.('job failed', { queue: w.name, jobId: job?.id, error: error.message }));
    w.on('error', (error) => deps.log?.('worker error', { queue: w.name, error: error.message }));
  }
  return {
    queues: workers.map((w) => w.name),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
