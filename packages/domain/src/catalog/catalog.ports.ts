// Ports for shops and items.

import type { ItemRecord } from './item.validation.ts';

export interface Shop {
  readonly id: string;
  readonly tenantId: string;
  readonly handle: string;
  readonly name: string;
  readonly currency: string;
  readonly itemCount: number;
  readonly eventCount: number;
  readonly createdAt: Date;
}

export interface Item extends ItemRecord {
  readonly shopId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ItemPage {
  readonly items: Item[];
  readonly hasNextPage: boolean;
  readonly totalCount: number;
}

export interface ShopRepository {
  /** Throws nothing on a taken handle: returns null so the service can say CONFLICT. */
  create(tenantId: string, input: { handle: string; name: string; currency: string }): Promise<Shop | null>;
  list(tenantId: string): Promise<Shop[]>;
  find(tenantId: string, id: string): Promise<Shop | null>;
  findByHandle(tenantId: string, handle: string): Promise<Shop | null>;
}

/**
 * Told in-process, right after rows are stored and before the change is announced, so the API process that took
 * an upsert updates what it keeps in memory at once (the feature tower embeds a new item); other processes hear
 * of it through the change feed.
 */
export interface CatalogWatcher {
  itemsStored(tenantId: string, shopId: string, rows: readonly ItemRecord[], at: Date): void;
}

export interface ItemRepository {
  /** Inserts or updates by sku (rows have distinct skus); keeps Shop.itemCount in the same statement. */
  upsertMany(
    tenantId: string,
    shopId: string,
    rows: readonly ItemRecord[],
  ): Promise<{ inserted: number; updated: number }>;
  deactivate(tenantId: string, shopId: string, skus: readonly string[]): Promise<number>;
  find(tenantId: string, shopId: string, sku: string): Promise<Item | null>;
  /** Every item of the shop, active or not (serving keeps them in memory beside the model). */
  all(tenantId: string, shopId: string): Promise<Item[]>;
  /** Keyset paging in sku order; `query` matches sku prefix or title words, case-insensitively. */
  page(
    tenantId: string,
    shopId: string,
    args: { first: number; afterSku: string | null; query: string | null },
  ): Promise<ItemPage>;
}
