// Ports of experiments.

import { PIPELINE_STRATEGIES } from '@shopspace/serving';

export type ExperimentStatus = 'DRAFT' | 'RUNNING' | 'STOPPED';

/**
 * What a variant serves: the model's served pipeline, its ranker, or one generator family alone (the same list
 * the serving model picks from).
 */
export const STRATEGY_ALGORITHMS = PIPELINE_STRATEGIES;
export type StrategyAlgorithm = (typeof STRATEGY_ALGORITHMS)[number];

/** What serves a variant: an algorithm, optionally a pinned model version, and free parameters. */
export interface Strategy {
  readonly algorithm: StrategyAlgorithm;
  readonly modelVersionId?: string;
  readonly params?: Record<string, unknown>;
}

export interface Variant {
  readonly key: string;
  readonly weight: number;
  readonly strategy: Strategy;
}

export interface Experiment {
  readonly id: string;
  readonly tenantId: string;
  readonly shopId: string;
  readonly name: string;
  readonly placement: string;
  readonly status: ExperimentStatus;
  readonly variants: readonly Variant[];
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly stoppedAt: Date | null;
}

export interface ExperimentRepository {
  create(input: {
    tenantId: string;
    shopId: string;
    name: string;
    placement: string;
    variants: readonly Variant[];
  }): Promise<Experiment>;
  find(tenantId: string, id: string): Promise<Experiment | null>;
  list(tenantId: string, shopId: string): Promise<Experiment[]>;
  /**
   * DRAFT → RUNNING under a lock on the shop row, unless another experiment of the same placement is running
   * (then `conflict` names it). Returns null when the experiment is not the tenant's.
   */
  start(
    tenantId: string,
    id: string,
    at: Date,
  ): Promise<{ experiment: Experiment } | { conflict: Experiment } | { wrongStatus: Experiment } | null>;
  /** Replaces a DRAFT's variants; returns the row as it is after (unchanged unless it was a DRAFT). */
  updateVariants(tenantId: string, id: string, variants: readonly Variant[]): Promise<Experiment | null>;
  /** RUNNING → STOPPED; the current row otherwise. */
  stop(tenantId: string, id: string, at: Date): Promise<Experiment | null>;
  running(tenantId: string, shopId: string, placement: string): Promise<Experiment | null>;
}
