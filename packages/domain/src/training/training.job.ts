// The training job, as the worker runs it: read the shop's sessions, split them by time, train on the training
// part and evaluate next-item ranking on the held-out part against popularity and item-kNN, refit on every
// session, package and store the artifacts, then in one transaction record the model version and activate it
// when it is the shop's first or no worse than the active one. A run that fails or is killed before that
// transaction leaves the active model untouched; artifacts of a dead attempt are never referenced.

import { randomUUID } from 'node:crypto';
import type { ChangeFeed } from '../shared/change-feed.ts';
import type { TrainConfig } from './train-config.ts';
import { writeModelVersion } from '@shopspace/serving';
import type { ArtifactStore } from '../artifacts/artifact-store.port.ts';
import type {
  EmbeddingTrainer,
  Evaluation,
  ModelPackager,
  ModelVersion,
  NextItemEvaluator,
  SessionRecord,
  SessionSource,
  TrainingRepository,
} from './training.ports.ts';

export interface TrainingJobPayload {
  readonly tenantId: string;
  readonly shopId: string;
  readonly runId: string;
}

export interface TrainingJobDeps {
  readonly runs: TrainingRepository;
  readonly sessions: SessionSource;
  readonly trainer: EmbeddingTrainer;
  readonly evaluator: NextItemEvaluator;
  readonly packager: ModelPackager;
  readonly artifacts: ArtifactStore;
  readonly changes: ChangeFeed;
  readonly now?: () => number;
}

export type JobOutcome =
  | { readonly kind: 'succeeded'; readonly modelId: string; readonly activated: boolean }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'skipped'; readonly reason: string };

/** Thrown for a run that can never succeed (no sessions to learn from): the worker does not retry it. */
export class UnrecoverableTrainingError extends Error {
  override readonly name = 'UnrecoverableTrainingError';
}

class Cancelled extends Error {}

const DAY = 24 * 3600 * 1000;

export interface SplitSessions {
  readonly train: string[][];
  readonly test: string[][];
  readonly testFrom: number;
  readonly gapFrom: number;
}

/**
 * Time split: sessions starting at or after testFrom are the test set, those in [testFrom - gap, testFrom) are
 * left out (Avito's gap, so the test does not see the immediate past), the rest train. Without testFrom, the
 * last 10% of sessions by start time are the test set. Training sessions need two items: a lone item carries
 * no co-occurrence, and leaving them out keeps popularity and item-kNN identical to the shared anchors.
 */
export function splitByTime(sessions: readonly SessionRecord[], config: TrainConfig): SplitSessions {
  let testFrom: number;
  if (config.testFrom) testFrom = Date.parse(config.testFrom);
  else {
    const starts = sessions.map((s) => s.startedAt).sort((a, b) => a - b);
    testFrom = starts.length > 0 ? (starts[Math.floor(starts.length * 0.9)] ?? Infinity) : Infinity;
  }
  const gapFrom = testFrom - config.gapDays * DAY;
  const train: string[][] = [];
  const test: string[][] = [];
  for (const s of sessions) {
    if (s.startedAt >= testFrom) test.push([...s.skus]);
    else if (s.startedAt < gapFrom && s.skus.length >= 2) train.push([...s.skus]);
  }
  return { train, test, testFrom, gapFrom };
}

/**
 * A new version replaces the active one when its served NDCG@10 is at least as good; one evaluated on no
 * held-out case at all cannot show that, so it waits for activateModel (a shop's first model never waits).
 */
export function shouldActivate(current: ModelVersion | null, evaluation: Evaluation): boolean {
  if (!current) return true;
  if (evaluation.cases === 0) return false;
  const before = (current.metrics?.['served'] as { 'ndcg@10'?: number } | undefined)?.['ndcg@10'];
  return typeof before !== 'number' || evaluation.served['ndcg@10'] >= before;
}

