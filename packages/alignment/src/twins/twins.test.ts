import { describe, expect, it } from 'vitest';
import { interactionAnchors } from '../alignment/cross-anchors.ts';
import { clusteredSpace, noisyView, skus } from '../alignment/alignment.fixture.ts';
import { findTwins, twinPrecision, type AlignedShop } from './twins.ts';

describe('twinPrecision', () => {
  it('counts the true twin at rank 1 and within the top 10, over items with a known twin only', () => {
    const lists = [
      { sku: 'x', twins: [{ sku: 'X', score: 1 }] },
      {
        sku: 'y',
        twins: [
          { sku: 'Q', score: 1 },
          { sku: 'Y', score: 0.5 },
        ],
      },
      { sku: 'z', twins: [{ sku: 'Q', score: 1 }] },
      { sku: 'w', twins: [{ sku: 'W', score: 1 }] },
    ];
    const truth = new Map([
      ['x', 'X'],
      ['y', 'Y'],
      ['z', 'Z'],
    ]);
    expect(twinPrecision(lists, truth)).toEqual({ queries: 3, p1: 1 / 3, p10: 2 / 3 });
  });
});

describe('findTwins', () => {
  const n = 200;
  const shop = (id: string, groupVectors: Float32Array, features: Float32Array): AlignedShop => ({
    shopId: id,
    skus: skus(id, n),
    groupVectors,
    dim: 16,
    features,
    featureDim: 32,
  });
  const vectors = clusteredSpace(n, 16, 1);
  const features = clusteredSpace(n, 32, 2, 30);
  const a = shop('a', vectors, features);
  const b = shop('b', noisyView(vectors, 16, 0.3, 3), noisyView(features, 32, 0.3, 4));
  const truth = new Map(Array.from({ length: n }, (_, i) => [`b${i}`, `a${i}`]));

  it('ranks items of the other shop, best first, and blending both views beats either alone', () => {
    const blended = twinPrecision(findTwins(b, a), truth);
    const embeddings = twinPrecision(findTwins(b, a, { featureWeight: 0 }), truth);
    const featuresOnly = twinPrecision(findTwins(b, a, { featureWeight: 1 }), truth);
    expect(blended.p1).toBeGreaterThan(Math.max(embeddings.p1, featuresOnly.p1));
    const lists = findTwins(b, a, { top: 3 });
    expect(lists).toHaveLength(n);
    for (const { twins } of lists) {
      expect(twins).toHaveLength(3);
      expect(twins[0]!.score).toBeGreaterThanOrEqual(twins[1]!.score);
    }
  });

  it('rejects shops of different dimensions, naming the argument', () => {
    expect(() => findTwins(b, { ...a, dim: 8, groupVectors: a.groupVectors })).toThrow(/to\.groupVectors/);
    expect(() => findTwins(b, a, { top: 0 })).toThrow(/options\.top/);
  });
});

describe('interactionAnchors', () => {
  it('weights pairs by shoppers, drops rare ones, and keeps mutual strongest partners', () => {
    const shoppers = [
      { items: ['mug', 'tea'], toItems: ['MUG', 'TEA'] },
      { items: ['mug'], toItems: ['MUG'] },
      { items: ['tea'], toItems: ['TEA'] },
      { items: ['cake'], toItems: ['CAKE'] },
    ];
    const anchors = interactionAnchors('uk', 'eu', shoppers);
    // tea>MUG and mug>TEA were seen by one shopper only, cake>CAKE too.
    expect(anchors.map((a) => `${a.sku}>${a.toSku}`)).toEqual(['mug>MUG', 'tea>TEA']);
    expect(anchors[0]!.weight).toBeCloseTo(0.5 + 1, 6);
    expect(interactionAnchors('uk', 'eu', shoppers, { minShoppers: 1, mutual: false })).toHaveLength(5);
    const rebuys = [
      { items: ['mug'], toItems: ['MUG'] },
      { items: ['mug'], toItems: ['MUG'] },
      { items: ['mug'], toItems: ['CUP'] },
    ];
    expect(interactionAnchors('uk', 'eu', rebuys, { minShoppers: 1 }).map((a) => a.toSku)).toEqual(['MUG']);
  });
});
