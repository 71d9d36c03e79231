// What the worker does for each queue of the job catalog: one handler per job, each a domain job plus its
// bookkeeping on failure. The queue glue (job-runtime.ts) is the same for all of them.

import {
  AlignmentPrismaRepository,
  BaselineSqlRepository,
  CrossingShoppersSqlSource,
  SqlSessionSource,
  AutocompleteSqlRepository,
  ItemPrismaRepository,
  ResponseSqlRepository,
  SqlAutocompleteEventSource,
  ShopPrismaRepository,
  TrainingPrismaRepository,
  TrainingSchedulePrismaRepository,
  type Database,
} from '@shopspace/db';
import {
  AlignmentJob,
  AutocompleteJob,
  BaselineJob,
  ResponseRefitJob,
  ScheduledTrainingJob,
  TrainingJob,
  type ArtifactStore,
  type ChangeFeed,
  type JobHandlers,
  type JobQueue,
  type ResponseJobOptions,
} from '@shopspace/domain';
import { PipelineTrainer } from './training/pipeline.trainer.ts';
import { EventBaselineBuilder } from './baselines/baseline.builder.ts';
import { GroupAlignmentComputer, WorkerAlignmentSource } from './alignment/alignment.adapters.ts';
import { runOnThread } from './threads/run-on-thread.ts';
import { RankerResponseTrainer } from './response/response.trainer.ts';

export interface HandlerDependencies {
  readonly db: Database;
  readonly artifacts: ArtifactStore;
  readonly changes: ChangeFeed;
  readonly jobs: JobQueue;
  readonly trainerThreads?: number | 'auto';
  readonly response?: ResponseJobOptions;
}

export function jobHandlers(deps: HandlerDependencies): JobHandlers {
  const { db, artifacts, changes, jobs } = deps;
  const runs = new TrainingPrismaRepository(db.prisma);
  const items = new ItemPrismaRepository(db.prisma, db.sql);
  const sessions = new SqlSessionSource(db.sql);
  const alignments = new AlignmentPrismaRepository(db.prisma);
  const training = new TrainingJob({
    runs,
    sessions,
    items,
    trainer: new PipelineTrainer(deps.trainerThreads ?? 'auto'),
    artifacts,
    changes,
  });
  const baselines = new BaselineJob({
    sessions,
    builder: new EventBaselineBuilder(),
    artifacts,
    baselines: new BaselineSqlRepository(db.sql),
    changes,
  });
  const autocomplete = new AutocompleteJob({
    builder: { build: (input) => runOnThread('queryModel', input) },
    events: new SqlAutocompleteEventSource(db.sql),
    items,
    runs,
    artifacts,
    models: new AutocompleteSqlRepository(db.sql),
    changes,
  });
  const alignment = new AlignmentJob({
    alignments,
    source: new WorkerAlignmentSource(items, runs, artifacts, new CrossingShoppersSqlSource(db.sql)),
    computer: new GroupAlignmentComputer(),
    artifacts,
    changes,
  });
  const scheduled = new ScheduledTrainingJob({
    schedules: new TrainingSchedulePrismaRepository(db.prisma),
    runs,
    shops: new ShopPrismaRepository(db.prisma),
    jobs,
  });
  const responseData = new ResponseSqlRepository(db.sql);
  const response = new ResponseRefitJob({
    runs,
    traffic: responseData,
    models: responseData,
    trainer: new RankerResponseTrainer(artifacts),
    artifacts,
    changes,
    ...(deps.response ? { options: deps.response } : {}),
  });
  return {
    training: {
      run: (p, ctx) => training.run(p, (f) => ctx.progress(Math.round(f * 1000) / 1000), ctx.signal),
      failed: (p, message, final) => runs.markFailed(p.tenantId, p.runId, message, final),
    },
    baselines: { run: (p) => baselines.run(p.tenantId, p.shopId) },
    autocomplete: { run: (p) => autocomplete.run(p.tenantId, p.shopId) },
    alignment: {
      run: async (p, ctx) => {
        const version = await alignment.run(p, (f) => void ctx.progress(f).catch(() => undefined), ctx.signal);
        return version && { id: version.id };
      },
      failed: (p, message, final) => alignments.markFailed(p.tenantId, p.runId, message, final),
    },
    'scheduled-training': { run: (p) => scheduled.run(p) },
    response: {
      run: async (p) => {
        const outcome = await response.run(p.tenantId, p.shopId);
        return outcome.kind === 'skipped'
          ? { skipped: outcome.reason }
          : { [outcome.kind]: outcome.model.id, metrics: outcome.model.metrics };
      },
    },
  };
}
