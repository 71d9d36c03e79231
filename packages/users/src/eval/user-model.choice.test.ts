// The per-shop choice of the user model on two planted shops of opposite shapes: one where each shopper
// sticks to a couple of item groups (co-occurrence wins), one where everybody buys the same best sellers at
// random (popularity is as good as anything). On both, what is served measures at least the best single
// recommender of the same run on the test split, within noise, and the run is deterministic.

import { describe, expect, it } from 'vitest';
import { createRng } from '@shopspace/item2vec';
import { chooseUserModel } from './user-model.choice.ts';

const ITEMS = 300;

function groupedShop(seed: number): Int32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: 240 }, () => {
    const groups = [rng.nextInt(30), rng.nextInt(30)];
    const taken = new Set<number>();
    const n = 6 + rng.nextInt(5);
    while (taken.size < n) taken.add((groups[rng.nextInt(2)] ?? 0) * 10 + rng.nextInt(10));
    return Int32Array.from(taken);
  });
}

function bestSellerShop(seed: number): Int32Array[] {
  const rng = createRng(seed);
  // Zipf-like: item i drawn ∝ 1 / (i + 1).
  const weights = Array.from({ length: ITEMS }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = (): number => {
    let u = rng.nextFloat() * total;
    for (let i = 0; i < ITEMS; i++) if ((u -= weights[i] ?? 0) <= 0) return i;
    return ITEMS - 1;
  };
  return Array.from({ length: 240 }, () => {
    const taken = new Set<number>();
    const n = 6 + rng.nextInt(5);
    while (taken.size < n) taken.add(draw());
    return Int32Array.from(taken);
  });
}

const ndcg = (f: { 'ndcg@10': number } | undefined): number => f?.['ndcg@10'] ?? -1;
const bestSingle = (test: Record<string, { 'ndcg@10': number }>): number =>
  Math.max(
    ...Object.entries(test)
      .filter(([k]) => k !== 'served')
      .map(([, f]) => f['ndcg@10']),
  );

describe('chooseUserModel', () => {
  it('serves co-occurrence where shoppers stick to their groups, far above popularity', () => {
    const choice = chooseUserModel(groupedShop(1), ITEMS, { twoTower: false });
    expect(choice.kind).not.toBe('popularity');
    expect(ndcg(choice.test['served'])).toBeGreaterThan(ndcg(choice.test['popularity']) + 0.2);
    expect(ndcg(choice.test['served'])).toBeGreaterThanOrEqual(bestSingle(choice.test) - 0.05);
    expect(choice.summary).toMatch(/NDCG@10 .*on validation/);
    expect(choice.cases).toEqual({ validation: 240, test: 240 });
  });

  it('keeps up with popularity where everybody buys the same best sellers', () => {
    const choice = chooseUserModel(bestSellerShop(2), ITEMS, { twoTower: false });
    expect(ndcg(choice.test['served'])).toBeGreaterThanOrEqual(ndcg(choice.test['popularity']) - 0.05);
    expect(ndcg(choice.test['served'])).toBeGreaterThanOrEqual(bestSingle(choice.test) - 0.05);
    // Nothing personal to learn: whatever serves ranks the best sellers, as popularity does.
    const out = new Float64Array(ITEMS);
    choice.recommender.scoreAll({ items: Int32Array.of(250, 251) }, out);
    const top = [...out.keys()].sort((a, b) => (out[b] ?? 0) - (out[a] ?? 0)).slice(0, 10);
    expect(top.filter((i) => i < 30).length).toBeGreaterThanOrEqual(6);
  });

  it('is deterministic, and refuses a shop with too few shoppers to validate on', () => {
    const a = chooseUserModel(groupedShop(3), ITEMS, { twoTower: false });
    const b = chooseUserModel(groupedShop(3), ITEMS, { twoTower: false });
    expect(b.test).toEqual(a.test);
    expect(b.kind).toBe(a.kind);
    expect(() => chooseUserModel(groupedShop(3).slice(0, 10), ITEMS)).toThrow(/at least 20 users/);
  });
});
