// Ports of the response model (GLMix on tracked clicks, issue 12): the tracked traffic it learns from, the
// versions it is kept as, and the trainer that featurises and fits (the worker's adapter, numerics in
// @shopspace/ranking).

import type { EncodedBundle } from '@shopspace/serving';

/** A tracked request with the positions tracking saw impressed and clicked. */
export interface TrafficList {
  readonly requestId: string;
  readonly servedAt: Date;
  readonly sessionId: string | null;
  readonly userId: string | null;
  readonly sessionSkus: readonly string[];
  readonly skus: readonly string[];
  readonly strategy: string | null;
  readonly modelVersionId: string | null;
  readonly impressed: readonly number[];
  readonly clicked: readonly number[];
}

export interface EngagementRecord {
  readonly sessionId: string;
  readonly sku: string;
  readonly kind: 'add-to-cart' | 'purchase';
  readonly at: Date;
}

export interface ResponseTrafficSource {
  /** The shop's tracked requests served in [from, to), oldest first, at most `limit` (the newest kept). */
  lists(tenantId: string, shopId: string, from: Date, to: Date, limit: number): Promise<TrafficList[]>;
  /** Add-to-cart and purchase events of these sessions at or after `from`. */
  engagement(tenantId: string, shopId: string, sessionIds: readonly string[], from: Date): Promise<EngagementRecord[]>;
}

/** The figures of one refit, kept as the version's metrics (JSON). */
export interface ResponseRunMetrics {
  readonly lists: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly engaged: number;
  readonly negatives: number;
  readonly skipAbove: number;
  readonly pending: number;
  /** Impressions left out because the model version does not know their sku. */
  readonly unknownSkus: number;
  readonly examples: number;
  readonly trainExamples: number;
  readonly testExamples: number;
  readonly testClicks: number;
  /** Held-out AUC of the full GLMix, the global-only model, and the active response model on the same rows. */
  readonly aucFull: number | null;
  readonly aucGlobal: number | null;
  readonly aucActive: number | null;
  readonly refitGlobal: boolean;
  readonly warmStarted: boolean;
  readonly iterations: number;
  readonly fitMs: number;
}

export interface ResponseModelRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly shopId: string;
  readonly modelVersionId: string;
  readonly artifactPath: string;
  readonly metrics: ResponseRunMetrics;
  readonly globalFittedAt: Date;
  readonly activatedAt: Date | null;
  readonly rejectedReason: string | null;
  readonly createdAt: Date;
}

export interface ResponseModelRepository {
  create(input: Omit<ResponseModelRecord, 'id' | 'createdAt'>): Promise<ResponseModelRecord>;
  /** The shop's serving response model: the latest activated. */
  active(tenantId: string, shopId: string): Promise<ResponseModelRecord | null>;
  /** Newest first. */
  list(tenantId: string, shopId: string, first: number): Promise<ResponseModelRecord[]>;
}

export interface ResponseTrainingInput {
  /** The model version whose ranker featurises the traffic (bundle path). */
  readonly modelArtifactPath: string;
  readonly lists: readonly TrafficList[];
  readonly engagement: readonly EngagementRecord[];
  /** The active response model (same model version): warm start, and the AUC to beat. */
  readonly previousArtifactPath: string | null;
  readonly refitGlobal: boolean;
  readonly now: number;
  readonly negativeWindowMs: number;
}

export interface ResponseTrainingOutput {
  /** The response bundle (kind 'response', its one component 'response'), encoded by the trainer. */
  readonly bundle: EncodedBundle;
  readonly metrics: ResponseRunMetrics;
  readonly globalFittedAt: number;
}

export interface ResponseTrainer {
  /** Null when the model version has no ranker to featurise with (nothing is fit). */
  train(input: ResponseTrainingInput): Promise<ResponseTrainingOutput | null>;
}
