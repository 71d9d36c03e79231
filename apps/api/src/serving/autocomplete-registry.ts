// The API process's autocomplete state: each shop's query model loaded lazily from its artifacts into an
// AutocompleteIndex, with the shop's catalog beside it (LRU over shops, like the serving registry). A rebuild
// heard on the change feed loads the new version in the background and swaps when it is ready; a catalog change
// re-reads the items only. A load in progress is shared by concurrent requests and a failed one is not cached.

import { AutocompleteIndex } from '@shopspace/autocomplete';
import type {
  ArtifactStore,
  AutocompleteRegistry,
  AutocompleteRepository,
  Change,
  Item,
  ItemRepository,
  ShopAutocomplete,
} from '@shopspace/domain';
import { openBundle } from '@shopspace/serving';

interface Entry {
  current: Promise<ShopAutocomplete | null>;
}

export class InMemoryAutocompleteRegistry implements AutocompleteRegistry {
  private readonly shops = new Map<string, Entry>();

  constructor(
    private readonly models: AutocompleteRepository,
    private readonly items: ItemRepository,
    private readonly artifacts: ArtifactStore,
    private readonly log: (message: string, detail?: Record<string, unknown>) => void = () => undefined,
    /** Shops kept in memory at most (a 100,000-query model takes about 23 MB); the oldest reloads on next use. */
    private readonly maxShops = 100,
  ) {}

  get(tenantId: string, shopId: string): Promise<ShopAutocomplete | null> {
    const key = `${tenantId}/${shopId}`;
    let entry = this.shops.get(key);
    if (entry) {
      // Map order is recency order: a hit moves to the young end.
      this.shops.delete(key);
      this.shops.set(key, entry);
      return entry.current;
    }
    if (this.shops.size >= this.maxShops) {
      const oldest = this.shops.keys().next().value;
      if (oldest !== undefined) this.shops.delete(oldest);
    }
    const created: Entry = { current: this.load(tenantId, shopId, null) };
    entry = created;
    this.shops.set(key, created);
    created.current.catch(() => {
      if (this.shops.get(key) === created) this.shops.delete(key);
    });
    return created.current;
  }

  /** Applies a change heard on the change feed (from this or another process). */
  onChange(change: Change): void {
    if (change.kind !== 'autocomplete-rebuilt' && change.kind !== 'catalog-changed') return;
    const key = `${change.tenantId}/${change.shopId}`;
    const entry = this.shops.get(key);
    if (!entry) return; // not loaded here: the next request loads the current state anyway
    const next = entry.current.then(
      (old) => this.load(change.tenantId, change.shopId, change.kind === 'catalog-changed' ? old : null),
      () => this.load(change.tenantId, change.shopId, null),
    );
    // Swap only once the new state is ready; requests meanwhile keep the old one.
    next.then(
      () => {
        if (this.shops.get(key) === entry) entry.current = next;
      },
      (error: unknown) => this.log('autocomplete reload failed', { shop: change.shopId, error: String(error) }),
    );
  }

  /** Loads the shop's current query model (or, for a catalog change, keeps `reuse`'s index with fresh items). */
  private async load(
    tenantId: string,
    shopId: string,
    reuse: ShopAutocomplete | null,
  ): Promise<ShopAutocomplete | null> {
    const items = new Map<string, Item>((await this.items.all(tenantId, shopId)).map((i) => [i.sku, i]));
    if (reuse) return { ...reuse, items };
    const record = await this.models.current(tenantId, shopId);
    if (!record) return null;
    const { queryModel, queryMeta } = (await openBundle(this.artifacts, record.path, ['queryModel', 'queryMeta']))
      .components;
    if (!queryModel || !queryMeta) throw new Error(`${record.path} is not a query model`);
    return { index: AutocompleteIndex.fromModel(queryModel), meta: queryMeta, items };
  }
}
