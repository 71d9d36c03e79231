// Ports of training: run and model records, the job queue, and the pieces of the job that touch infrastructure
// or heavy numerics (reading a shop's sessions, training, evaluating, packaging the model's components).

import type { EncodedBundle } from '@shopspace/serving';
import type { TrainConfig } from './train-config.ts';

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type RunTrigger = 'api' | 'schedule';

export interface TrainingRun {
  readonly id: string;
  readonly tenantId: string;
  readonly shopId: string;
  readonly status: RunStatus;
  readonly progress: number;
  readonly config: TrainConfig;
  readonly metrics: Record<string, unknown> | null;
  readonly error: string | null;
  readonly attempts: number;
  readonly cancelRequested: boolean;
  /** Who asked for the run. */
  readonly trigger: RunTrigger;
  /** The shop's event count when the run was created (null for runs older than the column). */
  readonly eventsAtStart: number | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly modelVersionId: string | null;
}

export interface ModelVersion {
  readonly id: string;
  readonly tenantId: string;
  readonly shopId: string;
  readonly trainingRunId: string;
  readonly algorithm: string;
  readonly dimensions: number;
  readonly itemCount: number;
  readonly metrics: Record<string, unknown> | null;
  readonly artifactPath: string;
  readonly createdAt: Date;
  readonly active: boolean;
}

export interface NewModelVersion {
  readonly id: string;
  readonly algorithm: string;
  readonly dimensions: number;
  readonly itemCount: number;
  readonly metrics: Record<string, unknown>;
  readonly artifactPath: string;
}

export interface TrainingRepository {
  /**
   * Creates a QUEUED run unless the shop already has one QUEUED or RUNNING, which it returns instead; decided
   * under a lock on the shop row, so two concurrent starts create one run.
   */
  createUnlessBusy(
    tenantId: string,
    shopId: string,
    config: TrainConfig,
    trigger?: RunTrigger,
  ): Promise<{ run: TrainingRun; created: boolean }>;
  /** The shop's most recent SUCCEEDED run, if any. */
  lastSucceeded(tenantId: string, shopId: string): Promise<TrainingRun | null>;
  find(tenantId: string, id: string): Promise<TrainingRun | null>;
  /** Worker-side read by id alone: the job payload carries the tenant, and the row must agree with it. */
  list(tenantId: string, shopId: string, first: number): Promise<TrainingRun[]>;
  /** QUEUED or RUNNING → RUNNING with attempts+1; null when the run is no longer runnable (cancelled, done). */
  markRunning(tenantId: string, id: string): Promise<TrainingRun | null>;
  progress(tenantId: string, id: string, progress: number): Promise<{ cancelRequested: boolean }>;
  /** Sets cancelRequested; a QUEUED run becomes CANCELLED at once. Returns the run after the change. */
  requestCancel(tenantId: string, id: string): Promise<TrainingRun | null>;
  markCancelled(tenantId: string, id: string, message: string): Promise<void>;
  markFailed(tenantId: string, id: string, error: string, final: boolean): Promise<void>;
  /**
   * One transaction: inserts the model version, marks the run SUCCEEDED with its metrics, and points the shop
   * at the new version when `activate(current)` says so (current = the active version, if any).
   */
  succeed(
    tenantId: string,
    runId: string,
    model: NewModelVersion,
    metrics: Record<string, unknown>,
    activate: (current: ModelVersion | null) => boolean,
  ): Promise<{ model: ModelVersion; activated: boolean }>;
  findModel(tenantId: string, id: string): Promise<ModelVersion | null>;
  /** The shop's model versions, newest first. */
  listModels(tenantId: string, shopId: string, first: number): Promise<ModelVersion[]>;
  activeModel(tenantId: string, shopId: string): Promise<ModelVersion | null>;
  /** Points the shop at the model (which must be the shop's); returns the model, now active. */
  activate(tenantId: string, modelId: string): Promise<ModelVersion | null>;
}

/** A session: its item skus in order of first appearance, and when it started. */
export interface SessionRecord {
  readonly skus: readonly string[];
  readonly startedAt: number;
  /** The shopper, when the session carries one (per-user effects, re-purchases). */
  readonly userId?: string;
}

export interface SessionSource {
  /** Every session of the shop with at least one item event (returns and non-positive quantities left out). */
  sessions(tenantId: string, shopId: string): Promise<SessionRecord[]>;
}

/** What a training run knows of a catalog item (the ranker's item features). */
export interface CatalogEntry {
  readonly sku: string;
  readonly price: number | null;
  /** Top-level category, if any. */
  readonly category: string | null;
  /** When the item entered the catalog (ms). */
  readonly createdAt: number;
  /** The fields the feature tower embeds (absent in older callers: the tower then sees the sku's title only). */
  readonly title?: string;
  readonly description?: string | null;
  readonly categoryPath?: readonly string[];
  readonly brand?: string | null;
  readonly attributes?: Readonly<Record<string, unknown>> | null;
  readonly active?: boolean;
}

/** HR@k, NDCG@k and MRR of one recommender on the test cases (metrics may add NDCG's interval). */
export interface RankingFigures {
  readonly 'hr@10': number;
  readonly 'ndcg@10': number;
  readonly mrr: number;
}

export interface TrainingInput {
  readonly sessions: readonly SessionRecord[];
  readonly catalog: readonly CatalogEntry[];
  readonly config: TrainConfig;
  /** Sessions from here on are the test split; those in [gapFrom, testFrom) are left out of training. */
  readonly testFrom: number;
  readonly gapFrom: number;
}

/** A trained model version, encoded, with what its evaluation measured. */
export interface TrainedModel {
  readonly bundle: EncodedBundle;
  /** The run's evaluation: `served` (what the version serves) on the test split, every candidate, the choice. */
  readonly metrics: Record<string, unknown> & { readonly served?: RankingFigures; readonly cases?: number };
  readonly itemCount: number;
  readonly dimensions: number;
}

export interface TrainHooks {
  /** Fraction 0..1 of the training done. */
  readonly onProgress: (fraction: number) => void;
  readonly signal: AbortSignal;
}

/**
 * The numerics of a training run (CPU-heavy: the worker runs them on a thread): the served pipeline chosen on
 * a validation period of the training split, measured on the test split, refit and encoded as a bundle.
 */
export interface ModelTrainer {
  train(input: TrainingInput, hooks: TrainHooks): Promise<TrainedModel>;
}
