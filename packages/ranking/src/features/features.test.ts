import { describe, expect, it } from 'vitest';
import { unknownItemSide } from '../data/item-side.ts';
import { buildSessionLog } from '../data/session-log.ts';
import type { SessionQuery } from '../data/session-query.ts';
import type { CandidateGenerator } from '../generators/candidate-generator.ts';
import { buildItemKnnIndex } from '../generators/item-knn.generator.ts';
import { buildUserHistory } from '../generators/user-history.generator.ts';
import { restrictUnion, UnionBuilder } from './candidate-union.ts';
import { FeatureExtractor, medianPrice } from './feature-extractor.ts';
import { buildItemStats } from './item-stats.ts';
import { fitStandardizer, standardize } from './standardizer.ts';

const DAY = 86_400_000;
/** A generator proposing a fixed list (ignoring the query's items, which the union test needs to see). */
const fixed = (name: string, items: number[], scores: number[]): CandidateGenerator => ({
  name,
  family: 'test',
  propose: (_q, n) => ({ items: Int32Array.from(items.slice(0, n)), scores: Float32Array.from(scores.slice(0, n)) }),
});

describe('candidate union', () => {
  const g1 = fixed('a', [5, 3, 9], [3, 2, 1]);
  const g2 = fixed('b', [3, 7], [0.5, 0.25]);
  const query: SessionQuery = { items: Int32Array.from([1]), user: -1, now: 0 };

  it('holds each item once with every generator rank and score', () => {
    const u = new UnionBuilder([g1, g2], 10).build(query, 3);
    expect(Array.from(u.items)).toEqual([5, 3, 9, 7]);
    expect(Array.from(u.ranks)).toEqual([0, 1, 2, -1, -1, 0, -1, 1]);
    expect(Array.from(u.maxScore)).toEqual([3, 0.5]);
  });

  it('restricted to n equals asking each generator for n', () => {
    const builder = new UnionBuilder([g1, g2], 10);
    expect(restrictUnion(builder.build(query, 3), 1)).toEqual(new UnionBuilder([g1, g2], 10).build(query, 1));
  });
});

describe('features', () => {
  // Items: 0 cheap "red", 1 "red", 2 dear "blue", 3 "blue", 4 new.
  const rows = [
    { skus: ['0', '1', '2'], startedAt: 0, userId: 'u' },
    { skus: ['1', '2', '3'], startedAt: 10 * DAY, userId: 'v' },
    { skus: ['0', '3'], startedAt: 25 * DAY, userId: 'u' },
    { skus: ['1', '3', '4'], startedAt: 29 * DAY },
  ];
  const { log } = buildSessionLog(rows);
  const items = unknownItemSide(log.itemCount);
  items.price.set([1, 2, 8, 4, NaN]);
  items.category.set([0, 0, 1, 1, -1]);
  const extractor = new FeatureExtractor({
    generatorNames: ['g'],
    stats: buildItemStats(log),
    items,
    history: buildUserHistory(log),
    knn: buildItemKnnIndex(log),
  });
  const col = (name: string): number => extractor.names.indexOf(name);

  it('describes a candidate against the session, the shopper and the catalog', () => {
    const generator = fixed('g', [2, 4], [4, 1]);
    const query: SessionQuery = { items: Int32Array.from([0, 1]), user: 0, now: 30 * DAY };
    const union = new UnionBuilder([generator], log.itemCount).build(query, 5);
    const x = new Float32Array(3 * extractor.dim);
    extractor.extract(query, union, 5, x, 0, [3]);
    const at = (row: number, name: string): number => x[row * extractor.dim + col(name)] ?? NaN;
    expect(at(0, 'g:score')).toBe(1);
    expect(at(1, 'g:score')).toBe(0.25);
    expect(at(1, 'g:rank')).toBeCloseTo(Math.log2(3), 6);
    expect(at(2, 'g:missing')).toBe(1);
    expect(at(2, 'g:rank')).toBeCloseTo(Math.log2(7), 6);
    // Session prices 1 and 2: median 1.5.
    expect(at(0, 'price:log-ratio')).toBeCloseTo(Math.log(8 / 1.5), 5);
    expect(at(1, 'price:unknown')).toBe(1);
    expect(at(0, 'category:share')).toBe(0);
    expect(at(1, 'category:unknown')).toBe(1);
    // User u took item 2 on day 0 and item 3 on day 25, never item 4.
    expect(at(0, 'user:taken')).toBeCloseTo(Math.log(2), 6);
    expect(at(0, 'user:days-since')).toBeCloseTo(Math.log1p(30), 5);
    expect(at(2, 'user:days-since')).toBeCloseTo(Math.log1p(5), 5);
    expect(at(1, 'user:not-taken')).toBe(1);
    expect(at(2, 'user:not-taken')).toBe(0);
    // Item 3 was in 3 sessions, 2 of them within 7 days of the log's end; item 4 first seen on day 29.
    expect(at(2, 'item:popularity')).toBeCloseTo(Math.log1p(3), 6);
    expect(at(2, 'item:trend')).toBeCloseTo(Math.log((2 + 1) / (3 / 4 + 1)), 5);
    expect(at(1, 'item:age')).toBeCloseTo(Math.log1p(1), 5);
    // Last item 1 and candidate 2 share 2 sessions of 3 and 2: 2 / sqrt(6).
    expect(at(0, 'last:knn')).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(at(0, 'session:length')).toBeCloseTo(Math.log1p(2), 6);
  });

  it('closing rate: an item that always ends a session scores above one that never does', () => {
    const query: SessionQuery = { items: Int32Array.from([0]), user: -1, now: 30 * DAY };
    const union = new UnionBuilder([fixed('g', [3, 1], [1, 1])], log.itemCount).build(query, 5);
    const x = new Float32Array(2 * extractor.dim);
    extractor.extract(query, union, 5, x);
    expect(x[col('item:closing')] ?? 0).toBeGreaterThan(x[extractor.dim + col('item:closing')] ?? 0);
  });

  it('medians and standardisation', () => {
    expect(medianPrice([0, 1, 2, 4], items.price)).toBe(2);
    expect(medianPrice([4], items.price)).toBeNaN();
    const x = Float32Array.from([1, 5, 3, 5, 5, 5]);
    const s = fitStandardizer(x, 2);
    standardize(s, x);
    expect(Array.from(x)).toEqual([-1.224744871391589, 0, 0, 0, 1.224744871391589, 0].map(Math.fround));
    expect(s.scale[1]).toBe(1); // a constant column keeps scale 1
  });
});
