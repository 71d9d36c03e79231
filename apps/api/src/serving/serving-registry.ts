// The API process's serving state: each shop's active model loaded lazily from its bundle, with the shop's
// items beside it, swapped without a restart when another version is activated or the catalog changes (the
// change feed), and reconciled with the database on a period, so a lost change message heals. Until a new
// version has loaded, the previous one keeps serving.

import type {
  ArtifactStore,
  BaselineRepository,
  CatalogWatcher,
  Change,
  ChangeKind,
  ChangeReactor,
  Item,
  ItemRecord,
  ItemRepository,
  ServingRegistry,
  ShopServing,
  ShopStateReader,
  TrainingRepository,
} from '@shopspace/domain';
import { SERVING_MODEL_COMPONENTS, ServingModel, openBundle } from '@shopspace/serving';
import type { Logger } from '@shopspace/ops';
import { SwappingCache } from './swapping-cache.ts';

/** A loaded state with what it was loaded from, to compare with the database when reconciling. */
interface Loaded {
  readonly serving: ShopServing | null;
  /** The model version or baseline path it serves (null: none). */
  readonly source: string | null;
  readonly catalogVersion: number;
}

const keyOf = (tenantId: string, shopId: string): string => `${tenantId}/${shopId}`;
const splitKey = (key: string): { tenantId: string; shopId: string } => {
  const [tenantId = '', shopId = ''] = key.split('/');
  return { tenantId, shopId };
};

export class InMemoryServingRegistry implements ServingRegistry, ChangeReactor, CatalogWatcher {
  readonly reactsTo: readonly ChangeKind[] = ['model-activated', 'catalog-changed', 'baselines-refreshed'];
  private readonly active: SwappingCache<Loaded>;
  private readonly baselines: SwappingCache<Loaded>;
  /** Pinned versions (experiments), by model id; few, so a small bound is enough. */
  private readonly versions = new SwappingCache<ShopServing | null>(50);

  constructor(
    private readonly runs: Pick<TrainingRepository, 'activeModel' | 'findModel'>,
    private readonly items: ItemRepository,
    private readonly artifacts: ArtifactStore,
    private readonly baselineRecords: Pick<BaselineRepository, 'current'>,
    private readonly states: ShopStateReader,
    private readonly logger?: Logger,
    /** Shops kept in memory at most; the least recently used is dropped and reloads on its next request. */
    maxShops = 500,
  ) {
    const failed = (key: string, error: unknown) =>
      this.logger?.error({ shop: key, err: error }, 'serving reload failed; the previous state keeps serving');
    this.active = new SwappingCache(maxShops, failed);
    this.baselines = new SwappingCache(maxShops, failed);
  }

  async get(tenantId: string, shopId: string): Promise<ShopServing | null> {
    return (await this.active.get(keyOf(tenantId, shopId), () => this.loadActive(tenantId, shopId, null))).serving;
  }

  async getBaseline(tenantId: string, shopId: string): Promise<ShopServing | null> {
    return (await this.baselines.get(keyOf(tenantId, shopId), () => this.loadBaseline(tenantId, shopId, null))).serving;
  }

  getVersion(tenantId: string, shopId: string, modelId: string): Promise<ShopServing | null> {
    return this.versions.get(`${keyOf(tenantId, shopId)}/${modelId}`, () =>
      this.loadVersion(tenantId, shopId, modelId),
    );
  }

  /** Shops (active models and baselines) held, and the approximate bytes of their typed arrays. */
  footprint(): { models: number; baselines: number; bytes: number } {
    let bytes = 0;
    const count = (list: Array<[string, Loaded]>) => {
      for (const [, l] of list) bytes += l.serving ? l.serving.model.byteSize : 0;
      return list.length;
    };
    return { models: count(this.active.loaded()), baselines: count(this.baselines.loaded()), bytes };
  }

  /**
   * Rows this process just stored: a loaded model with a feature tower embeds them now and serves them at once
   * (the change message that follows reloads the catalog as usual, here and in every other process).
   */
  itemsStored(tenantId: string, shopId: string, rows: readonly ItemRecord[], at: Date): void {
    this.active.patch(keyOf(tenantId, shopId), (loaded) => {
      const serving = loaded.serving;
      const tower = serving?.model.tower;
      if (!serving || !tower) return loaded;
      tower.sync(rows.map((r) => ({ ...r, updatedAt: at.getTime() })));
      const items = [...serving.items];
      for (const row of rows) {
        const label = tower.label(row.sku);
        if (label === undefined) continue;
        const before = items[label] ?? null;
        items[label] = { ...row, shopId, createdAt: before?.createdAt ?? at, updatedAt: at };
      }
      return { ...loaded, serving: { ...serving, items } };
    });
  }

  onChange(change: Change): void {
    if (change.kind !== 'model-activated' && change.kind !== 'catalog-changed' && change.kind !== 'baselines-refreshed')
      return;
    const key = keyOf(change.tenantId, change.shopId);
    const { tenantId, shopId } = change;
    if (change.kind !== 'model-activated')
      this.baselines.reload(key, (old) =>
        this.loadBaseline(tenantId, shopId, change.kind === 'catalog-changed' ? old : null),
      );
    if (change.kind === 'baselines-refreshed') return;
    // Pinned versions re-read their items on next use.
    this.versions.deleteWhere((k) => k.startsWith(`${key}/`));
    this.active.reload(key, (old) => this.loadActive(tenantId, shopId, change.kind === 'catalog-changed' ? old : null));
  }

