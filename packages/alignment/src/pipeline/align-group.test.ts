import { describe, expect, it } from 'vitest';
import { randomRotation } from '../linalg/dense.ts';
import { decodeAlignmentFiles, encodeAlignmentFiles, fromGroupSpace } from '../files/alignment-files.ts';
import { toGroupSpace } from '../alignment/shop-space.ts';
import { alignGroup, type GroupShopInput } from './align-group.ts';

// Three themes of items with distinct titles; shop B is shop A's catalog under other skus, its space a
// rotation of A's, plus a few items B has no vector for; shop C is cold (catalog only).
const DIM = 16;
function planted(): { a: GroupShopInput; b: GroupShopInput; c: GroupShopInput } {
  const themes = ['ceramic mug', 'brass lamp', 'greeting card'];
  const items = themes.flatMap((theme, t) =>
    Array.from({ length: 12 }, (_, i) => ({
      sku: `${t}-${i}`,
      title: `${theme} ${['red', 'blue', 'green', 'white', 'black', 'pink'][i % 6]} style ${i}`,
    })),
  );
  const vectors = new Float32Array(items.length * DIM);
  items.forEach((_, r) => {
    for (let d = 0; d < DIM; d++)
      vectors[r * DIM + d] = Math.sin(r * 1.37 + d * 0.91) + (d % 3 === Math.floor(r / 12) ? 2 : 0);
  });
  const rotation = randomRotation(DIM, 7);
  const rotated = toGroupSpace({ shopId: 'b', dim: DIM, center: new Float64Array(DIM), matrix: rotation }, vectors);
  const bItems = items.map((it) => ({ ...it, sku: `b-${it.sku}` }));
  return {
    a: { shopId: 'a', items, model: { skus: items.map((i) => i.sku), dim: DIM, vectors } },
    // B's model lacks its last two items: they are placed from features.
    b: {
      shopId: 'b',
      items: bItems,
      model: {
        skus: bItems.slice(0, -2).map((i) => i.sku),
        dim: DIM,
        vectors: rotated.slice(0, (items.length - 2) * DIM),
      },
    },
    c: { shopId: 'c', items: items.slice(0, 6).map((it) => ({ ...it, sku: `c-${it.sku}` })), model: null },
  };
}

describe('alignGroup', () => {
  it('aligns a rotated shop, places items without vectors, and finds the twins, through the file codec', () => {
    const { a, b, c } = planted();
    const progress: number[] = [];
    const group = alignGroup({ shops: [a, b, c] }, (f) => progress.push(f));
    expect(progress.at(-1)).toBeCloseTo(1, 9);
    expect(group.shops.map((s) => [s.shopId, s.coldStart, s.placed])).toEqual([
      ['a', false, 0],
      ['b', false, 2],
      ['c', true, 6],
    ]);
    const files = decodeAlignmentFiles(encodeAlignmentFiles(group));
    // Every item of A finds its renamed copy in B first.
    const a2b = files.shops[0]!.skus.map((sku, row) => files.shops[1]!.skus[files.twinsOf(0, 1, row)[0]?.index ?? -1]);
    expect(a2b.filter((sku, row) => sku === `b-${files.shops[0]!.skus[row]}`).length).toBe(36);
    // In the group space A's item and its B copy nearly coincide (B is a pure rotation of A).
    const ga = files.shops[0]!.groupVectors;
    const gb = files.shops[1]!.groupVectors;
    let dot = 0;
    for (let d = 0; d < DIM; d++) dot += (ga[5 * DIM + d] ?? 0) * (gb[5 * DIM + d] ?? 0);
    expect(dot).toBeGreaterThan(0.999);
    // Taking B's group vector back into B's own space recovers B's own vector's direction.
    const back = fromGroupSpace(files.shops[1]!.map!, gb.slice(5 * DIM, 6 * DIM));
    const own = b.model!.vectors.slice(5 * DIM, 6 * DIM);
    const cos =
      Array.from(back).reduce((s, x, d) => s + x * (own[d] ?? 0), 0) / (Math.hypot(...back) * Math.hypot(...own));
    expect(cos).toBeGreaterThan(0.99);
    // The cold shop's items have unit vectors and twins of their theme in A.
    const c2a = files.twinsOf(2, 0, 0)[0];
    expect(files.shops[0]!.skus[c2a?.index ?? -1]).toBe('0-0');
  });

  it('refuses a group without a trained shop, naming the argument', () => {
    const { c } = planted();
    expect(() => alignGroup({ shops: [c, { ...c, shopId: 'd' }] })).toThrow(
      /^shops must include at least one shop with a trained model/,
    );
  });
});
