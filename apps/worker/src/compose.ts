// Builds the worker: the job processors with their dependencies, one BullMQ Worker per queue, all on the
// namespaced queue prefix. CPU-heavy training runs on worker threads inside the trainer, so the event loop
// stays free to renew job locks and report progress.

import { Worker, type Processor } from 'bullmq';
import {
  AlignmentPrismaRepository,
  BaselineSqlRepository,
  CrossingShoppersSqlSource,
  FsArtifactStore,
  SqlSessionSource,
  AutocompleteSqlRepository,
  ItemPrismaRepository,
  SqlAutocompleteEventSource,
  TrackingSqlRepository,
  TrainingPrismaRepository,
  type Database,
} from '@shopspace/db';
import { AlignmentJob, AutocompleteJob, BaselineJob, TrackingFlusher, TrainingJob } from '@shopspace/domain';
import {
  BullAutocompleteScheduler,
  JOBS,
  KeySpace,
  RedisChangeFeed,
  RedisTrackingOutbox,
  bullPrefix,
  type Redis,
} from '@shopspace/redis';
import { Item2vecEvaluator, Item2vecPackager, Item2vecTrainer } from './training/item2vec.adapters.ts';
import { trainProcessor } from './training/train.processor.ts';
import { DecayedBaselineBuilder } from './baselines/baseline.builder.ts';
import { baselinesProcessor } from './baselines/baselines.processor.ts';
import { GroupAlignmentComputer, WorkerAlignmentSource } from './alignment/alignment.adapters.ts';
import { alignmentProcessor } from './alignment/alignment.processor.ts';
import { autocompleteProcessor } from './autocomplete/autocomplete.processor.ts';

export interface ProcessorEntry {
  readonly queue: string;
  readonly process: Processor;
  readonly concurrency?: number;
  /** Releases what the processor holds (a queue it schedules on). */
  readonly close?: () => Promise<void>;
}

export interface WorkerDependencies {
  readonly db: Database;
  readonly redis: Redis;
  readonly redisPrefix: string;
  readonly artifactsDir: string;
  /** How long a job's lock lasts without renewal; a killed worker's job is retried after about this long. */
  readonly lockDurationMs?: number;
  readonly trainerThreads?: number | 'auto';
  /** Run the tracking flusher (impressions and clicks from the Redis write-ahead log into PostgreSQL). */
  readonly flushTracking?: boolean;
  readonly log?: (message: string, detail?: Record<string, unknown>) => void;
}

export interface ComposedWorker {
  readonly queues: string[];
  close(): Promise<void>;
}

export function jobProcessors(deps: WorkerDependencies): ProcessorEntry[] {
  const runs = new TrainingPrismaRepository(deps.db.prisma);
  const job = new TrainingJob({
    runs,
    sessions: new SqlSessionSource(deps.db.sql),
    trainer: new Item2vecTrainer(deps.trainerThreads ?? 'auto'),
    evaluator: new Item2vecEvaluator(),
    packager: new Item2vecPackager(),
    artifacts: new FsArtifactStore(deps.artifactsDir),
    changes: new RedisChangeFeed(deps.redis, new KeySpace(deps.redisPrefix)),
  });
  const baselines = new BaselineJob({
    sessions: new SqlSessionSource(deps.db.sql),
    builder: new DecayedBaselineBuilder(),
    artifacts: new FsArtifactStore(deps.artifactsDir),
    baselines: new BaselineSqlRepository(deps.db.sql),
    changes: new RedisChangeFeed(deps.redis, new KeySpace(deps.redisPrefix)),
  });
  const autocomplete = new AutocompleteJob({
    events: new SqlAutocompleteEventSource(deps.db.sql),
    items: new ItemPrismaRepository(deps.db.prisma, deps.db.sql),
    runs,
    artifacts: new FsArtifactStore(deps.artifactsDir),
    models: new AutocompleteSqlRepository(deps.db.sql),
    changes: new RedisChangeFeed(deps.redis, new KeySpace(deps.redisPrefix)),
  });
  const alignments = new AlignmentPrismaRepository(deps.db.prisma);
  const alignment = new AlignmentJob({
    alignments,
    source: new WorkerAlignmentSource(
      new ItemPrismaRepository(deps.db.prisma, deps.db.sql),
      runs,
      new FsArtifactStore(deps.artifactsDir),
      new CrossingShoppersSqlSource(deps.db.sql),
    ),
    computer: new GroupAlignmentComputer(),
    artifacts: new FsArtifactStore(deps.artifactsDir),
    changes: new RedisChangeFeed(deps.redis, new KeySpace(deps.redisPrefix)),
  });
  // A new model means a new item space: the shop's query vectors are rebuilt at once.
  const rebuildAutocomplete = new BullAutocompleteScheduler(deps.redis, deps.redisPrefix);
  return [
    {
      queue: JOBS.train.queue,
      process: trainProcessor(job, runs, (tenantId, shopId) =>
        rebuildAutocomplete.schedule(tenantId, shopId, { now: true }),
      ),
      close: () => rebuildAutocomplete.close(),
    },
    { queue: JOBS.baselines.queue, process: baselinesProcessor(baselines) },
    { queue: JOBS.align.queue, process: alignmentProcessor(alignment, alignments) },
    { queue: JOBS.autocomplete.queue, process: autocompleteProcessor(autocomplete) },
  ];
}

export function composeWorker(
  deps: WorkerDependencies,
  processors: readonly ProcessorEntry[] = jobProcessors(deps),
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
  const stopFlushing = deps.flushTracking === false ? null : startTrackingFlusher(deps);
  for (const w of workers) {
    w.on('failed', (job, error) => deps.log?.('job failed', { queue: w.name, jobId: job?.id, error: error.message }));
    w.on('error', (error) => deps.log?.('worker error', { queue: w.name, error: error.message }));
  }
  return {
    queues: workers.map((w) => w.name),
    async close() {
      await Promise.all([...workers.map((w) => w.close()), stopFlushing?.(), ...processors.map((p) => p.close?.())]);
    },
  };
}

/** The flusher loop beside the queues; several worker processes share the work through the consumer group. */
function startTrackingFlusher(deps: WorkerDependencies): () => Promise<void> {
  const outbox = new RedisTrackingOutbox(deps.redis, new KeySpace(deps.redisPrefix));
  const flusher = new TrackingFlusher(outbox, new TrackingSqlRepository(deps.db.sql), { blockMs: 500 });
  const abort = new AbortController();
  const running = flusher.run(abort.signal, (error) =>
    deps.log?.('tracking flush failed', { error: error instanceof Error ? error.message : String(error) }),
  );
  return async () => {
    abort.abort();
    await running;
    await outbox.close();
  };
}