  /**
   * Compares every loaded shop with the database in one query and reloads what differs: another active model
   * or baseline (a new model), or a newer catalog (fresh items, same model). Heals a lost change message.
   */
  async reconcile(): Promise<number> {
    const keys = new Set([...this.active.loaded(), ...this.baselines.loaded()].map(([k]) => k));
    if (keys.size === 0) return 0;
    const states = await this.states.states([...keys].map(splitKey));
    let reloaded = 0;
    for (const state of states) {
      const key = keyOf(state.tenantId, state.shopId);
      const { tenantId, shopId } = state;
      const active = this.active.loaded().find(([k]) => k === key)?.[1];
      if (active && (active.source !== state.activeModelId || active.catalogVersion !== state.catalogVersion)) {
        const sameModel = active.source === state.activeModelId;
        this.active.reload(key, (old) => this.loadActive(tenantId, shopId, sameModel ? old : null));
        this.versions.deleteWhere((k) => k.startsWith(`${key}/`));
        reloaded++;
      }
      const baseline = this.baselines.loaded().find(([k]) => k === key)?.[1];
      if (baseline && (baseline.source !== state.baselinePath || baseline.catalogVersion !== state.catalogVersion)) {
        const same = baseline.source === state.baselinePath;
        this.baselines.reload(key, (old) => this.loadBaseline(tenantId, shopId, same ? old : null));
        reloaded++;
      }
    }
    return reloaded;
  }

  private async catalogVersion(tenantId: string, shopId: string): Promise<number> {
    return (await this.states.states([{ tenantId, shopId }]))[0]?.catalogVersion ?? 0;
  }

  /**
   * The catalog item of each model index. A model with a feature tower first embeds the items it has no
   * vector for, or that changed since it embedded them, into its live index (new items become answerable from
   * their features without retraining; deactivated ones leave the answers), so its indices grow.
   */
  private async itemsFor(tenantId: string, shopId: string, model: ServingModel): Promise<Array<Item | null>> {
    const all = await this.items.all(tenantId, shopId);
    if (model.tower) {
      const embedded = await model.tower.syncInSlices(all.map((i) => ({ ...i, updatedAt: i.updatedAt.getTime() })));
      if (embedded > 0) this.logger?.debug({ shop: shopId, embedded }, 'tower: items embedded from their features');
    }
    const bySku = new Map<string, Item>(all.map((i) => [i.sku, i]));
    return model.skus.map((sku) => bySku.get(sku) ?? null);
  }

  /** The shop's active model (or, when `reuse` serves that same model, it with fresh items). */
  private async loadActive(tenantId: string, shopId: string, reuse: Loaded | null | undefined): Promise<Loaded> {
    // The version is read before the items, so a catalog change in between is seen at the next reconcile.
    const catalogVersion = await this.catalogVersion(tenantId, shopId);
    const active = await this.runs.activeModel(tenantId, shopId);
    if (!active) return { serving: null, source: null, catalogVersion };
    const model =
      reuse?.serving && reuse.source === active.id ? reuse.serving.model : await this.loadModel(active.artifactPath);
    const items = await this.itemsFor(tenantId, shopId, model);
    return { serving: { modelVersionId: active.id, model, items }, source: active.id, catalogVersion };
  }

  private async loadBaseline(tenantId: string, shopId: string, reuse: Loaded | null | undefined): Promise<Loaded> {
    const catalogVersion = await this.catalogVersion(tenantId, shopId);
    const record = await this.baselineRecords.current(tenantId, shopId);
    if (!record) return { serving: null, source: null, catalogVersion };
    const model =
      reuse?.serving && reuse.source === record.path ? reuse.serving.model : await this.loadModel(record.path);
    const items = await this.itemsFor(tenantId, shopId, model);
    return { serving: { modelVersionId: null, model, items }, source: record.path, catalogVersion };
  }

  private async loadVersion(tenantId: string, shopId: string, modelId: string): Promise<ShopServing | null> {
    const version = await this.runs.findModel(tenantId, modelId);
    if (!version || version.shopId !== shopId) return null;
    // The active model's state is shared when the pinned version is the active one.
    const active = await this.get(tenantId, shopId).catch(() => null);
    if (active?.modelVersionId === version.id) return active;
    const model = await this.loadModel(version.artifactPath);
    return { modelVersionId: version.id, model, items: await this.itemsFor(tenantId, shopId, model) };
  }

  private async loadModel(path: string): Promise<ServingModel> {
    const { vocabulary, ...rest } = (await openBundle(this.artifacts, path, SERVING_MODEL_COMPONENTS)).components;
    if (!vocabulary || (!rest.pipeline && !rest.knn))
      throw new Error(`${path} is not a model version (no vocabulary, or nothing to serve sessions with)`);
    return new ServingModel({ vocabulary, ...rest });
  }
}
