import { describe, expect, it } from 'vitest';
import { createRng } from '@shopspace/item2vec';
import { FeatureTowerErrorCode } from '../feature-tower.errors.ts';
import { itemActivity, type Contact } from './contacts.ts';
import { buildTrainingPairs } from './training-pairs.ts';
import { createActiveSampler } from './active-negative.sampler.ts';
import { poolShops } from './pool-shops.ts';

const H = 3600_000;
const pairSet = (pairs: ReturnType<typeof buildTrainingPairs>): string[] =>
  Array.from(
    { length: pairs.count },
    (_, k) => `${Math.min(pairs.a[k]!, pairs.b[k]!)}-${Math.max(pairs.a[k]!, pairs.b[k]!)}`,
  ).sort();

describe('buildTrainingPairs', () => {
  it('pairs only items of one actor within the window, each pair once per actor', () => {
    const contacts: Contact[] = [
      { item: 0, actor: 1, time: 0, kind: 'VIEW' },
      { item: 1, actor: 1, time: 7 * H, kind: 'VIEW' },
      { item: 2, actor: 1, time: 7.5 * H + 1, kind: 'PURCHASE' }, // 7.5 h after item 0 +1 ms: within 8 h of it
      { item: 3, actor: 1, time: 16 * H, kind: 'VIEW' }, // 9 h after item 1, 8.5 h after item 2: alone
      { item: 0, actor: 1, time: 7.6 * H, kind: 'VIEW' }, // a repeat of item 0: 0-1 and 0-2 again, deduplicated
      { item: 5, actor: 2, time: 0, kind: 'VIEW' }, // another actor at the same time: never paired with actor 1
      { item: 5, actor: 2, time: 1, kind: 'VIEW' }, // the same item twice is not a pair
    ];
    const pairs = buildTrainingPairs(contacts);
    expect(pairSet(pairs)).toEqual(['0-1', '0-2', '1-2']);
    expect(Array.from(pairs.time)).toEqual([...pairs.time].sort((a, b) => a - b));
    // 0.55 h: item 1 (7 h) reaches item 2 (7.5 h) but not the repeat of item 0 (7.6 h); item 2 reaches it.
    const narrow = buildTrainingPairs(contacts, { windowMs: 0.55 * H });
    expect(pairSet(narrow)).toEqual(['0-2', '1-2']);
  });

  it('weighs a pair by its weaker contact and drops kinds weighted 0', () => {
    const contacts: Contact[] = [
      { item: 0, actor: 1, time: 0, kind: 'PURCHASE' },
      { item: 1, actor: 1, time: 1, kind: 'ADD_TO_CART' },
      { item: 2, actor: 1, time: 2, kind: 'VIEW' },
    ];
    const pairs = buildTrainingPairs(contacts, {
      maxPartners: 2,
      eventWeights: { PURCHASE: 5, ADD_TO_CART: 4, VIEW: 1 },
    });
    const weightOf = (a: number, b: number): number => {
      for (let k = 0; k < pairs.count; k++) if (pairs.a[k] === a && pairs.b[k] === b) return pairs.weight[k]!;
      return NaN;
    };
    expect(weightOf(0, 1)).toBe(4);
    expect(weightOf(0, 2)).toBe(1);
    expect(pairSet(buildTrainingPairs(contacts, { maxPartners: 2, eventWeights: { VIEW: 0 } }))).toEqual(['0-1']);
  });

  it('keeps the nearest maxPartners later contacts, or a seeded random choice', () => {
    const contacts: Contact[] = Array.from({ length: 10 }, (_, i) => ({
      item: i,
      actor: 7,
      time: i * 1000,
      kind: 'VIEW',
    }));
    const nearest = buildTrainingPairs(contacts, { maxPartners: 2 });
    expect(pairSet(nearest)).toEqual(
      [
        '0-1',
        '0-2',
        '1-2',
        '1-3',
        '2-3',
        '2-4',
        '3-4',
        '3-5',
        '4-5',
        '4-6',
        '5-6',
        '5-7',
        '6-7',
        '6-8',
        '7-8',
        '7-9',
        '8-9',
      ].sort(),
    );
    const random = buildTrainingPairs(contacts, { maxPartners: 2, partnerChoice: 'random', seed: 4 });
    expect(random.count).toBe(17);
    expect(pairSet(buildTrainingPairs(contacts, { maxPartners: 2, partnerChoice: 'random', seed: 4 }))).toEqual(
      pairSet(random),
    );
    expect(pairSet(random)).not.toEqual(pairSet(nearest));
  });

  it('names the bad field', () => {
    try {
      buildTrainingPairs([{ item: -1, actor: 0, time: 0, kind: 'VIEW' }]);
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string; field: string }).code).toBe(FeatureTowerErrorCode.InvalidInput);
      expect((error as { field: string }).field).toBe('contacts[0].item');
    }
  });
});

