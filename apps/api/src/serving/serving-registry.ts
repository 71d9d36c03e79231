// The API process's serving state: each shop's active model loaded lazily from its artifacts, with the shop's
// items beside it, swapped without a restart when another version is activated (the change feed) and
// refreshed when the catalog changes. A load in progress is shared by concurrent requests; until a new
// version has loaded, the previous one keeps serving.

import type {
  ArtifactStore,
  BaselineRepository,
  Item,
  ItemRepository,
  ServingRegistry,
  ShopServing,
  TrainingRepository,
  Change,
} from '@shopspace/domain';
import { ServingModel, openBundle } from '@shopspace/serving';

interface Entry {
  current: Promise<ShopServing | null>;
}

/** What a serving process opens of a model version; a baseline holds only the first two. */
const SERVING_COMPONENTS = ['vocabulary', 'knn', 'settings', 'vectors', 'ann', 'layout'] as const;

export class InMemoryServingRegistry implements ServingRegistry {
  private readonly shops = new Map<string, Entry>();
  /** Pinned versions (experiments), by model id; few, so a small bound is enough. */
  private readonly versions = new Map<string, Promise<ShopServing | null>>();

  /** Event-based baselines (popularity, item-kNN) by shop; a baseline is small, the same bound applies. */
  private readonly baselines = new Map<string, Entry>();

  constructor(
    private readonly runs: TrainingRepository,
    private readonly items: ItemRepository,
    private readonly artifacts: ArtifactStore,
    private readonly baselineRecords: BaselineRepository,
    private readonly log: (message: string, detail?: Record<string, unknown>) => void = () => undefined,
    /** Shops kept in memory at most; the least recently used is dropped and reloads on its next request. */
    private readonly maxShops = 500,
  ) {}

  get(tenantId: string, shopId: string): Promise<ShopServing | null> {
    return this.cached(this.shops, `${tenantId}/${shopId}`, () => this.load(tenantId, shopId, null));
  }

  getBaseline(tenantId: string, shopId: string): Promise<ShopServing | null> {
    return this.cached(this.baselines, `${tenantId}/${shopId}`, () => this.loadBaseline(tenantId, shopId));
  }

  /** LRU lookup: Map order is recency order, so a hit moves to the young end and the oldest goes first. */
  private cached(
    map: Map<string, Entry>,
    key: string,
    load: () => Promise<ShopServing | null>,
  ): Promise<ShopServing | null> {
    let entry = map.get(key);
    if (entry) {
      map.delete(key);
      map.set(key, entry);
    } else {
      if (map.size >= this.maxShops) {
        const oldest = map.keys().next().value;
        if (oldest !== undefined) map.delete(oldest);
      }
      const created: Entry = { current: load() };
      entry = created;
      map.set(key, created);
      // A failed load is not cached: the next request tries again.
      created.current.catch(() => {
        if (map.get(key) === created) map.delete(key);
      });
    }
    return entry.current;
  }

  getVersion(tenantId: string, shopId: string, modelId: string): Promise<ShopServing | null> {
    const key = `${tenantId}/${shopId}/${modelId}`;
    let entry = this.versions.get(key);
    if (!entry) {
      if (this.versions.size >= 50) {
        const oldest = this.versions.keys().next().value;
        if (oldest !== undefined) this.versions.delete(oldest);
      }
      const created = this.loadVersion(tenantId, shopId, modelId);
      entry = created;
      this.versions.set(key, created);
      created.catch(() => {
        if (this.versions.get(key) === created) this.versions.delete(key);
      });
    }
    return entry;
  }

  private async loadVersion(tenantId: string, shopId: string, modelId: string): Promise<ShopServing | null> {
    const version = await this.runs.findModel(tenantId, modelId);
    if (!version || version.shopId !== shopId) return null;
    // The items are the shop's current ones, shared with the active model when it is loaded.
    const active = await this.get(tenantId, shopId).catch(() => null);
    const model = active?.modelVersionId === version.id ? active.model : await this.loadModel(version.artifactPath);
    const items = active && active.model === model ? active.items : await this.itemsFor(tenantId, shopId, model);
    return { modelVersionId: version.id, model, items };
  }

  private async itemsFor(tenantId: string, shopId: string, model: ServingModel): Promise<Array<Item | null>> {
    const bySku = new Map<string, Item>((await this.items.all(tenantId, shopId)).map((i) => [i.sku, i]));
    return model.skus.map((sku) => bySku.get(sku) ?? null);
  }

  /** Applies a change heard on the change feed (from this or another process). */
  onChange(change: Change): void {
    if (change.kind !== 'model-activated' && change.kind !== 'catalog-changed' && change.kind !== 'baselines-refreshed')
      return;
    const key = `${change.tenantId}/${change.shopId}`;
    if (change.kind === 'baselines-refreshed' || change.kind === 'catalog-changed') {
      this.swap(this.baselines, key, change.shopId, () => this.loadBaseline(change.tenantId, change.shopId));
    }
    if (change.kind === 'baselines-refreshed') return;
    // Pinned versions re-read their items on next use.
    for (const k of this.versions.keys()) if (k.startsWith(`${key}/`)) this.versions.delete(k);
    const entry = this.shops.get(key);
    if (!entry) return; // not loaded here: the next request loads the new state anyway
    const previous = entry.current;
    const next = previous.then(
      (old) => this.load(change.tenantId, change.shopId, change.kind === 'catalog-changed' ? old : null),
      () => this.load(change.tenantId, change.shopId, null),
    );
    // Swap only once the new state is ready; requests meanwhile keep the old one.
    next.then(
      () => {
        if (this.shops.get(key) === entry) entry.current = next;
      },
      (error: unknown) => this.log('serving reload failed', { shop: change.shopId, error: String(error) }),
    );
  }

  /** Replaces a loaded entry once its reload is ready; requests meanwhile keep the old state. */
  private swap(map: Map<string, Entry>, key: string, shopId: string, load: () => Promise<ShopServing | null>): void {
    const entry = map.get(key);
    if (!entry) return;
    const next = load();
    next.then(
      () => {
        if (map.get(key) === entry) entry.current = next;
      },
      (error: unknown) => this.log('serving reload failed', { shop: shopId, error: String(error) }),
    );
  }

  private async loadBaseline(tenantId: string, shopId: string): Promise<ShopServing | null> {
    const record = await this.baselineRecords.current(tenantId, shopId);
    if (!record) return null;
    const model = await this.loadModel(record.path);
    return { modelVersionId: null, model, items: await this.itemsFor(tenantId, shopId, model) };
  }

  /** Loads the shop's active model (or, for a catalog change, reuses `reuse`'s model with fresh items). */
  private async load(tenantId: string, shopId: string, reuse: ShopServing | null): Promise<ShopServing | null> {
    const active = await this.runs.activeModel(tenantId, shopId);
    if (!active) return null;
    const catalog = await this.items.all(tenantId, shopId);
    const model = reuse && reuse.modelVersionId === active.id ? reuse.model : await this.loadModel(active.artifactPath);
    const bySku = new Map<string, Item>(catalog.map((i) => [i.sku, i]));
    const items = model.skus.map((sku) => bySku.get(sku) ?? null);
    return { modelVersionId: active.id, model, items };
  }

  private async loadModel(path: string): Promise<ServingModel> {
    const { vocabulary, knn, ...rest } = (await openBundle(this.artifacts, path, SERVING_COMPONENTS)).components;
    if (!vocabulary || !knn) throw new Error(`${path} is not a model version (no vocabulary or item-kNN)`);
    return new ServingModel({ vocabulary, knn, ...rest });
  }
}
