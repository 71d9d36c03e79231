// In-memory shops and items with the adapters' semantics: a handle unique per tenant (a taken one is null),
// items upserted by (tenant, shop, sku) in one all-or-nothing statement that keeps Shop.itemCount, keyset
// paging in sku order (the test database's C.UTF-8 collation: code-point order).

import type { Item, ItemPage, ItemRecord, ItemRepository, Shop, ShopRepository } from '@shopspace/domain';
import {
  FakeDatabaseError,
  SqlState,
  byCreated,
  copy,
  rowKey,
  settle,
  type FakeDatabase,
  type ItemRow,
  type ShopRow,
} from './fake-database.ts';

const toShop = (row: ShopRow): Shop => {
  const { activeModelId: _activeModelId, catalogVersion: _catalogVersion, ...shop } = row;
  return copy(shop);
};

const toItem = (row: ItemRow): Item => {
  const { tenantId: _tenantId, ...item } = row;
  return copy(item);
};

export class FakeShopRepository implements ShopRepository {
  constructor(private readonly db: FakeDatabase) {}

  create(tenantId: string, input: { handle: string; name: string; currency: string }): Promise<Shop | null> {
    return settle(() => {
      this.db.requireTenant(tenantId, 'shops');
      if ([...this.db.shops.values()].some((s) => s.tenantId === tenantId && s.handle === input.handle)) return null;
      if (input.currency.length > 3) {
        throw new FakeDatabaseError('22001', 'value too long for type character(3) (shops.currency)');
      }
      const row: ShopRow = {
        id: this.db.newId(),
        tenantId,
        handle: this.db.text(input.handle, 'shops.handle'),
        name: this.db.text(input.name, 'shops.name'),
        currency: this.db.text(input.currency.padEnd(3, ' '), 'shops.currency'),
        itemCount: 0,
        eventCount: 0,
        createdAt: this.db.now(),
        activeModelId: null,
        catalogVersion: 0,
      };
      this.db.shops.set(row.id, row);
      return toShop(row);
    });
  }

  list(tenantId: string): Promise<Shop[]> {
    return settle(() => {
      this.db.uuid(tenantId, 'shops.tenant_id');
      return [...this.db.shops.values()]
        .filter((s) => s.tenantId === tenantId)
        .sort(byCreated)
        .map(toShop);
    });
  }

  find(tenantId: string, id: string): Promise<Shop | null> {
    return settle(() => {
      const shop = this.db.shopOf(tenantId, id);
      return shop ? toShop(shop) : null;
    });
  }

  findByHandle(tenantId: string, handle: string): Promise<Shop | null> {
    return settle(() => {
      this.db.uuid(tenantId, 'shops.tenant_id');
      const shop = [...this.db.shops.values()].find((s) => s.tenantId === tenantId && s.handle === handle);
      return shop ? toShop(shop) : null;
    });
  }
}

/** Lets a test hold a write open (to see what else runs meanwhile) or make one fail. */
export type WriteHook = (call: number, rows: number) => Promise<void> | void;

export class FakeItemRepository implements ItemRepository {
  /** Rows in each upsertMany call, in call order. */
  readonly upsertCalls: number[] = [];
  /** Runs before each upsertMany writes; a rejection fails that call with nothing written. */
  beforeWrite: WriteHook | null = null;
  #inFlight = 0;
  /** The most upsertMany calls that were ever running at once. */
  maxInFlight = 0;

  constructor(private readonly db: FakeDatabase) {}

