import { createRng } from '@shopspace/item2vec';
import { describe, expect, it } from 'vitest';
import { buildInteractions, transposeInteractions } from '../interactions/interaction-matrix.ts';
import { topK } from '../interactions/top-k.ts';
import { blendRecommender, reciprocalRankInPlace, zscoreInPlace } from './blend.recommender.ts';
import { ialsRecommender, trainIals } from './ials.model.ts';
import { itemKnnRecommender } from './item-knn.recommender.ts';
import { buildItemSimilarity } from './item-similarity.ts';
import { popularityRecommender } from './popularity.recommender.ts';
import { decodeTopK, encodeTopK, recommendTopK } from './top-k.codec.ts';

describe('interactions and top-k', () => {
  it('builds sorted rows, merges duplicates and transposes', () => {
    const m = buildInteractions([[2, 0, 2], [1]], 3);
    expect(Array.from(m.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(m.indices)).toEqual([0, 2, 1]);
    expect(Array.from(m.values)).toEqual([1, 2, 1]);
    const t = transposeInteractions(m);
    expect(Array.from(t.indptr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(t.indices)).toEqual([0, 1, 0]);
    expect(() => buildInteractions([[3]], 3)).toThrow(/rowItems\[0\]\[0\]/);
  });

  it('selects the best k, ties by lower index, skipping filtered and -Infinity', () => {
    const top = topK([0.5, 2, -Infinity, 2, 1, 0.5], 4, (i) => i !== 4);
    expect(Array.from(top.labels)).toEqual([1, 3, 0, 5]);
    expect(topK([1, 2], 5).labels).toHaveLength(2);
  });
});

describe('popularity and item-kNN', () => {
  // Users 0-2 bought 0 and 1 together; user 3 bought 2 and 3; item 4 by everyone but user 3.
  const rows = [
    [0, 1, 4],
    [0, 1, 4],
    [0, 4],
    [2, 3],
  ];
  const train = buildInteractions(rows, 5);

  it('popularity counts users per item', () => {
    const out = new Float64Array(5);
    popularityRecommender(train).scoreAll({ items: new Int32Array() }, out);
    expect(Array.from(out)).toEqual([3, 2, 1, 1, 3]);
  });

  it('item-kNN sums cosine rows of the history; recency favours the newest item', () => {
    const sim = buildItemSimilarity(train);
    const out = new Float64Array(5);
    itemKnnRecommender(sim).scoreAll({ items: Int32Array.from([1]) }, out);
    // cos(1,0) = 2/√(2·3), cos(1,4) = 2/√(2·3), nothing with 2 or 3, no self-similarity.
    expect(out[0]).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(out[1]).toBe(0);
    expect(out[2]).toBe(0);
    const recent = new Float64Array(5);
    itemKnnRecommender(sim, { recencyDecay: 0.1 }).scoreAll({ items: Int32Array.from([0, 2]) }, recent);
    // History [0, 2]: item 3 (with the newest, 2) must beat item 1 (with the older 0).
    expect(recent[3]!).toBeGreaterThan(recent[1]!);
    const plain = new Float64Array(5);
    itemKnnRecommender(sim).scoreAll({ items: Int32Array.from([0, 2]) }, plain);
    expect(plain[1]!).toBeGreaterThan(0);
    const top2 = buildItemSimilarity(train, { neighbours: 1 });
    expect(top2.indptr[1]! - top2.indptr[0]!).toBe(1);
  });
});

describe('iALS', () => {
  it('recovers held-out entries of a planted low-rank preference matrix', () => {
    // 60 users × 40 items in 4 blocks: a user likes every item of its block; 20 % of likes held out.
    const rng = createRng(5);
    const users = 60;
    const items = 40;
    const rows: number[][] = [];
    const held: [number, number][] = [];
    for (let u = 0; u < users; u++) {
      const block = u % 4;
      const row: number[] = [];
      for (let i = block * 10; i < block * 10 + 10; i++) {
        if (rng.nextFloat() < 0.2 && held.filter(([hu]) => hu === u).length < 2) held.push([u, i]);
        else row.push(i);
      }
      rows.push(row);
    }
    const train = buildInteractions(rows, items);
    const model = trainIals(train, { dim: 4, reg: 0.1, alpha: 10, iterations: 10, seed: 3 });
    const rec = ialsRecommender(model);
    const out = new Float64Array(items);
    let recovered = 0;
    for (const [u, i] of held) {
      rec.scoreAll({ items: Int32Array.from(rows[u]!) }, out);
      const block = u % 4;
      // The held-out item outscores every item of the other blocks.
      const others = Array.from(out).filter((_, j) => Math.floor(j / 10) !== block);
      if (out[i]! > Math.max(...others)) recovered++;
    }
    expect(held.length).toBeGreaterThan(10);
    expect(recovered).toBe(held.length);
    // The fold-in at serving equals the trained user factor's scores up to the last half-step.
    const trained = model.userFactors.subarray(0, 4);
    rec.scoreAll({ items: Int32Array.from(rows[0]!) }, out);
    let s = 0;
    for (let d = 0; d < 4; d++) s += trained[d]! * model.itemFactors[rows[0]![0]! * 4 + d]!;
    expect(out[rows[0]![0]!]).toBeCloseTo(s, 1);
  });

  it('conjugate gradient reaches the exact solver’s ranking and is deterministic', () => {
    const rows = Array.from({ length: 30 }, (_, u) => [u % 5, (u % 5) + 5, (u * 7) % 20]);
    const train = buildInteractions(rows, 20);
    const exact = trainIals(train, { dim: 4, iterations: 8, seed: 1 });
    const cg = trainIals(train, { dim: 4, iterations: 8, seed: 1, solver: 'cg', cgSteps: 4 });
    const again = trainIals(train, { dim: 4, iterations: 8, seed: 1, solver: 'cg', cgSteps: 4 });
    expect(Array.from(again.itemFactors)).toEqual(Array.from(cg.itemFactors));
    const a = new Float64Array(20);
    const b = new Float64Array(20);
    ialsRecommender(exact).scoreAll({ items: Int32Array.from([0, 5]) }, a);
    ialsRecommender(cg).scoreAll({ items: Int32Array.from([0, 5]) }, b);
    expect(Array.from(topK(b, 3).labels)).toEqual(Array.from(topK(a, 3).labels));
  });
});

describe('blend and top-K lists', () => {
  it('normalises per request: z-scores and reciprocal ranks', () => {
    const z = Float64Array.from([1, 2, 3, -Infinity]);
    zscoreInPlace(z);
    expect(z[1]).toBeCloseTo(0, 12);
    expect(z[2]).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(z[3]).toBe(-Infinity);
    const r = Float64Array.from([0.1, 5, 2]);
    reciprocalRankInPlace(r);
    expect(Array.from(r)).toEqual([1 / 63, 1 / 61, 1 / 62]);
  });

  it('a blend weighs its parts and its top-K list round-trips through the codec', () => {
    const train = buildInteractions(
      [
        [0, 1],
        [0, 1],
        [2, 3],
      ],
      4,
    );
    const pop = popularityRecommender(train);
    const knn = itemKnnRecommender(buildItemSimilarity(train));
    const onlyKnn = blendRecommender(
      [
        { recommender: pop, weight: 0 },
        { recommender: knn, weight: 1 },
      ],
      'rrf',
    );
    const list = recommendTopK(onlyKnn, { items: Int32Array.from([2]) }, 2);
    expect(list.items[0]).toBe(3);
    expect(Array.from(list.items)).not.toContain(2);
    const back = decodeTopK(encodeTopK(list));
    expect(Array.from(back.items)).toEqual(Array.from(list.items));
    expect(Array.from(back.scores)).toEqual(Array.from(list.scores));
    expect(() => decodeTopK(encodeTopK(list).subarray(0, 3))).toThrow(/truncated/);
  });
});
