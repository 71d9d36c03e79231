// Starting point of training: seeded uniform weights rescaled on the catalog itself (LSUV-style), and each
// item's list of training partners (for the optional partner mask of the negatives).
import { createRng, deriveSeed, type Rng } from '@shopspace/item2vec';
import { hashItem, type ItemFeatures } from '../features/feature-hashing.ts';
import type { TrainingPairs } from '../contacts/training-pairs.ts';
import { denseRow } from './tower.kernels.ts';
import { bagRows, createScratch, type FeatureTower, type TowerWeights } from './tower.model.ts';
import type { PartnerLists } from './tower.step.ts';

/** Each item's distinct training partners, ascending (both directions of every pair). */
export function partnerLists(pairs: TrainingPairs, items: number): PartnerLists {
  const degree = new Int32Array(items + 1);
  for (let k = 0; k < pairs.count; k++) {
    degree[pairs.a[k]! + 1]!++;
    degree[pairs.b[k]! + 1]!++;
  }
  for (let i = 0; i < items; i++) degree[i + 1]! += degree[i]!;
  const fill = degree.slice(0, items);
  const all = new Int32Array(degree[items]!);
  for (let k = 0; k < pairs.count; k++) {
    all[fill[pairs.a[k]!]!++] = pairs.b[k]!;
    all[fill[pairs.b[k]!]!++] = pairs.a[k]!;
  }
  const offsets = new Int32Array(items + 1);
  let out = 0;
  for (let i = 0; i < items; i++) {
    const list = all.subarray(degree[i], degree[i + 1]).sort();
    for (let q = 0; q < list.length; q++) if (q === 0 || list[q] !== list[q - 1]) all[out++] = list[q]!;
    offsets[i + 1] = out;
  }
  return { offsets, items: all.slice(0, out) };
}

// Embeddings small and uniform; He-uniform into the ReLU layer, Glorot-uniform into tanh.
export function initialiseWeights(weights: TowerWeights, width: number, hidden: number, dim: number, rng: Rng): void {
  const uniform = (values: Float32Array, limit: number): void => {
    for (let i = 0; i < values.length; i++) values[i] = (2 * rng.nextFloat() - 1) * limit;
  };
  for (const table of weights.tables) uniform(table, 0.1 * Math.sqrt(3));
  uniform(weights.w1, Math.sqrt(6 / width));
  uniform(weights.w2, Math.sqrt(6 / (hidden + dim)));
}

/**
 * Data-dependent scaling of the two layers (as LSUV): on a sample of the catalog, the hidden pre-activations and
 * the output pre-tanh values get unit standard deviation. With small random outputs every logit is ~0 and the
 * softmax's cheapest move is to shrink all vectors further: zero is a saddle training would not leave.
 */
export function calibrateScale(tower: FeatureTower, items: readonly ItemFeatures[], seed: number): void {
  const { shape, weights } = tower;
  const rng = createRng(deriveSeed(seed, 6));
  const sample = Math.min(items.length, 512);
  const chosen = Array.from({ length: sample }, () => hashItem(items[rng.nextInt(items.length)]!, shape.hashing));
  const scratch = createScratch(shape);
  const z = new Float32Array(shape.dim);
  const std = (layer: 1 | 2): number => {
    let sum = 0;
    let squares = 0;
    let count = 0;
    for (const rows of chosen) {
      bagRows(tower, rows, scratch, true);
      denseRow(scratch.x, weights.w1, weights.b1, scratch.h, 0, scratch.x.length, shape.hidden);
      const values = layer === 1 ? scratch.h : z;
      if (layer === 2) {
        for (let j = 0; j < shape.hidden; j++) if (scratch.h[j]! < 0) scratch.h[j] = 0;
        denseRow(scratch.h, weights.w2, weights.b2, z, 0, shape.hidden, shape.dim);
      }
      for (const v of values) {
        sum += v;
        squares += v * v;
        count++;
      }
    }
    const mean = sum / count;
    return Math.sqrt(Math.max(squares / count - mean * mean, 1e-12));
  };
  const s1 = 1 / std(1);
  for (let i = 0; i < weights.w1.length; i++) weights.w1[i]! *= s1;
  const s2 = 1 / std(2);
  for (let i = 0; i < weights.w2.length; i++) weights.w2[i]! *= s2;
}
