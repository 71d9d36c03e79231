// The catalog of a shop: batch upserts with row errors, deactivation, lookup and paging.

import { badInput } from '../shared/errors.ts';
import { lookupSku, normalizeSku } from '../shared/bounds.ts';
import { MAX_BATCH_ROWS, type RowError } from '../shared/row-error.ts';
import { secretScope, storefrontScope, type Principal } from '../tenancy/principal.ts';
import type { CatalogWatcher, Item, ItemPage, ItemRepository } from './catalog.ports.ts';
import { validateItem, type ItemRecord } from './item.validation.ts';
import type { ShopService } from './shop.service.ts';
import type { ChangeFeed } from '../changes/change.ts';

export const MAX_PAGE_SIZE = 200;
/** Batches up to this size are handed to the in-process watcher (embedding them takes a few ms). */
const WATCHED_ROWS = 100;

export interface UpsertResult {
  readonly upserted: number;
  readonly inserted: number;
  readonly updated: number;
  readonly errors: RowError[];
}

/** Later rows win over earlier rows for the same sku, as they would if sent one after another. */
export function lastRowPerSku(rows: readonly ItemRecord[]): ItemRecord[] {
  const bySku = new Map<string, ItemRecord>();
  for (const row of rows) {
    bySku.delete(row.sku);
    bySku.set(row.sku, row);
  }
  return [...bySku.values()];
}

export class ItemService {
  constructor(
    private readonly items: ItemRepository,
    private readonly shops: ShopService,
    private readonly changes?: ChangeFeed,
    private readonly watcher?: CatalogWatcher,
  ) {}

  /** Tells serving processes that the shop's items changed (they keep them in memory beside the model). */
  async notifyChanged(tenantId: string, shopId: string): Promise<void> {
    await this.changes?.publish({ kind: 'catalog-changed', tenantId, shopId });
  }

  async upsert(principal: Principal, shopId: string, rows: readonly Record<string, unknown>[]): Promise<UpsertResult> {
    const scope = secretScope(principal);
    if (rows.length > MAX_BATCH_ROWS) {
      throw badInput(
        'items',
        `at most ${MAX_BATCH_ROWS} items per call, got ${rows.length}; use the bulk import for files`,
      );
    }
    const shop = await this.shops.require(scope, shopId);
    const errors: RowError[] = [];
    const valid: ItemRecord[] = [];
    rows.forEach((raw, index) => {
      const r = validateItem(raw, index);
      if (r.ok) valid.push(r.value);
      else errors.push(r.error);
    });
    const stored = await this.store(scope.tenantId, shop.id, valid);
    if (stored.upserted > 0) await this.notifyChanged(scope.tenantId, shop.id);
    return { ...stored, errors };
  }

  /** Stores already validated rows (the bulk importer's entry point). */
  async store(tenantId: string, shopId: string, valid: readonly ItemRecord[]): Promise<Omit<UpsertResult, 'errors'>> {
    const distinct = lastRowPerSku(valid);
    const { inserted, updated } =
      distinct.length > 0 ? await this.items.upsertMany(tenantId, shopId, distinct) : { inserted: 0, updated: 0 };
    // Interactive batches only: a bulk import's chunks reach serving through the change feed's reload.
    if (distinct.length > 0 && distinct.length <= WATCHED_ROWS)
      this.watcher?.itemsStored(tenantId, shopId, distinct, new Date());
    return { upserted: valid.length, inserted, updated };
  }

  async deactivate(principal: Principal, shopId: string, skus: readonly string[]): Promise<number> {
    const scope = secretScope(principal);
    if (skus.length > MAX_BATCH_ROWS)
      throw badInput('skus', `at most ${MAX_BATCH_ROWS} skus per call, got ${skus.length}`);
    const shop = await this.shops.require(scope, shopId);
    const clean = [...new Set(skus.map(normalizeSku).filter((s) => s.length > 0))];
    if (clean.length === 0) return 0;
    const changed = await this.items.deactivate(scope.tenantId, shop.id, clean);
    if (changed > 0) await this.notifyChanged(scope.tenantId, shop.id);
    return changed;
  }

  /** Catalog data is public on a storefront, so a publishable key may read single items. */
  async get(principal: Principal, shopId: string, sku: string): Promise<Item | null> {
    const scope = storefrontScope(principal);
    const shop = await this.shops.require(scope, shopId);
    return this.items.find(scope.tenantId, shop.id, lookupSku('sku', sku));
  }

  async page(
    principal: Principal,
    shopId: string,
    args: { first?: number | null; after?: string | null; query?: string | null },
  ): Promise<ItemPage> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    const first = args.first ?? 50;
    if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
      throw badInput('first', `must be between 0 and ${MAX_PAGE_SIZE}`);
    }
    const afterSku = args.after ? decodeCursor(args.after) : null;
    const query = args.query?.trim() || null;
    return this.items.page(scope.tenantId, shop.id, { first, afterSku, query });
  }
}

export const encodeCursor = (sku: string): string => Buffer.from(`sku:${sku}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('sku:')) throw badInput('after', 'is not a cursor returned by this API');
  return text.slice(4);
}
