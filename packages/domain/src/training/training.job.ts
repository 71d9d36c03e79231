// The training job, as the worker runs it: read the shop's sessions and catalog, split them by time, let the
// model trainer choose, measure and encode the served pipeline (on a worker thread), write the bundle, then in
// one transaction record the model version and activate it when it is the shop's first or its served figure on
// the test split is no worse than the active one's. A run that fails or is killed before that transaction
// leaves the active model untouched; artifacts of a dead attempt are never referenced.

import { randomUUID } from 'node:crypto';
import { writeEncodedBundle } from '@shopspace/serving';
import type { ArtifactStore } from '../artifacts/artifact-store.port.ts';
import type { ItemRepository } from '../catalog/catalog.ports.ts';
import type { ChangeFeed } from '../changes/change.ts';
import { JobInterruptedError, UnrecoverableJobError } from '../jobs/job-runner.ts';
import type { TrainConfig } from './train-config.ts';
import type {
  ModelTrainer,
  ModelVersion,
  SessionRecord,
  SessionSource,
  TrainedModel,
  TrainingRepository,
} from './training.ports.ts';

/** How often a running training re-reads its run row for a cancel, when its trainer reports nothing. */
const HEARTBEAT_MS = 1_000;

export interface TrainingJobPayload {
  readonly tenantId: string;
  readonly shopId: string;
  readonly runId: string;
}

export interface TrainingJobDeps {
  readonly runs: TrainingRepository;
  readonly sessions: SessionSource;
  readonly items: Pick<ItemRepository, 'all'>;
  readonly trainer: ModelTrainer;
  readonly artifacts: ArtifactStore;
  readonly changes: ChangeFeed;
  readonly now?: () => number;
}

export type JobOutcome =
  | { readonly kind: 'succeeded'; readonly modelId: string; readonly activated: boolean }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'skipped'; readonly reason: string };

const DAY = 24 * 3600 * 1000;

export interface TimeSplit {
  readonly testFrom: number;
  readonly gapFrom: number;
  /** Sessions with two or more items before gapFrom (what can be learnt from). */
  readonly trainSessions: number;
  /** Sessions with two or more items from testFrom on (each is a case, or skipped for unseen items). */
  readonly testSessions: number;
}

/**
 * Time split: sessions starting at or after testFrom are the test set, those in [testFrom - gap, testFrom) are
 * left out (Avito's gap, so the test does not see the immediate past), the rest train. Without testFrom, the
 * last 10% of sessions by start time are the test set. Training sessions need two items: a lone item carries
 * no co-occurrence, and leaving them out keeps popularity and item-kNN identical to the shared anchors.
 */
export function splitByTime(sessions: readonly SessionRecord[], config: TrainConfig): TimeSplit {
  let testFrom: number;
  if (config.testFrom) testFrom = Date.parse(config.testFrom);
  else {
    const starts = sessions.map((s) => s.startedAt).sort((a, b) => a - b);
    testFrom = starts.length > 0 ? (starts[Math.floor(starts.length * 0.9)] ?? Infinity) : Infinity;
  }
  const gapFrom = testFrom - config.gapDays * DAY;
  let trainSessions = 0;
  let testSessions = 0;
  for (const s of sessions) {
    if (s.skus.length < 2) continue;
    if (s.startedAt >= testFrom) testSessions++;
    else if (s.startedAt < gapFrom) trainSessions++;
  }
  return { testFrom, gapFrom, trainSessions, testSessions };
}

const servedNdcg = (metrics: Record<string, unknown> | null): number | null => {
  const v = (metrics?.['served'] as { 'ndcg@10'?: unknown } | undefined)?.['ndcg@10'];
  return typeof v === 'number' ? v : null;
};

/**
 * A new version replaces the active one when its served NDCG@10 on the test split is at least as good; one
 * evaluated on no held-out case at all cannot show that, so it waits for activateModel (a shop's first model
 * never waits).
 */
export function shouldActivate(current: ModelVersion | null, trained: Pick<TrainedModel, 'metrics'>): boolean {
  if (!current) return true;
  if (!trained.metrics.cases) return false;
  const before = servedNdcg(current.metrics);
  const after = servedNdcg(trained.metrics);
  return before === null || (after !== null && after >= before);
}

export class TrainingJob {
  constructor(private readonly deps: TrainingJobDeps) {}

