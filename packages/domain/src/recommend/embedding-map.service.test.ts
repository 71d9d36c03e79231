import { describe, expect, it } from 'vitest';
import { ServingModel, type ModelLayout } from '@shopspace/serving';
import type { Item } from '../catalog/catalog.ports.ts';
import type { ModelVersion } from '../training/training.ports.ts';
import { EmbeddingMapService } from './embedding-map.service.ts';
import type { ServingRegistry, ShopServing } from './recommend.ports.ts';

const MODEL = { id: 'm1', tenantId: 't1', shopId: 's1' } as ModelVersion;

/** Five items in 3-D, counts 10..50 (item 4 most frequent); item 2 has no vector, item 3 left the catalog. */
function serving(layout?: ModelLayout): ShopServing {
  const dim = 3;
  const vectors = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0.6, 0.8, 0]);
  const model = new ServingModel({
    vocabulary: { skus: ['A', 'B', 'C', 'D', 'E'], counts: Int32Array.from([10, 20, 30, 40, 50]) },
    vectors: { dim, vectors },
    knn: { itemCount: 5, offsets: new Int32Array(6), neighbours: new Int32Array(0), weights: new Float64Array(0) },
    layout,
  });
  const item = (sku: string, category: string[]) => ({ sku, title: `title ${sku}`, category }) as unknown as Item;
  return {
    modelVersionId: MODEL.id,
    model,
    items: [item('A', ['mugs']), item('B', []), item('C', ['bags']), null, item('E', ['mugs', 'tea'])],
  };
}

const registry = (s: ShopServing | null): ServingRegistry => ({
  get: () => Promise.resolve(s),
  getVersion: (tenantId, shopId, modelId) =>
    Promise.resolve(tenantId === MODEL.tenantId && shopId === MODEL.shopId && modelId === MODEL.id ? s : null),
  getBaseline: () => Promise.resolve(null),
});

describe('EmbeddingMapService.projection', () => {
  it('serves the stored t-SNE layout, most frequent first, leaving off items not in the catalog', async () => {
    const layout: ModelLayout = {
      rows: Int32Array.from([4, 3, 1, 0]),
      points: Float32Array.from([1.5, -2, 9, 9, -3.25, 0.5, 0, 4]),
      perplexity: 30,
    };
    const map = await new EmbeddingMapService(registry(serving(layout))).projection(MODEL, 10);
    expect(map).toEqual({
      modelVersionId: 'm1',
      method: 't-SNE (perplexity 30) of the 4 most frequent items',
      points: [
        { sku: 'E', title: 'title E', category: 'mugs', x: 1.5, y: -2 },
        { sku: 'B', title: 'title B', category: null, x: -3.25, y: 0.5 },
        { sku: 'A', title: 'title A', category: 'mugs', x: 0, y: 4 },
      ],
    });
    const two = await new EmbeddingMapService(registry(serving(layout))).projection(MODEL, 2);
    expect(two.points.map((p) => p.sku)).toEqual(['E', 'B']);
  });

  it('projects by PCA when the model has no layout (trained before layouts were stored)', async () => {
    const map = await new EmbeddingMapService(registry(serving())).projection(MODEL, 10);
    expect(map.method).toMatch(/^pca \(\d+% \+ \d+% of variance\)$/);
    // Items with a vector and in the catalog, most frequent first.
    expect(map.points.map((p) => p.sku)).toEqual(['E', 'B', 'A']);
  });

  it('answers an empty map for a version it cannot load', async () => {
    const map = await new EmbeddingMapService(registry(null)).projection(MODEL, 10);
    expect(map).toEqual({ modelVersionId: 'm1', method: 'pca', points: [] });
  });
});
