// In-memory model versions: the model lookups of the training repository that other services use
// (ExperimentService pins variants to a version; serving reads the active one). Lookups are scoped by tenant
// only, as in the Prisma adapter: whether a model belongs to the right *shop* is the caller's check.

import type { ModelVersion, TrainingRepository } from '@shopspace/domain';
import { byCreated, copy, settle, type FakeDatabase, type ModelRow } from './fake-database.ts';

export type ModelLookups = Pick<TrainingRepository, 'findModel' | 'listModels' | 'activeModel' | 'activate'>;

export class FakeModelRepository implements ModelLookups {
  constructor(private readonly db: FakeDatabase) {}

  /**
   * A model version as a succeeded training run leaves it (the run itself is not modelled: trainingRunId is a
   * fresh id). `activate` points the shop at it.
   */
  add(
    tenantId: string,
    shopId: string,
    options: { readonly activate?: boolean; readonly algorithm?: string; readonly itemCount?: number } = {},
  ): ModelVersion {
    const shop = this.db.requireShop(tenantId, shopId, 'model_versions');
    const id = this.db.newId();
    const row: ModelRow = {
      id,
      tenantId,
      shopId,
      trainingRunId: this.db.newId(),
      algorithm: options.algorithm ?? 'item2vec-cbow',
      dimensions: 16,
      itemCount: options.itemCount ?? 0,
      metrics: null,
      artifactPath: `${tenantId}/${shopId}/model/${id}`,
      createdAt: this.db.now(),
    };
    this.db.models.set(id, row);
    if (options.activate) shop.activeModelId = id;
    return this.toModel(row);
  }

  findModel(tenantId: string, id: string): Promise<ModelVersion | null> {
    return settle(() => {
      const row = this.row(tenantId, id);
      return row ? this.toModel(row) : null;
    });
  }

  listModels(tenantId: string, shopId: string, first: number): Promise<ModelVersion[]> {
    return settle(() => {
      this.db.uuid(tenantId, 'model_versions.tenant_id');
      this.db.uuid(shopId, 'model_versions.shop_id');
      return [...this.db.models.values()]
        .filter((m) => m.tenantId === tenantId && m.shopId === shopId)
        .sort(byCreated)
        .reverse()
        .slice(0, first)
        .map((m) => this.toModel(m));
    });
  }

  activeModel(tenantId: string, shopId: string): Promise<ModelVersion | null> {
    return settle(() => {
      const shop = this.db.shopOf(tenantId, shopId);
      const row = shop?.activeModelId ? this.db.models.get(shop.activeModelId) : undefined;
      return row ? this.toModel(row) : null;
    });
  }

  activate(tenantId: string, modelId: string): Promise<ModelVersion | null> {
    return settle(() => {
      const row = this.row(tenantId, modelId);
      if (!row) return null;
      const shop = this.db.shopOf(tenantId, row.shopId);
      if (shop) shop.activeModelId = row.id;
      return this.toModel(row);
    });
  }

  private row(tenantId: string, id: string): ModelRow | undefined {
    this.db.uuid(tenantId, 'model_versions.tenant_id');
    const row = this.db.models.get(this.db.uuid(id, 'model_versions.id'));
    return row?.tenantId === tenantId ? row : undefined;
  }

  private toModel(row: ModelRow): ModelVersion {
    const active = this.db.shops.get(row.shopId)?.activeModelId === row.id;
    return { ...copy(row), active };
  }
}
