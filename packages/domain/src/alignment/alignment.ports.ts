// Ports of brand-group alignment: runs (a BullMQ job each), versioned alignments whose files are complete on
// disk before their row exists, and what the worker reads to compute one.

import type { DecodedAlignment } from '@shopspace/alignment';
import type { Item } from '../catalog/catalog.ports.ts';
import type { RunStatus } from '../training/training.ports.ts';

export interface AlignmentRun {
  readonly id: string;
  readonly tenantId: string;
  readonly shopIds: readonly string[];
  readonly status: RunStatus;
  readonly progress: number;
  readonly metrics: Record<string, unknown> | null;
  readonly error: string | null;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly alignmentId: string | null;
}

export interface AlignmentVersion {
  readonly id: string;
  readonly tenantId: string;
  readonly runId: string;
  readonly shopIds: readonly string[];
  /** The model version each shop was aligned with; null for a shop placed from its features (cold start). */
  readonly models: Readonly<Record<string, string | null>>;
  readonly artifactPath: string;
  readonly metrics: Record<string, unknown> | null;
  readonly createdAt: Date;
}

export interface AlignmentRepository {
  createRun(tenantId: string, shopIds: readonly string[]): Promise<AlignmentRun>;
  findRun(tenantId: string, id: string): Promise<AlignmentRun | null>;
  listRuns(tenantId: string, first: number): Promise<AlignmentRun[]>;
  /** QUEUED (or a retried RUNNING) → RUNNING, attempts + 1; null when the run is gone or finished. */
  markRunning(tenantId: string, id: string, at: Date): Promise<AlignmentRun | null>;
  progress(tenantId: string, id: string, fraction: number): Promise<void>;
  /** FAILED when `final`, else back to QUEUED for the retry; the message is kept either way. */
  markFailed(tenantId: string, id: string, error: string, final: boolean): Promise<void>;
  /**
   * In one transaction: records the version, points every shop of it at it (active_alignment_id) and marks the
   * run SUCCEEDED with its metrics.
   */
  recordAndActivate(version: Omit<AlignmentVersion, 'createdAt'>, at: Date): Promise<AlignmentVersion>;
  findVersion(tenantId: string, id: string): Promise<AlignmentVersion | null>;
  activeForShop(tenantId: string, shopId: string): Promise<AlignmentVersion | null>;
}

/** One shop as the worker aligns it: its active catalog and, if it has one, its active model's vectors. */
export interface AlignmentShopData {
  readonly shopId: string;
  readonly items: readonly Item[];
  readonly model: {
    readonly modelVersionId: string;
    readonly skus: readonly string[];
    readonly dim: number;
    readonly vectors: Float32Array;
  } | null;
}

/** A shopper seen in two shops: their items in each. */
export interface CrossingShoppers {
  readonly shopId: string;
  readonly toShopId: string;
  readonly shoppers: ReadonlyArray<{ readonly items: readonly string[]; readonly toItems: readonly string[] }>;
}

export interface AlignmentSource {
  shop(tenantId: string, shopId: string): Promise<AlignmentShopData>;
  /** Users with item events in two of the shops (same userId), for every ordered pair. */
  crossingShoppers(tenantId: string, shopIds: readonly string[]): Promise<CrossingShoppers[]>;
}

/** The numerics: aligns the shops and encodes the alignment's files (CPU-heavy). */
export interface AlignmentComputer {
  compute(
    shops: readonly AlignmentShopData[],
    crossing: readonly CrossingShoppers[],
    onProgress: (fraction: number) => void,
    /** Aborted when the worker shuts down: the computation stops and the promise rejects. */
    signal?: AbortSignal,
  ): Promise<{ files: Map<string, Uint8Array>; metrics: Record<string, unknown> }>;
}

/** An alignment in memory for serving, with each shop's catalog items in the order of its skus. */
export interface AlignmentView {
  readonly version: AlignmentVersion;
  readonly files: DecodedAlignment;
  readonly items: ReadonlyArray<ReadonlyArray<Item | null>>;
}

export interface AlignmentRegistry {
  get(version: AlignmentVersion): Promise<AlignmentView>;
}
