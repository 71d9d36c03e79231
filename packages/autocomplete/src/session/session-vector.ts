// The session's position in the shop's item space: the recency-weighted mean of its items' unit vectors (the most
// recent item weighs 1, each step back multiplies by `decay`), which suggest() compares query vectors with.
import { recencyWeights } from '@shopspace/item2vec';
import { invalidArgument, requireArray, requireFinite } from '../autocomplete.errors.ts';
import type { ItemSpace } from '../model/query-model.ts';

/** Default weight step per item back in the session. */
export const SESSION_DECAY = 0.5;

/**
 * Unit recency-weighted mean of the vectors of `skus` (oldest first); skus outside the item space are skipped.
 * Null when none of them has a vector, so the caller falls back to popularity.
 */
export function sessionVector(
  skus: readonly string[],
  itemSpace: ItemSpace,
  decay: number = SESSION_DECAY,
): Float32Array | null {
  // Called per request: only the shape is checked here, rows outside the vectors are skipped below.
  const { dim, vectors } = itemSpace;
  if (!Number.isInteger(dim) || dim < 1 || !(vectors instanceof Float32Array) || vectors.length % dim !== 0) {
    throw invalidArgument('itemSpace', 'must have a positive integer dim and a Float32Array of rows × dim');
  }
  requireArray('skus', skus);
  requireFinite('decay', decay, 0, 1);
  const weights = recencyWeights(skus.length, decay);
  const sum = new Float64Array(dim);
  let any = false;
  skus.forEach((sku, j) => {
    const row = itemSpace.rowOf.get(sku);
    if (row === undefined || row < 0 || (row + 1) * dim > vectors.length) return;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += (vectors[row * dim + d] ?? 0) ** 2;
    if (norm === 0) return;
    const scale = (weights[j] ?? 0) / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) sum[d] = (sum[d] ?? 0) + scale * (vectors[row * dim + d] ?? 0);
    any = true;
  });
  if (!any) return null;
  let norm = 0;
  for (const value of sum) norm += value * value;
  if (norm === 0) return null;
  return Float32Array.from(sum, (value) => value / Math.sqrt(norm));
}
