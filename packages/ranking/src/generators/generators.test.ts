import { createRng } from '@shopspace/item2vec';
import { describe, expect, it } from 'vitest';
import { buildSessionLog, type SessionLog } from '../data/session-log.ts';
import type { SessionQuery } from '../data/session-query.ts';
import { item2vecGenerator, bruteForceSearch, unitRows } from './item2vec.generator.ts';
import { buildItemKnnIndex, itemKnnGenerator, itemKnnWeight } from './item-knn.generator.ts';
import { buildPopularity, popularityGenerator } from './popularity.generator.ts';
import { oracleItemKnn, oracleVsknn } from './reference.oracle.ts';
import { buildSessionKnnIndex, sessionKnnGenerator } from './session-knn.generator.ts';
import { ScoreAccumulator } from './top-candidates.ts';
import { buildUserHistory, userHistoryGenerator } from './user-history.generator.ts';

const DAY = 86_400_000;
const q = (items: number[], user = -1, now = 0): SessionQuery => ({ items: Int32Array.from(items), user, now });

/** 40 items; sessions walk a planted chain i → i + 1 with noise, so after item i the planted next is i + 1. */
function plantedLog(seed = 3): SessionLog {
  const rng = createRng(seed);
  const rows = Array.from({ length: 1500 }, (_, s) => {
    const start = rng.nextInt(39);
    const skus: string[] = [];
    for (let i = start; i < 40 && skus.length < 4; i++) skus.push(`i${rng.nextFloat() < 0.9 ? i : rng.nextInt(40)}`);
    return { skus, startedAt: s * 1000, userId: `u${s % 50}` };
  });
  const catalog = {
    ids: Array.from({ length: 40 }, (_, i) => `i${i}`),
    indexOf: new Map(Array.from({ length: 40 }, (_, i) => [`i${i}`, i])),
  };
  return buildSessionLog(rows, { catalog }).log;
}

/** A log of random baskets (ties and many shared items), small enough for the oracles. */
function randomLog(seed: number, sessions = 300, items = 25): SessionLog {
  const rng = createRng(seed);
  const rows = Array.from({ length: sessions }, (_, s) => ({
    skus: Array.from({ length: 1 + rng.nextInt(5) }, () => `x${rng.nextInt(items)}`),
    startedAt: s,
  }));
  return buildSessionLog(rows).log;
}

describe('generators on planted sessions', () => {
  const log = plantedLog();

  it('item-kNN and V-SKNN rank the planted next item first', () => {
    const knn = itemKnnGenerator(buildItemKnnIndex(log), { decay: 0.3 });
    const sknn = sessionKnnGenerator(buildSessionKnnIndex(log));
    for (const start of [3, 10, 20, 30]) {
      const query = q([start, start + 1, start + 2]);
      expect(knn.propose(query, 5).items[0]).toBe(start + 3);
      expect(sknn.propose(query, 5).items[0]).toBe(start + 3);
    }
  });

  it('item2vec ranks the planted nearest vector first and never the session or items without a vector', () => {
    // Item i sits at angle i·0.1 on a circle; item 7 has no vector.
    const dim = 2;
    const vectors = new Float32Array(20 * dim);
    for (let i = 0; i < 20; i++) if (i !== 7) vectors.set([Math.cos(i * 0.1), Math.sin(i * 0.1)], i * dim);
    const g = item2vecGenerator({ dim, vectors: unitRows(vectors, dim) }, { decay: 1 });
    const { items, scores } = g.propose(q([5, 6]), 3);
    // The mean of 5 and 6 sits at 0.55: 4 is nearest (0.15), then 3 and 8 (0.25; 7 has no vector).
    expect(items[0]).toBe(4);
    expect(new Set(items)).toEqual(new Set([4, 3, 8]));
    expect(scores[0]).toBeCloseTo(Math.cos(0.15), 6);
    expect(g.propose(q([7]), 3).items.length).toBe(0);
  });

  it('popularity ranks the most frequent item first, and with a half-life the recently popular one', () => {
    const rows = [
      ...Array.from({ length: 30 }, (_, s) => ({ skus: ['old', `f${s}`], startedAt: s * DAY })),
      ...Array.from({ length: 10 }, (_, s) => ({ skus: ['new', `g${s}`], startedAt: (100 + s) * DAY })),
    ];
    const { log: shop, catalog } = buildSessionLog(rows);
    const old = catalog.indexOf.get('old') ?? -1;
    const fresh = catalog.indexOf.get('new') ?? -1;
    expect(popularityGenerator(buildPopularity(shop)).propose(q([]), 1).items[0]).toBe(old);
    expect(popularityGenerator(buildPopularity(shop, { halfLifeDays: 7 })).propose(q([]), 1).items[0]).toBe(fresh);
    expect(popularityGenerator(buildPopularity(shop)).propose(q([old]), 1).items[0]).toBe(fresh);
  });

  it("re-purchase proposes the user's own items, most often bought first, nothing for anonymous sessions", () => {
    const rows = [
      { skus: ['a', 'b'], startedAt: 1, userId: 'u' },
      { skus: ['b', 'c'], startedAt: 2, userId: 'u' },
      { skus: ['d', 'e'], startedAt: 3, userId: 'v' },
    ];
    const { log: shop, catalog, users } = buildSessionLog(rows);
    const g = userHistoryGenerator(buildUserHistory(shop));
    const u = users.indexOf.get('u') ?? -1;
    const got = g.propose(q([catalog.indexOf.get('a') ?? -1], u), 5);
    expect(Array.from(got.items, (i) => catalog.ids[i])).toEqual(['b', 'c']);
    expect(Array.from(got.scores)).toEqual([2, 1]);
    expect(g.propose(q([0], -1), 5).items.length).toBe(0);
  });

  it('honours the allow filter', () => {
    const knn = itemKnnGenerator(buildItemKnnIndex(log), { decay: 0.3 });
    const got = knn.propose(q([10, 11, 12]), 5, (item) => item !== 13);
    expect(got.items[0]).toBe(14);
    expect(Array.from(got.items)).not.toContain(13);
  });
});