describe('createActiveSampler', () => {
  const activity = {
    activeFrom: Float64Array.from([0, 0, 0, 50, 0, 0]),
    activeUntil: Float64Array.from([100, 100, 40, 100, 100, 100]),
    contacts: Float64Array.from([1, 4, 9, 16, 100, 0]),
  };

  it('draws active items ∝ sqrt(contacts) (chi-square within the 99.9% bound)', () => {
    const sampler = createActiveSampler(activity);
    const draws = 200_000;
    const counts = new Float64Array(6);
    for (const item of sampler.sample(60, 60, draws, createRng(3))) counts[item]!++;
    // At t = 60 item 2 has ended; item 5 has no contacts. Weights 1, 2, 4, 10 for items 0, 1, 3, 4.
    expect(counts[2]).toBe(0);
    expect(counts[5]).toBe(0);
    const weights = [1, 2, 0, 4, 10, 0];
    const total = 17;
    let chi = 0;
    for (const i of [0, 1, 3, 4]) {
      const expected = (draws * weights[i]!) / total;
      chi += (counts[i]! - expected) ** 2 / expected;
    }
    expect(chi).toBeLessThan(16.27); // 3 degrees of freedom, p = 0.001
  });

  it('never draws an item inactive over the whole window, and accepts one active in part of it', () => {
    const sampler = createActiveSampler(activity);
    const early = new Set(sampler.sample(10, 20, 5000, createRng(1)));
    expect(early.has(3)).toBe(false); // starts at 50
    expect(early.has(2)).toBe(true);
    const late = new Set(sampler.sample(45, 55, 5000, createRng(1)));
    expect(late.has(3)).toBe(true);
    expect(late.has(2)).toBe(false); // ended at 40
    expect(Array.from(sampler.activeItems(200, 300))).toEqual([]);
    expect(sampler.sample(200, 300, 10, createRng(1)).length).toBe(0);
    const exponent1 = createActiveSampler(activity, { exponent: 1 }).sample(60, 60, 50_000, createRng(2));
    const share4 = exponent1.filter((i) => i === 4).length / exponent1.length;
    expect(share4).toBeCloseTo(100 / 121, 2);
  });

  it('derives activity from contacts: first and last contact, count', () => {
    const a = itemActivity(
      [
        { item: 1, actor: 0, time: 30, kind: 'VIEW' },
        { item: 1, actor: 3, time: 10, kind: 'PURCHASE' },
      ],
      3,
    );
    expect(Array.from(a.activeFrom)).toEqual([Infinity, 10, Infinity]);
    expect(Array.from(a.activeUntil)).toEqual([-Infinity, 30, -Infinity]);
    expect(Array.from(a.contacts)).toEqual([0, 2, 0]);
  });
});

describe('poolShops', () => {
  it('offsets items and keeps actors of different shops apart', () => {
    const same = (actor: number, item: number, time: number): Contact => ({ item, actor, time, kind: 'VIEW' });
    const pooled = poolShops([
      { items: [{ title: 'a' }, { title: 'b' }], contacts: [same(1, 0, 0), same(1, 1, 1)] },
      { items: [{ title: 'a' }, { title: 'c' }], contacts: [same(1, 0, 2), same(1, 1, 3)] },
    ]);
    expect(Array.from(pooled.offsets)).toEqual([0, 2, 4]);
    expect(pooled.items.map((i) => i.title)).toEqual(['a', 'b', 'a', 'c']);
    expect(pairSet(buildTrainingPairs(pooled.contacts))).toEqual(['0-1', '2-3']);
    expect(Array.from(pooled.activity.activeFrom)).toEqual([0, 1, 2, 3]);
  });
});
