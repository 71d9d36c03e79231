import { createRng } from '@shopspace/item2vec';
import { describe, expect, it } from 'vitest';
import { buildInteractions } from '../interactions/interaction-matrix.ts';
import { topK } from '../interactions/top-k.ts';
import { buildItemSimilarity } from '../recommenders/item-similarity.ts';
import { denseBackward, denseForward } from './dense.kernels.ts';
import { trainTwoTower } from './two-tower.model.ts';
import { twoTowerRecommender } from './two-tower.recommender.ts';

describe('dense kernels', () => {
  it('backward matches finite differences of the forward', () => {
    const rng = createRng(1);
    const [inDim, outDim] = [5, 3];
    const w = Float32Array.from({ length: 15 }, () => rng.nextFloat() - 0.5);
    const b = Float32Array.from({ length: 3 }, () => rng.nextFloat() - 0.5);
    const x = Float32Array.from({ length: 5 }, () => rng.nextFloat() - 0.5);
    const g = Float32Array.from([0.3, -0.7, 0.2]);
    // L = g · (W x + b): dL/dW = g xᵀ, dL/dx = Wᵀ g.
    const loss = (): number => {
      const out = new Float32Array(outDim);
      denseForward(w, b, x, out, inDim, outDim);
      return out.reduce((s, v, o) => s + v * g[o]!, 0);
    };
    const gw = new Float32Array(15);
    const gb = new Float32Array(3);
    const gx = new Float32Array(5);
    denseBackward(w, x, g, gw, gb, gx, inDim, outDim);
    const h = 1e-2;
    for (const [arr, grad] of [
      [w, gw],
      [x, gx],
    ] as const) {
      for (let i = 0; i < arr.length; i++) {
        const keep = arr[i]!;
        arr[i] = keep + h;
        const up = loss();
        arr[i] = keep - h;
        const down = loss();
        arr[i] = keep;
        expect(grad[i]).toBeCloseTo((up - down) / (2 * h), 3);
      }
    }
    expect(Array.from(gb)).toEqual(Array.from(g));
  });
});

describe('two-tower', () => {
  // 40 items in 8 groups of 5: a user buys items of one group in order; the next item is the group's next.
  const items = 40;
  const rng = createRng(9);
  const histories: Int32Array[] = [];
  for (let u = 0; u < 240; u++) {
    const group = u % 8;
    const start = rng.nextInt(2);
    histories.push(Int32Array.from({ length: 4 }, (_, k) => group * 5 + start + k));
  }
  const similarity = buildItemSimilarity(buildInteractions(histories, items), { neighbours: 5 });
  const config = {
    userLayers: [32, 16],
    itemLayers: [32, 16],
    epochs: 30,
    examplesPerUser: 0,
    batchSize: 32,
    negativePool: 0,
    learningRate: 0.01,
    recencyDecay: 0.5,
  };

  it('ranks the planted co-occurring item first and its loss falls', () => {
    const model = trainTwoTower(histories, similarity, config);
    expect(model.losses[model.losses.length - 1]!).toBeLessThan(model.losses[0]! * 0.7);
    const rec = twoTowerRecommender(model);
    const out = new Float64Array(items);
    let first = 0;
    for (let group = 0; group < 8; group++) {
      // Bought the group's items 0..2: the planted next purchase is item 3 of the group.
      const history = Int32Array.from([0, 1, 2], (k) => group * 5 + k);
      rec.scoreAll({ items: history }, out);
      for (const i of history) out[i] = -Infinity;
      if (topK(out, 1).labels[0] === group * 5 + 3) first++;
    }
    expect(first).toBeGreaterThanOrEqual(7);
  });

  it('is deterministic under a seed and differs across seeds', () => {
    const short = { ...config, epochs: 2 };
    const a = trainTwoTower(histories, similarity, { ...short, seed: 4 });
    const b = trainTwoTower(histories, similarity, { ...short, seed: 4 });
    const c = trainTwoTower(histories, similarity, { ...short, seed: 5 });
    expect(Array.from(a.userTower.embedding.param)).toEqual(Array.from(b.userTower.embedding.param));
    expect(a.losses).toEqual(b.losses);
    expect(a.losses).not.toEqual(c.losses);
  });
});
