import { describe, expect, it } from 'vitest';
import { unknownItemSide } from '../data/item-side.ts';
import { buildSessionLog, seenItems, sliceLog } from '../data/session-log.ts';
import { FeatureExtractor } from '../features/feature-extractor.ts';
import { buildItemStats } from '../features/item-stats.ts';
import { buildItemKnnIndex, itemKnnGenerator } from '../generators/item-knn.generator.ts';
import { buildPopularity, popularityGenerator } from '../generators/popularity.generator.ts';
import { DAY, START, syntheticShop } from '../testing/synthetic-shop.fixture.ts';
import { buildRankerExamples, prefixCases, selectCases, unionsOf } from './training-examples.ts';

const { log } = buildSessionLog(syntheticShop({ shape: 'co-occurrence', sessions: 1000 }), { minItems: 2 });
const cut = START + 90 * DAY;
const before = sliceLog(log, -Infinity, cut);
const window = { from: cut, to: Infinity };
const generators = [
  popularityGenerator(buildPopularity(before)),
  itemKnnGenerator(buildItemKnnIndex(before), { decay: 0.5 }),
];
const stats = buildItemStats(before);
const extractor = new FeatureExtractor({
  generatorNames: generators.map((g) => g.name),
  stats,
  items: unknownItemSide(log.itemCount),
});

describe('ranker training examples', () => {
  it("'last' makes the protocol's one case per session; 'mixed' adds inner prefixes", () => {
    const last = prefixCases(log, window, seenItems(before), { mode: 'last', seed: 1 });
    const mixed = prefixCases(log, window, seenItems(before), { mode: 'mixed', seed: 1 });
    expect(mixed.length).toBeGreaterThan(last.length);
    for (const c of mixed) expect(c.query.items).not.toContain(c.target);
  });

  it('labels the target, keeps at most maxNegatives weighted to the whole union, samples outside the union', () => {
    const cases = selectCases(prefixCases(log, window, seenItems(before), { mode: 'last', seed: 1 }), 100, 2);
    expect(cases.length).toBe(100);
    const unions = unionsOf(cases, generators, log.itemCount, 30);
    const ex = buildRankerExamples(cases, unions, extractor, stats.sessions, {
      perGenerator: 30,
      maxNegatives: 10,
      sampledNegatives: 3,
      seed: 5,
    });
    expect(ex.featureCount).toBe(extractor.dim);
    for (let q = 0; q < cases.length; q++) {
      const rows = [...ex.query.keys()].filter((r) => ex.query[r] === q);
      const c = cases[q];
      const union = new Set(unions[q]?.items);
      const positives = rows.filter((r) => ex.labels[r] === 1);
      expect(positives.length).toBe(union.has(c?.target ?? -1) ? 1 : 0);
      const unionNegatives = rows.filter((r) => ex.labels[r] === 0 && union.has(ex.item[r] ?? -1));
      const sampled = rows.filter((r) => !union.has(ex.item[r] ?? -1));
      expect(unionNegatives.length).toBeLessThanOrEqual(10);
      // The kept negatives' weights add up to the union's negatives.
      const weight = unionNegatives.reduce((s, r) => s + (ex.weights[r] ?? 0), 0);
      expect(weight).toBeCloseTo((unions[q]?.items.length ?? 0) - positives.length, 3);
      expect(sampled.length).toBeLessThanOrEqual(3);
      for (const r of sampled) expect(c?.query.items).not.toContain(ex.item[r]);
    }
  });

  it('is deterministic under a seed and changes with it', () => {
    const cases = prefixCases(log, window, seenItems(before), { mode: 'last', seed: 1 });
    const unions = unionsOf(cases, generators, log.itemCount, 20);
    const make = (seed: number) =>
      buildRankerExamples(cases, unions, extractor, stats.sessions, { perGenerator: 20, seed });
    expect(Array.from(make(3).item)).toEqual(Array.from(make(3).item));
    expect(Array.from(make(4).item)).not.toEqual(Array.from(make(3).item));
  });
});
