// The API process's response models (GLMix on tracked clicks): each shop's active one loaded lazily from its
// bundle, swapped when the change feed says another was activated, and compared with the database at each
// reconciliation so a lost message heals. Until a new one has loaded, the previous one keeps serving.

import type {
  ArtifactStore,
  Change,
  ChangeKind,
  ChangeReactor,
  ResponseLookup,
  ResponseModelRepository,
} from '@shopspace/domain';
import { openBundle, type ResponseServing } from '@shopspace/serving';
import type { Logger } from '@shopspace/ops';
import { SwappingCache } from './swapping-cache.ts';

interface Loaded {
  readonly response: ResponseServing | null;
  readonly id: string | null;
}

export class InMemoryResponseRegistry implements ResponseLookup, ChangeReactor {
  readonly reactsTo: readonly ChangeKind[] = ['response-activated'];
  private readonly shops: SwappingCache<Loaded>;

  constructor(
    private readonly models: Pick<ResponseModelRepository, 'active'>,
    private readonly artifacts: ArtifactStore,
    private readonly logger?: Logger,
    maxShops = 500,
  ) {
    this.shops = new SwappingCache(maxShops, (key, error) =>
      this.logger?.error({ shop: key, err: error }, 'response model reload failed; the previous one keeps serving'),
    );
  }

  get size(): number {
    return this.shops.size;
  }

  async get(tenantId: string, shopId: string): Promise<ResponseServing | null> {
    return (await this.shops.get(`${tenantId}/${shopId}`, () => this.load(tenantId, shopId))).response;
  }

  onChange(change: Change): void {
    if (change.kind !== 'response-activated') return;
    const { tenantId, shopId } = change;
    this.shops.reload(`${tenantId}/${shopId}`, () => this.load(tenantId, shopId));
  }

  /** Reloads every loaded shop whose active response model the database says is another. */
  async reconcile(): Promise<number> {
    let reloaded = 0;
    for (const [key, current] of this.shops.loaded()) {
      const [tenantId = '', shopId = ''] = key.split('/');
      const active = await this.models.active(tenantId, shopId);
      if ((active?.id ?? null) === current.id) continue;
      this.shops.reload(key, () => this.load(tenantId, shopId));
      reloaded++;
    }
    return reloaded;
  }

  private async load(tenantId: string, shopId: string): Promise<Loaded> {
    const record = await this.models.active(tenantId, shopId);
    if (!record) return { response: null, id: null };
    const { response } = (await openBundle(this.artifacts, record.artifactPath, ['response'])).components;
    if (!response) throw new Error(`${record.artifactPath} holds no response model`);
    return {
      id: record.id,
      response: {
        id: record.id,
        modelVersionId: record.modelVersionId,
        models: response,
        clicks: record.metrics.clicks,
      },
    };
  }
}
