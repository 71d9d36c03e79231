// Ports of the event-based baselines: popularity and item-kNN built from a shop's events by the worker, with no
// trained model, so a new shop serves from day one and an experiment can compare them with item2vec.

import type { EncodedBundle } from '@shopspace/serving';
import type { SessionRecord } from '../training/training.ports.ts';

export interface BaselineRecord {
  /** Artifact path of the files (a bundle of a vocabulary and item-kNN lists, no vectors). */
  readonly path: string;
  readonly builtAt: Date;
}

export interface BaselineRepository {
  current(tenantId: string, shopId: string): Promise<BaselineRecord | null>;
  /** Points the shop at a new baseline; returns the one it replaces (its files can then go). */
  replace(tenantId: string, shopId: string, record: BaselineRecord): Promise<BaselineRecord | null>;
}

/**
 * The numerics: the generators that need no training (popularity, item-kNN, session-kNN, re-purchase) fit on
 * the sessions, the best chosen on a validation period of them, encoded as a bundle (CPU-heavy: the worker runs
 * it on a thread).
 */
export interface BaselineBuilder {
  build(sessions: readonly SessionRecord[]): Promise<EncodedBundle>;
}
