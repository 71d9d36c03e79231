import { describe, expect, it } from 'vitest';
import { randomRotation } from '../linalg/dense.ts';
import { findTwins, twinPrecision } from '../twins/twins.ts';
import { clusteredSpace, noisyView, rotatedCopy, skus } from './alignment.fixture.ts';
import { alignShops, type AlignmentResult } from './align-shops.ts';
import type { CrossAnchor } from './cross-anchors.ts';
import { toGroupSpace, type ShopMap, type ShopSpace } from './shop-space.ts';

const n = 400;
const dim = 32;
const featureDim = 64;

// Shop b is shop a's space under a random rotation plus noise, rows in another order, with noisy features.
function twinShops(featureNoise: number, independentFeatures = false): { a: ShopSpace; b: ShopSpace } {
  const vectors = clusteredSpace(n, dim, 21);
  const features = clusteredSpace(n, featureDim, 22, 40);
  const rotated = rotatedCopy(vectors, dim, randomRotation(dim, 23), 0.01, 24);
  const otherFeatures = independentFeatures
    ? clusteredSpace(n, featureDim, 99, 40)
    : noisyView(features, featureDim, featureNoise, 25);
  // b's row r is a's row order[r].
  const order = Array.from({ length: n }, (_, i) => (i * 137) % n);
  const pick = (m: Float32Array, d: number) => {
    const out = new Float32Array(n * d);
    order.forEach((i, r) => out.set(m.subarray(i * d, (i + 1) * d), r * d));
    return out;
  };
  return {
    a: { shopId: 'a', skus: skus('a', n), vectors, dim, features, featureDim },
    b: {
      shopId: 'b',
      skus: order.map((i) => `b${i}`),
      vectors: pick(rotated, dim),
      dim,
      features: pick(otherFeatures, featureDim),
      featureDim,
    },
  };
}

const truth = new Map(Array.from({ length: n }, (_, i) => [`b${i}`, `a${i}`]));

function precision(result: AlignmentResult, a: ShopSpace, b: ShopSpace, map?: ShopMap) {
  const aligned = (shop: ShopSpace, m: ShopMap) => ({ ...shop, groupVectors: toGroupSpace(m, shop.vectors) });
  const [mapA, mapB] = result.maps as [ShopMap, ShopMap];
  // Embeddings only: the figure says how good the map is, not how good the features are.
  return twinPrecision(findTwins(aligned(b, map ?? mapB), aligned(a, mapA), { featureWeight: 0 }), truth);
}

describe('alignShops', () => {
  it('aligns a shop with a rotated, noisy copy of itself: twin P@1 ≈ 1, and a random rotation does not', () => {
    const { a, b } = twinShops(0.15);
    const result = alignShops({ shops: [a, b] });
    expect(result.pivotShopId).toBe('a');
    expect(result.maps[0]!.matrix[0]).toBe(1);
    const p = precision(result, a, b);
    expect(p.queries).toBe(n);
    expect(p.p1).toBeGreaterThan(0.98);
    const control = { ...result.maps[1]!, matrix: randomRotation(dim, 77) };
    expect(precision(result, a, b, control).p1).toBeLessThan(0.1);
  });

  it('reports each step and stops self-learning when the anchors stop changing', () => {
    const { a, b } = twinShops(0.3);
    const { steps, anchors } = alignShops({ shops: [b, a], options: { pivotShopId: 'a' } });
    expect(steps[0]).toMatchObject({ shopId: 'b', phase: 'features', iteration: 0 });
    expect(steps[0]!.changed).toBe(steps[0]!.anchors);
    const last = steps[steps.length - 1]!;
    expect(last.phase).toBe('self-learning');
    expect(last.changed).toBe(0);
    // Self-learning in the aligned space finds more anchors than the noisy features alone.
    expect(last.anchors).toBeGreaterThan(steps[0]!.anchors);
    expect(anchors[0]!.pairs.filter((p) => truth.get(p.sku) === p.toSku).length / last.anchors).toBeGreaterThan(0.95);
  });

  it('is deterministic: the same input gives the same maps, steps and anchors', () => {
    const { a, b } = twinShops(0.3);
    expect(alignShops({ shops: [a, b] })).toEqual(alignShops({ shops: [a, b] }));
  });

  it('refines a map with interaction anchors when the features say nothing', () => {
    const { a, b } = twinShops(0, true);
    const options = { featureWeight: 0 };
    const alone = alignShops({ shops: [a, b], options });
    expect(precision(alone, a, b).p1).toBeLessThan(0.5);
    const crossAnchors: CrossAnchor[] = Array.from({ length: n / 4 }, (_, i) => ({
      shopId: 'b',
      sku: `b${i * 4}`,
      toShopId: 'a',
      toSku: `a${i * 4}`,
      weight: 1 + (i % 3),
    }));
    const refined = alignShops({ shops: [a, b], crossAnchors, options });
    expect(precision(refined, a, b).p1).toBeGreaterThan(0.95);
    const phases = refined.steps.map((s) => s.phase);
    expect(phases).toContain('interactions');
    expect(refined.steps.find((s) => s.phase === 'interactions')!.interactionPairs).toBe(n / 4);
  });

  it('rejects bad input naming the argument', () => {
    const { a, b } = twinShops(0.1);
    expect(() => alignShops({ shops: [] })).toThrow(/shops is empty/);
    expect(() => alignShops({ shops: [a, { ...b, dim: 16 }] })).toThrow(
      /shops\[1\]\.dim is 16-dimensional, expected 32/,
    );
    expect(() => alignShops({ shops: [a, { ...b, vectors: b.vectors.subarray(dim) }] })).toThrow(
      /shops\[1\]\.vectors has length 12768, expected 400 × 32/,
    );
    expect(() => alignShops({ shops: [a, { ...b, skus: [] }] })).toThrow(/shops\[1\]\.skus is empty/);
    expect(() => alignShops({ shops: [a, { ...b, shopId: 'a' }] })).toThrow(/shops\[1\]\.shopId repeats/);
    const bad: CrossAnchor = { shopId: 'b', sku: 'b1', toShopId: 'a', toSku: 'nope', weight: 1 };
    expect(() => alignShops({ shops: [a, b], crossAnchors: [bad] })).toThrow(/crossAnchors\[0\]\.toSku/);
    expect(() => alignShops({ shops: [a, b], options: { pivotShopId: 'z' } })).toThrow(/options\.pivotShopId/);
    expect(() => alignShops({ shops: [a, b], options: { featureWeight: 2 } })).toThrow(/options\.featureWeight/);
  });
});
