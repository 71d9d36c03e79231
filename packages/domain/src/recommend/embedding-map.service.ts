// The embedding map of a model version: its most popular items (with a vector and in the catalog) in 2-D, each
// with its title and top-level category, for the console's scatter plot. The layout is the t-SNE the worker
// stored with the model (layout.bin); a model trained before that has none and is projected by PCA here.

import { projectTo2d } from '@shopspace/serving';
import type { ModelVersion } from '../training/training.ports.ts';
import type { ServingRegistry } from './recommend.ports.ts';

export interface EmbeddingPoint {
  readonly sku: string;
  readonly title: string;
  readonly category: string | null;
  readonly x: number;
  readonly y: number;
}

export interface EmbeddingProjection {
  readonly modelVersionId: string;
  readonly method: string;
  readonly points: EmbeddingPoint[];
}

export const MAX_MAP_POINTS = 5_000;

export class EmbeddingMapService {
  constructor(private readonly registry: ServingRegistry) {}

  /** `model` must come from TrainingService (already scoped to the caller's tenant). */
  async projection(model: ModelVersion, limit: number): Promise<EmbeddingProjection> {
    const k = Math.min(Math.max(Math.trunc(limit), 1), MAX_MAP_POINTS);
    const serving = await this.registry.getVersion(model.tenantId, model.shopId, model.id);
    const empty = { modelVersionId: model.id, method: 'pca', points: [] };
    if (!serving || serving.model.dim === 0) return empty;
    const files = serving.model;
    const point = (i: number, x: number, y: number): EmbeddingPoint => {
      const item = serving.items[i];
      return {
        sku: files.skus[i] ?? '',
        title: item?.title ?? '',
        category: item?.category[0] ?? null,
        x: Math.round(x * 1e5) / 1e5,
        y: Math.round(y * 1e5) / 1e5,
      };
    };
    const { layout } = files;
    if (layout) {
      // Stored most frequent first; items no longer in the catalog are left off.
      const points: EmbeddingPoint[] = [];
      for (let j = 0; j < layout.rows.length && points.length < k; j++) {
        const i = layout.rows[j] ?? -1;
        if (serving.items[i]) points.push(point(i, layout.points[j * 2] ?? 0, layout.points[j * 2 + 1] ?? 0));
      }
      if (points.length > 0) {
        const method = `t-SNE (perplexity ${layout.perplexity}) of the ${layout.rows.length} most frequent items`;
        return { modelVersionId: model.id, method, points };
      }
    }
    const rows: number[] = [];
    const order = Array.from({ length: files.skus.length }, (_, i) => i).sort(
      (a, b) => (files.counts[b] ?? 0) - (files.counts[a] ?? 0) || a - b,
    );
    for (const i of order) {
      if (rows.length >= k) break;
      const row = files.vectors.subarray(i * files.dim, (i + 1) * files.dim);
      if (serving.items[i] && row.some((x) => x !== 0)) rows.push(i);
    }
    if (rows.length === 0) return empty;
    const p = projectTo2d(files.vectors, files.dim, rows);
    const points = rows.map((i, j) => point(i, p.points[j * 2] ?? 0, p.points[j * 2 + 1] ?? 0));
    const explained = `${Math.round(p.explained[0] * 100)}% + ${Math.round(p.explained[1] * 100)}% of variance`;
    return { modelVersionId: model.id, method: `pca (${explained})`, points };
  }
}
