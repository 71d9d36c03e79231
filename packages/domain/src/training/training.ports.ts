// Ports of training: run and model records, the job queue, and the pieces of the job that touch infrastructure
// or heavy numerics (reading a shop's sessions, training, evaluating, packaging the model's components).

import type { BundleInput } from '@shopspace/serving';
import type { TrainConfig } from './train-config.ts';

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

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
  ): Promise<{ run: TrainingRun; created: boolean }>;
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

export interface TrainingQueue {
  /** Enqueues the run's job; a second call for the same run is a no-op (deterministic job id). */
  enqueue(run: TrainingRun): Promise<void>;
  /** Removes a job that has not started; false when it is already running or gone. */
  remove(run: TrainingRun): Promise<boolean>;
}

/** A session: its item skus in order of first appearance, and when it started. */
export interface SessionRecord {
  readonly skus: readonly string[];
  readonly startedAt: number;
}

export interface SessionSource {
  /** Every session of the shop with at least one item event (returns and non-positive quantities left out). */
  sessions(tenantId: string, shopId: string): Promise<SessionRecord[]>;
}

/** Unit-length item vectors, row i for skus[i]. */
export interface Embedding {
  readonly skus: readonly string[];
  readonly dim: number;
  readonly vectors: Float32Array;
}

export interface TrainHooks {
  /** Fraction 0..1 of this training call done. */
  readonly onProgress: (fraction: number) => void;
  readonly signal: AbortSignal;
}

/** item2vec training (CPU-heavy, off the event loop in worker threads). */
export interface EmbeddingTrainer {
  train(sessions: readonly (readonly string[])[], config: TrainConfig, hooks: TrainHooks): Promise<Embedding>;
}

/** HR@k, NDCG@k and MRR of one scorer on the test cases. */
export interface RankingFigures {
  readonly 'hr@10': number;
  readonly 'ndcg@10': number;
  readonly mrr: number;
}

export interface Evaluation {
  /** The scorer the model serves (item2vec, or the blend when config.blend > 0). */
  readonly served: RankingFigures;
  readonly item2vec: RankingFigures;
  readonly baselines: {
    readonly popularity: RankingFigures;
    readonly itemKnn: RankingFigures;
    readonly blend?: RankingFigures;
  };
  readonly cases: number;
  readonly skipped: number;
}

export interface NextItemEvaluator {
  /** Leave-last-out next-item evaluation over every sku seen in training, the context's own skus excluded. */
  evaluate(
    train: readonly (readonly string[])[],
    test: readonly (readonly string[])[],
    embedding: Embedding,
    config: TrainConfig,
  ): Evaluation;
}

/** Turns a trained embedding and its sessions into the components of the model version the API serves. */
export interface ModelPackager {
  pack(embedding: Embedding, sessions: readonly (readonly string[])[], config: TrainConfig): Promise<BundleInput>;
}
