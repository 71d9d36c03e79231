// Ports of serving: the per-shop state the API keeps in memory, loaded and swapped by an adapter.

import type { ResponseServing, ServingModel } from '@shopspace/serving';
import type { Item } from '../catalog/catalog.ports.ts';
import type { Experiment } from '../experiments/experiment.ports.ts';

export interface ShopServing {
  /** Null for the event-based baselines, which no training run produced. */
  readonly modelVersionId: string | null;
  readonly model: ServingModel;
  /** The catalog item of each model index, or null for a sku the catalog does not have. */
  readonly items: ReadonlyArray<Item | null>;
}

export interface ServingRegistry {
  /** The shop's active model in memory (loaded on first use), or null when the shop has none. */
  get(tenantId: string, shopId: string): Promise<ShopServing | null>;
  /** A given model version of the shop (an experiment may pin one), or null when the shop has no such version. */
  getVersion(tenantId: string, shopId: string, modelId: string): Promise<ShopServing | null>;
  /** Popularity and item-kNN built from the shop's events (no vectors), or null before the first build. */
  getBaseline(tenantId: string, shopId: string): Promise<ShopServing | null>;
}

/** The running experiment of a placement, as the storefront path reads it (cached by the adapter). */
export interface ExperimentLookup {
  running(tenantId: string, shopId: string, placement: string): Promise<Experiment | null>;
}

/** A shopper's latest actions, read per request by the online path of user recommendations. */
export interface UserActivity {
  /**
   * The skus `userId` viewed, carted or bought after `since`, distinct, oldest first, the latest `limit` kept;
   * an unknown user (or one of another tenant) has none.
   */
  recentSkus(tenantId: string, shopId: string, userId: string, since: Date, limit: number): Promise<string[]>;
}

/** The shop's active response model (GLMix on tracked clicks), as the response strategies serve it. */
export interface ResponseLookup {
  get(tenantId: string, shopId: string): Promise<ResponseServing | null>;
}