export class TrainingJob {
  constructor(private readonly deps: TrainingJobDeps) {}

  async run(
    payload: TrainingJobPayload,
    report: (progress: number) => Promise<void> = () => Promise.resolve(),
  ): Promise<JobOutcome> {
    const { runs } = this.deps;
    const { tenantId, runId } = payload;
    const run = await runs.markRunning(tenantId, runId);
    if (!run) return { kind: 'skipped', reason: 'the run was cancelled or has finished' };
    if (run.shopId !== payload.shopId) throw new UnrecoverableTrainingError('job payload and run disagree on the shop');
    const config = run.config;
    const abort = new AbortController();
    let lastWrite = 0;
    const progress = async (fraction: number): Promise<void> => {
      const now = (this.deps.now ?? Date.now)();
      if (now - lastWrite < 500 && fraction < 1) return;
      lastWrite = now;
      const { cancelRequested } = await runs.progress(tenantId, runId, Math.min(0.999, Math.max(0, fraction)));
      await report(fraction);
      if (cancelRequested) abort.abort();
    };
    // Progress from inside a training call is reported without blocking the trainer's threads.
    const stage = (from: number, to: number) => (f: number) =>
      void progress(from + (to - from) * f).catch(() => undefined);

    try {
      await progress(0.01);
      const sessions = await this.deps.sessions.sessions(tenantId, run.shopId);
      const split = splitByTime(sessions, config);
      if (split.train.length === 0) {
        throw new UnrecoverableTrainingError(
          `no training sessions with two or more items before ${new Date(split.gapFrom).toISOString()} (${sessions.length} sessions in all)`,
        );
      }
      await progress(0.05);
      const hooks = (from: number, to: number) => ({ onProgress: stage(from, to), signal: abort.signal });
      const evalEmbedding = await this.deps.trainer.train(split.train, config, hooks(0.05, 0.45));
      this.throwIfCancelled(abort);
      const evaluation = this.deps.evaluator.evaluate(split.train, split.test, evalEmbedding, config);
      await progress(0.5);
      const all =
        config.refit && split.test.length > 0
          ? sessions.filter((s) => s.skus.length >= 2).map((s) => [...s.skus])
          : split.train;
      const served = all === split.train ? evalEmbedding : await this.deps.trainer.train(all, config, hooks(0.5, 0.9));
      this.throwIfCancelled(abort);
      const components = await this.deps.packager.pack(served, all, config);
      const metrics = {
        ...evaluation,
        split: {
          testFrom: new Date(split.testFrom).toISOString(),
          gapDays: config.gapDays,
          trainSessions: split.train.length,
          testSessions: split.test.length,
        },
        servedTrainedOn: all === split.train ? 'training split' : 'all sessions',
      };
      const versionId = randomUUID();
      const artifactPath = await writeModelVersion(
        this.deps.artifacts,
        { tenantId, shopId: run.shopId, version: versionId },
        components,
      );
      await progress(0.95);
      this.throwIfCancelled(abort);
      const { model, activated } = await runs.succeed(
        tenantId,
        runId,
        {
          id: versionId,
          algorithm: config.algorithm,
          dimensions: served.dim,
          itemCount: served.skus.length,
          metrics,
          artifactPath,
        },
        metrics,
        (current) => shouldActivate(current, evaluation),
      );
      if (activated)
        await this.deps.changes.publish({ kind: 'model-activated', tenantId, shopId: run.shopId, modelId: model.id });
      await report(1);
      return { kind: 'succeeded', modelId: model.id, activated };
    } catch (error) {
      if (error instanceof Cancelled || abort.signal.aborted) {
        await runs.markCancelled(tenantId, runId, 'cancelled while running');
        return { kind: 'cancelled' };
      }
      throw error;
    }
  }

  private throwIfCancelled(abort: AbortController): void {
    if (abort.signal.aborted) throw new Cancelled('cancelled');
  }
}