  async run(
    payload: TrainingJobPayload,
    report: (progress: number) => Promise<void> = () => Promise.resolve(),
    /** Aborted when the worker shuts down: the run stops and goes back to the queue, not cancelled. */
    shutdown?: AbortSignal,
  ): Promise<JobOutcome> {
    const { runs } = this.deps;
    const { tenantId, runId } = payload;
    const run = await runs.markRunning(tenantId, runId);
    if (!run) return { kind: 'skipped', reason: 'the run was cancelled or has finished' };
    if (run.shopId !== payload.shopId) throw new UnrecoverableJobError('job payload and run disagree on the shop');
    const config = run.config;
    const abort = new AbortController();
    const onShutdown = (): void => abort.abort();
    shutdown?.addEventListener('abort', onShutdown, { once: true });
    let lastWrite = 0;
    let lastFraction = 0;
    const progress = async (fraction: number, heartbeat = false): Promise<void> => {
      const now = (this.deps.now ?? Date.now)();
      if (now - lastWrite < 500 && fraction < 1) return;
      lastWrite = now;
      lastFraction = fraction;
      const { cancelRequested } = await runs.progress(tenantId, runId, Math.min(0.999, Math.max(0, fraction)));
      if (!heartbeat) await report(fraction);
      if (cancelRequested) abort.abort();
    };
    // A stage may report nothing for a long while (a ranker fit on a large shop): the run row is also read on
    // a beat, so a cancel stops the run within about a second whatever the trainer is doing.
    const beat = setInterval(() => {
      if (!abort.signal.aborted) void progress(lastFraction, true).catch(() => undefined);
    }, HEARTBEAT_MS);
    beat.unref?.();

    try {
      await progress(0.01);
      const [sessions, catalog] = await Promise.all([
        this.deps.sessions.sessions(tenantId, run.shopId),
        this.deps.items.all(tenantId, run.shopId),
      ]);
      const split = splitByTime(sessions, config);
      if (split.trainSessions === 0) {
        throw new UnrecoverableJobError(
          `no training sessions with two or more items before ${new Date(split.gapFrom).toISOString()} (${sessions.length} sessions in all)`,
        );
      }
      await progress(0.03);
      const trained = await this.deps.trainer.train(
        {
          sessions,
          catalog: catalog.map((i) => ({
            sku: i.sku,
            price: i.price,
            category: i.category[0] ?? null,
            createdAt: i.createdAt.getTime(),
            title: i.title,
            description: i.description,
            categoryPath: i.category,
            brand: i.brand,
            attributes: i.attributes,
            active: i.active,
          })),
          config,
          testFrom: split.testFrom,
          gapFrom: split.gapFrom,
        },
        {
          // Reported without blocking the trainer; the run row is written at most twice a second.
          onProgress: (f) => void progress(0.03 + 0.9 * f).catch(() => undefined),
          signal: abort.signal,
        },
      );
      this.throwIfStopped(abort);
      const metrics = {
        ...trained.metrics,
        split: {
          testFrom: new Date(split.testFrom).toISOString(),
          gapDays: config.gapDays,
          trainSessions: split.trainSessions,
          testSessions: split.testSessions,
        },
      };
      const versionId = randomUUID();
      const artifactPath = await writeEncodedBundle(
        this.deps.artifacts,
        { tenantId, shopId: run.shopId, version: versionId },
        trained.bundle,
      );
      await progress(0.97);
      this.throwIfStopped(abort);
      const { model, activated } = await runs.succeed(
        tenantId,
        runId,
        {
          id: versionId,
          algorithm: config.algorithm,
          dimensions: trained.dimensions,
          itemCount: trained.itemCount,
          metrics,
          artifactPath,
        },
        metrics,
        (current) => shouldActivate(current, { metrics }),
      );
      if (activated)
        await this.deps.changes.publish({ kind: 'model-activated', tenantId, shopId: run.shopId, modelId: model.id });
      await report(1);
      return { kind: 'succeeded', modelId: model.id, activated };
    } catch (error) {
      if (shutdown?.aborted) throw new JobInterruptedError();
      if (abort.signal.aborted) {
        await runs.markCancelled(tenantId, runId, 'cancelled while running');
        return { kind: 'cancelled' };
      }
      throw error;
    } finally {
      clearInterval(beat);
      shutdown?.removeEventListener('abort', onShutdown);
    }
  }

  private throwIfStopped(abort: AbortController): void {
    abort.signal.throwIfAborted();
  }
}
