// The worker's side of alignment: what a shop brings (its active catalog and active model's vectors, read from
// the model files), and the numerics (@shopspace/alignment's alignGroup) with its files and metrics.

import type { GroupInput } from '@shopspace/alignment';
import type {
  AlignmentComputer,
  AlignmentShopData,
  AlignmentSource,
  ArtifactStore,
  CrossingShoppers,
  ItemRepository,
  TrainingRepository,
} from '@shopspace/domain';
import type { CrossingShoppersSqlSource } from '@shopspace/db';
import { openModelVersion } from '@shopspace/serving';

import { runOnThread } from '../threads/run-on-thread.ts';

export class WorkerAlignmentSource implements AlignmentSource {
  constructor(
    private readonly items: ItemRepository,
    private readonly runs: TrainingRepository,
    private readonly artifacts: ArtifactStore,
    private readonly crossing: CrossingShoppersSqlSource,
  ) {}

  async shop(tenantId: string, shopId: string): Promise<AlignmentShopData> {
    const items = (await this.items.all(tenantId, shopId)).filter((i) => i.active);
    const active = await this.runs.activeModel(tenantId, shopId);
    if (!active) return { shopId, items, model: null };
    const { vocabulary, vectors } = (
      await openModelVersion(this.artifacts, active.artifactPath, ['vocabulary', 'vectors'])
    ).components;
    if (!vocabulary || !vectors) return { shopId, items, model: null };
    return {
      shopId,
      items,
      model: { modelVersionId: active.id, skus: vocabulary.skus, dim: vectors.dim, vectors: vectors.vectors },
    };
  }

  crossingShoppers(tenantId: string, shopIds: readonly string[]): Promise<CrossingShoppers[]> {
    return this.crossing.crossingShoppers(tenantId, shopIds);
  }
}

/**
 * Runs alignGroup on a worker thread (thread-tasks.ts): it is CPU-bound for seconds to minutes, and the worker's
 * event loop must stay free to renew BullMQ job locks and write progress.
 */
export class GroupAlignmentComputer implements AlignmentComputer {
  compute(
    shops: readonly AlignmentShopData[],
    crossing: readonly CrossingShoppers[],
    onProgress: (fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<{ files: Map<string, Uint8Array>; metrics: Record<string, unknown> }> {
    const input: GroupInput = {
      shops: shops.map((s) => ({
        shopId: s.shopId,
        items: s.items.map((i) => ({
          sku: i.sku,
          title: i.title,
          ...(i.description ? { description: i.description } : {}),
          categoryPath: i.category,
          ...(i.brand ? { brand: i.brand } : {}),
          ...(i.price !== null ? { price: i.price } : {}),
          ...(i.attributes ? { attributes: stringAttributes(i.attributes) } : {}),
        })),
        model: s.model,
      })),
      crossing,
    };
    return runOnThread('alignment', input, { onProgress, ...(signal ? { signal } : {}) });
  }
}

function stringAttributes(attributes: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes))
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  return out;
}