describe('agreement with the reference algorithms', () => {
  for (const seed of [1, 2, 3]) {
    const log = randomLog(seed);
    const rng = createRng(seed + 100);
    const contexts = Array.from({ length: 20 }, () => [
      ...new Set(Array.from({ length: 1 + rng.nextInt(6) }, () => rng.nextInt(25))),
    ]);

    it(`item-kNN scores equal the reference's, ties in its order (log ${seed})`, () => {
      const index = buildItemKnnIndex(log);
      for (const decay of [1, 0.5]) {
        const g = itemKnnGenerator(index, { decay, minWeight: 0 });
        for (const context of contexts) {
          const want = oracleItemKnn(log, context, decay);
          const got = g.propose(q(context), 1000);
          expect(Array.from(got.items)).toEqual(want.map(([b]) => b));
          got.scores.forEach((s, i) => expect(s).toBeCloseTo(want[i]?.[1] ?? NaN, 6));
        }
      }
      expect(itemKnnWeight(index, 0, 1)).toBeCloseTo(oracleItemKnn(log, [0], 1).find(([b]) => b === 1)?.[1] ?? 0, 12);
    });

    it(`V-SKNN scores equal the reference's exactly (log ${seed})`, () => {
      for (const [k, m] of [
        [100, 1000],
        [5, 10],
      ] as const) {
        const g = sessionKnnGenerator(buildSessionKnnIndex(log, { maxPerItem: m }), { k, sampleSize: m });
        for (const context of contexts) {
          const want = oracleVsknn(log, context, k, m);
          const got = g.propose(q(context), 1000);
          expect(Array.from(got.items)).toEqual(want.map(([b]) => b));
          expect(Array.from(got.scores)).toEqual(want.map(([, s]) => Math.fround(s)));
        }
      }
    });
  }
});

describe('ScoreAccumulator', () => {
  it('takes the top n by score, ties by first touch, skipping excluded and disallowed items', () => {
    const acc = new ScoreAccumulator(10);
    acc.reset([2]);
    for (const [item, w] of [
      [5, 1],
      [2, 9],
      [7, 3],
      [1, 3],
      [9, 0.5],
      [5, 2],
    ] as const)
      acc.add(item, w);
    expect(Array.from(acc.top(3).items)).toEqual([5, 7, 1]);
    expect(Array.from(acc.top(10, (i) => i !== 7).items)).toEqual([5, 1, 9]);
    acc.reset([]);
    acc.add(4, 1);
    expect(Array.from(acc.top(5).items)).toEqual([4]);
  });

  it('matches a full sort on random input', () => {
    const rng = createRng(9);
    const acc = new ScoreAccumulator(500);
    for (let round = 0; round < 20; round++) {
      acc.reset([]);
      const order: number[] = [];
      for (let t = 0; t < 300; t++) {
        const item = rng.nextInt(500);
        if (!order.includes(item)) order.push(item);
        acc.add(item, rng.nextInt(20));
      }
      const want = order
        .slice()
        .sort((a, b) => (acc.scores[b] ?? 0) - (acc.scores[a] ?? 0) || order.indexOf(a) - order.indexOf(b));
      expect(Array.from(acc.top(25).items)).toEqual(want.slice(0, 25));
    }
  });

  it('an exact scan search returns the nearest rows', () => {
    const search = bruteForceSearch({ dim: 2, vectors: Float32Array.from([1, 0, 0, 1, 0.6, 0.8]) });
    expect(Array.from(search(Float32Array.from([0, 1]), 2).labels)).toEqual([1, 2]);
  });
});
