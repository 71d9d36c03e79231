// The API process's autocomplete state: each shop's query model loaded lazily from its bundle into an
// AutocompleteIndex, with the shop's catalog beside it (LRU over shops). A rebuild heard on the change feed
// loads the new version in the background and swaps when it is ready; a catalog change re-reads the items only;
// a periodic reconciliation with the database heals a lost message.

import { AutocompleteIndex } from '@shopspace/autocomplete';
import type {
  ArtifactStore,
  AutocompleteRegistry,
  AutocompleteRepository,
  Change,
  ChangeKind,
  ChangeReactor,
  Item,
  ItemRepository,
  ShopAutocomplete,
  ShopStateReader,
} from '@shopspace/domain';
import { openBundle } from '@shopspace/serving';
import type { Logger } from '@shopspace/ops';
import { SwappingCache } from './swapping-cache.ts';

interface Loaded {
  readonly shop: ShopAutocomplete | null;
  readonly path: string | null;
  readonly catalogVersion: number;
}

export class InMemoryAutocompleteRegistry implements AutocompleteRegistry, ChangeReactor {
  readonly reactsTo: readonly ChangeKind[] = ['autocomplete-rebuilt', 'catalog-changed'];
  private readonly shops: SwappingCache<Loaded>;

  constructor(
    private readonly models: AutocompleteRepository,
    private readonly items: ItemRepository,
    private readonly artifacts: ArtifactStore,
    private readonly states: ShopStateReader,
    private readonly logger?: Logger,
    /** Shops kept in memory at most (a 100,000-query model takes about 23 MB); the oldest reloads on next use. */
    maxShops = 100,
  ) {
    this.shops = new SwappingCache(maxShops, (key, error) =>
      this.logger?.error({ shop: key, err: error }, 'autocomplete reload failed; the previous model keeps serving'),
    );
  }

  get size(): number {
    return this.shops.size;
  }

  async get(tenantId: string, shopId: string): Promise<ShopAutocomplete | null> {
    return (await this.shops.get(`${tenantId}/${shopId}`, () => this.load(tenantId, shopId, null))).shop;
  }

  onChange(change: Change): void {
    if (change.kind !== 'autocomplete-rebuilt' && change.kind !== 'catalog-changed') return;
    const { tenantId, shopId } = change;
    this.shops.reload(`${tenantId}/${shopId}`, (old) =>
      this.load(tenantId, shopId, change.kind === 'catalog-changed' ? old : null),
    );
  }

  /** Reloads every loaded shop whose query model or catalog the database says is newer. */
  async reconcile(): Promise<number> {
    const loaded = this.shops.loaded();
    if (loaded.length === 0) return 0;
    const keys = loaded.map(([key]) => {
      const [tenantId = '', shopId = ''] = key.split('/');
      return { tenantId, shopId };
    });
    let reloaded = 0;
    for (const state of await this.states.states(keys)) {
      const key = `${state.tenantId}/${state.shopId}`;
      const current = loaded.find(([k]) => k === key)?.[1];
      if (!current || (current.path === state.autocompletePath && current.catalogVersion === state.catalogVersion))
        continue;
      const same = current.path === state.autocompletePath;
      this.shops.reload(key, (old) => this.load(state.tenantId, state.shopId, same ? old : null));
      reloaded++;
    }
    return reloaded;
  }

  /** Loads the shop's current query model (or keeps `reuse`'s index, with fresh items). */
  private async load(tenantId: string, shopId: string, reuse: Loaded | null | undefined): Promise<Loaded> {
    const catalogVersion = (await this.states.states([{ tenantId, shopId }]))[0]?.catalogVersion ?? 0;
    const items = new Map<string, Item>((await this.items.all(tenantId, shopId)).map((i) => [i.sku, i]));
    if (reuse?.shop) return { shop: { ...reuse.shop, items }, path: reuse.path, catalogVersion };
    const record = await this.models.current(tenantId, shopId);
    if (!record) return { shop: null, path: null, catalogVersion };
    const { queryModel, queryMeta } = (await openBundle(this.artifacts, record.path, ['queryModel', 'queryMeta']))
      .components;
    if (!queryModel || !queryMeta) throw new Error(`${record.path} is not a query model`);
    return {
      shop: { index: AutocompleteIndex.fromModel(queryModel), meta: queryMeta, items },
      path: record.path,
      catalogVersion,
    };
  }
}