  async upsertMany(
    tenantId: string,
    shopId: string,
    rows: readonly ItemRecord[],
  ): Promise<{ inserted: number; updated: number }> {
    this.upsertCalls.push(rows.length);
    const call = this.upsertCalls.length;
    this.#inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    try {
      await this.beforeWrite?.(call, rows.length);
      return this.upsertNow(tenantId, shopId, rows);
    } finally {
      this.#inFlight--;
    }
  }

  private upsertNow(
    tenantId: string,
    shopId: string,
    rows: readonly ItemRecord[],
  ): { inserted: number; updated: number } {
    const { db } = this;
    db.uuid(tenantId, 'items.tenant_id');
    db.uuid(shopId, 'items.shop_id');
    // The whole statement is checked before anything is written: one bad row fails the batch, as in SQL.
    const skus = new Set<string>();
    const checked = rows.map((r) => {
      if (skus.has(r.sku)) {
        throw new FakeDatabaseError(
          SqlState.CardinalityViolation,
          `ON CONFLICT DO UPDATE command cannot affect row a second time (sku ${JSON.stringify(r.sku)})`,
        );
      }
      skus.add(r.sku);
      return {
        sku: db.text(r.sku, 'items.sku'),
        title: db.text(r.title, 'items.title'),
        description: db.text(r.description, 'items.description'),
        category: r.category.map((c) => db.text(c, 'items.category')),
        brand: db.text(r.brand, 'items.brand'),
        price: db.numeric(r.price, 14, 4, 'items.price'),
        attributes: db.json(r.attributes, 'items.attributes'),
        active: r.active,
      };
    });
    const fresh = checked.filter((r) => !db.items.has(rowKey(tenantId, shopId, r.sku)));
    const shop = db.shopOf(tenantId, shopId);
    if (fresh.length > 0 && !shop) {
      throw new FakeDatabaseError(
        SqlState.ForeignKeyViolation,
        `insert into items violates foreign key: no shop (${tenantId}, ${shopId})`,
      );
    }
    const now = db.now();
    for (const r of checked) {
      const key = rowKey(tenantId, shopId, r.sku);
      const existing = db.items.get(key);
      db.items.set(key, { tenantId, shopId, ...r, createdAt: existing?.createdAt ?? now, updatedAt: now });
    }
    // The statement bumps the shop's catalog version whether or not a row changed.
    if (shop) {
      shop.itemCount += fresh.length;
      shop.catalogVersion++;
    }
    return { inserted: fresh.length, updated: checked.length - fresh.length };
  }

  deactivate(tenantId: string, shopId: string, skus: readonly string[]): Promise<number> {
    return settle(() => {
      this.db.uuid(tenantId, 'items.tenant_id');
      this.db.uuid(shopId, 'items.shop_id');
      let changed = 0;
      for (const sku of new Set(skus.map((s) => this.db.text(s, 'items.sku')))) {
        const row = this.db.items.get(rowKey(tenantId, shopId, sku));
        if (!row?.active) continue;
        row.active = false;
        row.updatedAt = this.db.now();
        changed++;
      }
      const shop = this.db.shopOf(tenantId, shopId);
      if (shop && changed > 0) shop.catalogVersion++;
      return changed;
    });
  }

  find(tenantId: string, shopId: string, sku: string): Promise<Item | null> {
    return settle(() => {
      this.db.uuid(tenantId, 'items.tenant_id');
      this.db.uuid(shopId, 'items.shop_id');
      const row = this.db.items.get(rowKey(tenantId, shopId, this.db.text(sku, 'items.sku')));
      return row ? toItem(row) : null;
    });
  }

  all(tenantId: string, shopId: string): Promise<Item[]> {
    return settle(() => this.rowsOf(tenantId, shopId).map(toItem));
  }

  /**
   * `query` matches a sku prefix or a title substring, case-insensitively and literally. (The Prisma adapter
   * passes it to LIKE unescaped, so there `%` and `_` are wildcards; see the fakes' README.)
   */
  page(
    tenantId: string,
    shopId: string,
    args: { first: number; afterSku: string | null; query: string | null },
  ): Promise<ItemPage> {
    return settle(() => {
      const q = this.db.text(args.query, 'query')?.toLowerCase() ?? null;
      const matching = this.rowsOf(tenantId, shopId)
        .filter((i) => q === null || i.sku.toLowerCase().startsWith(q) || i.title.toLowerCase().includes(q))
        .sort((a, b) => compareCodePoints(a.sku, b.sku));
      const after = args.afterSku;
      const rest = after === null ? matching : matching.filter((i) => compareCodePoints(i.sku, after) > 0);
      return {
        items: rest.slice(0, args.first).map(toItem),
        hasNextPage: rest.length > args.first,
        totalCount: matching.length,
      };
    });
  }

  private rowsOf(tenantId: string, shopId: string): ItemRow[] {
    this.db.uuid(tenantId, 'items.tenant_id');
    this.db.uuid(shopId, 'items.shop_id');
    return [...this.db.items.values()].filter((i) => i.tenantId === tenantId && i.shopId === shopId);
  }
}

/** Byte order of UTF-8, which is code-point order (UTF-16 code units differ above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
