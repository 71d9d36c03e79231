// Ports of search autocomplete: where a shop's query model lives (artifact path on the shop row), the events and
// catalog the worker builds it from, the in-memory index the API answers from, the job scheduler, and the
// optional mapping of a sister shop's session into this shop's item space (through the active alignment).

import type { AutocompleteIndex, ShopEvent } from '@shopspace/autocomplete';
import type { QueryModelMeta } from '@shopspace/serving';
import type { Item } from '../catalog/catalog.ports.ts';

export interface QueryModelRecord {
  /** Artifact path of the bundle (components queryModel and queryMeta). */
  readonly path: string;
  readonly builtAt: Date;
}

export interface AutocompleteRepository {
  current(tenantId: string, shopId: string): Promise<QueryModelRecord | null>;
  /** Points the shop at a new query model; returns the one it replaces (its files can then go). */
  replace(tenantId: string, shopId: string, record: QueryModelRecord): Promise<QueryModelRecord | null>;
  /**
   * What the model is built from, as one comparable string (active model, event and item counts, last catalog
   * change): a rebuild with the same fingerprint as the current build would produce the same model.
   */
  fingerprint(tenantId: string, shopId: string): Promise<string>;
}

/** The shop's events for the query model: searches and item events, in time order (returns left out). */
export interface AutocompleteEventSource {
  events(tenantId: string, shopId: string): Promise<ShopEvent[]>;
}

/** One shop's autocomplete state in an API process. */
export interface ShopAutocomplete {
  readonly index: AutocompleteIndex;
  readonly meta: QueryModelMeta;
  /** The shop's catalog by sku (inactive items included; the service leaves them out). */
  readonly items: ReadonlyMap<string, Item>;
}

export interface AutocompleteRegistry {
  /** The shop's query model in memory (loaded on first use), or null before its first build. */
  get(tenantId: string, shopId: string): Promise<ShopAutocomplete | null>;
}

/**
 * Maps a session whose skus belong to a sister shop of the same tenant into this shop's active item space
 * (through the active alignment). Null when no alignment covers the skus.
 */
export interface SiblingSessionMapper {
  toShopSpace(tenantId: string, shopId: string, skus: readonly string[]): Promise<Float32Array | null>;
}

export interface AutocompleteScheduler {
  /** Asks for a rebuild soon (calls within one debounce window share one job), or at once with `now`. */
  schedule(tenantId: string, shopId: string, options?: { readonly now?: boolean }): Promise<void>;
}
