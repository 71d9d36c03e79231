import { describe, expect, it } from 'vitest';
import { FeatureTowerErrorCode } from '../feature-tower.errors.ts';
import { poolShops } from '../contacts/pool-shops.ts';
import { plantedShop, SMALL_TOWER } from '../testing/planted-shop.fixture.ts';
import { createScratch, embedItem, embedItems } from './tower.model.ts';
import { trainTower, trainTowerSync } from './tower.trainer.ts';

const DIM = SMALL_TOWER.dim!;

function dot(a: Float32Array, i: number, b: Float32Array, j: number): number {
  let sum = 0;
  for (let d = 0; d < DIM; d++) sum += a[i * DIM + d]! * b[j * DIM + d]!;
  return sum;
}

/** Mean share of each row's top-5 neighbours (by dot product) that share its group. */
function groupPrecision(
  query: Float32Array,
  queryGroup: Int32Array,
  catalog: Float32Array,
  catalogGroup: Int32Array,
  self: boolean,
): number {
  let total = 0;
  for (let i = 0; i < queryGroup.length; i++) {
    const ranked = Array.from({ length: catalogGroup.length }, (_, j) => j)
      .filter((j) => !self || j !== i)
      .sort((x, y) => dot(query, i, catalog, y) - dot(query, i, catalog, x));
    total += ranked.slice(0, 5).filter((j) => catalogGroup[j] === queryGroup[i]).length / 5;
  }
  return total / queryGroup.length;
}

describe('trainTowerSync on a planted shop', () => {
  const shop = plantedShop(1);
  const trained = trainTowerSync({ items: shop.items, contacts: shop.contacts }, SMALL_TOWER);
  const vectors = embedItems(trained.tower, shop.items);

  it('ranks items of the same planted group first, for trained and never-contacted items', () => {
    // Chance level is 9/79 ≈ 0.11.
    expect(groupPrecision(vectors, shop.group, vectors, shop.group, true)).toBeGreaterThan(0.9);
    const cold = embedItems(trained.tower, shop.coldItems);
    expect(groupPrecision(cold, shop.coldGroup, vectors, shop.group, false)).toBeGreaterThan(0.9);
    const curve = trained.stats.lossCurve;
    expect(curve[curve.length - 1]!).toBeLessThan(curve[0]! - 0.5);
  });

  it('also learns the planted groups with hardest negatives (partner mask, random warm-up)', () => {
    const hard = trainTowerSync(
      { items: shop.items, contacts: shop.contacts },
      {
        ...SMALL_TOWER,
        negatives: 60,
        hardNegatives: 10,
        negativeChoice: 'hardest',
        maskPartners: true,
        warmupShare: 0.2,
      },
    );
    const out = embedItems(hard.tower, shop.items);
    expect(groupPrecision(out, shop.group, out, shop.group, true)).toBeGreaterThan(0.8);
  });

  it('cannot see item ids: a copy of an item under another index gets the same vector', () => {
    const copy = { ...shop.items[3]! };
    const items = [...shop.items, copy];
    // The copy is contacted with another group: any id-keyed parameter would pull it elsewhere.
    const contacts = [
      ...shop.contacts,
      ...Array.from({ length: 40 }, (_, k) => [
        { item: items.length - 1, actor: 10_000 + k, time: k, kind: 'PURCHASE' as const },
        { item: 75, actor: 10_000 + k, time: k + 1, kind: 'PURCHASE' as const },
      ]).flat(),
    ];
    const other = trainTowerSync({ items, contacts }, SMALL_TOWER);
    const out = embedItems(other.tower, items);
    expect(out.subarray((items.length - 1) * DIM, items.length * DIM)).toEqual(out.subarray(3 * DIM, 4 * DIM));
  });

  it('is deterministic under a seed and changes with it', () => {
    const again = trainTowerSync({ items: shop.items, contacts: shop.contacts }, SMALL_TOWER);
    expect(again.tower.weights.w1).toEqual(trained.tower.weights.w1);
    expect(embedItems(again.tower, shop.items)).toEqual(vectors);
    const reseeded = trainTowerSync({ items: shop.items, contacts: shop.contacts }, { ...SMALL_TOWER, seed: 2 });
    expect(embedItems(reseeded.tower, shop.items)).not.toEqual(vectors);
  });

  it('serves int8 codes: round(128 × the float output), clamped', () => {
    const scratch = createScratch(trained.tower.shape);
    for (let i = 0; i < 10; i++) {
      const code = embedItem(trained.tower, shop.items[i]!, scratch);
      expect(code).toBeInstanceOf(Int8Array);
      for (let d = 0; d < DIM; d++) {
        expect(code[d]).toBe(Math.max(-127, Math.min(127, Math.round(128 * vectors[i * DIM + d]!))));
      }
    }
  });

  it('pools shops: the same title in two catalogs gets one vector, and the spaces are shared', () => {
    const second = plantedShop(2);
    const pooled = poolShops([
      { items: shop.items, contacts: shop.contacts },
      { items: second.items, contacts: second.contacts },
    ]);
    const { tower } = trainTowerSync(pooled, SMALL_TOWER);
    const a = embedItems(tower, [shop.items[0]!, second.items[50]!]);
    const b = embedItems(tower, [{ ...shop.items[0]! }, { ...second.items[50]! }]);
    expect(b).toEqual(a);
    const all = embedItems(tower, pooled.items);
    const first = all.subarray(0, shop.items.length * DIM);
    const other = all.subarray(shop.items.length * DIM);
    // Shop 2's items find shop 1's items of their own group.
    expect(groupPrecision(other, second.group, first, shop.group, false)).toBeGreaterThan(0.85);
  });
});

describe('trainTower', () => {
  const shop = plantedShop(3);

  it('reports progress and matches the synchronous run', async () => {
    const fractions: number[] = [];
    const result = await trainTower({ items: shop.items, contacts: shop.contacts }, SMALL_TOWER, {
      onProgress: (fraction) => fractions.push(fraction),
    });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const sync = trainTowerSync({ items: shop.items, contacts: shop.contacts }, SMALL_TOWER);
    expect(result.tower.weights.w2).toEqual(sync.tower.weights.w2);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const run = trainTower(
      { items: shop.items, contacts: shop.contacts },
      { ...SMALL_TOWER, epochs: 200 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('stop')), 30);
    await expect(run).rejects.toThrow('stop');
  });

  it('refuses a shop without pairs and a bad config, naming the field', () => {
    const lonely = [{ item: 0, actor: 1, time: 0, kind: 'VIEW' as const }];
    expect(() => trainTowerSync({ items: shop.items, contacts: lonely }, SMALL_TOWER)).toThrow(
      expect.objectContaining({ code: FeatureTowerErrorCode.NoTrainingPairs }),
    );
    expect(() => trainTowerSync({ items: shop.items, contacts: shop.contacts }, { hardNegatives: -1 })).toThrow(
      expect.objectContaining({ code: FeatureTowerErrorCode.InvalidConfig, field: 'hardNegatives' }),
    );
  });
});
