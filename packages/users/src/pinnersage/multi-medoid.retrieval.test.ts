import { describe, expect, it } from 'vitest';
import { importanceQuotas, meanVectorRecommendations, multiMedoidRecommendations } from './multi-medoid.retrieval.ts';
import { exactNeighbourSearch } from './neighbour-search.port.ts';
import { plantedInterests } from './planted-interests.fixture.ts';
import type { InterestCluster } from './user-profile.ts';

const space = plantedInterests([20, 20, 20], 16, 0.1, 21);
const index = exactNeighbourSearch(space.vectors, space.dim);
const unitSpace = { unit: index.unit, dim: space.dim };
const cluster = (medoid: number, importance: number): InterestCluster => ({
  medoid,
  importance,
  members: 1,
  lastTime: 0,
});

describe('multiMedoidRecommendations', () => {
  const medoids = [cluster(0, 3), cluster(20, 1), cluster(40, 1)];

  it('interleaves the medoids round robin, so every interest is served', () => {
    const recs = multiMedoidRecommendations(medoids, unitSpace, index, { k: 9, duplicateCosine: 1 });
    expect(recs.items).toHaveLength(9);
    expect(Array.from(recs.source)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    recs.items.forEach((item, r) => expect(space.interest[item]).toBe(recs.source[r]));
  });

  it('splits slots by importance share when asked', () => {
    expect(Array.from(importanceQuotas(medoids, 10))).toEqual([6, 2, 2]);
    const recs = multiMedoidRecommendations(medoids, unitSpace, index, {
      k: 10,
      merge: 'importance',
      duplicateCosine: 1,
    });
    const perSource = [0, 1, 2].map((s) => recs.source.filter((x) => x === s).length);
    expect(perSource).toEqual([6, 2, 2]);
  });

  it('drops near-duplicates and disallowed items', () => {
    // Item 1 duplicated as item 60: with the threshold it can never appear next to item 1.
    const dup = new Float32Array([...space.vectors, ...space.vectors.subarray(space.dim, 2 * space.dim)]);
    const dupIndex = exactNeighbourSearch(dup, space.dim);
    const dupSpace = { unit: dupIndex.unit, dim: space.dim };
    const allow = (item: number): boolean => item !== 0;
    const withDup = multiMedoidRecommendations([cluster(1, 1)], dupSpace, dupIndex, {
      k: 5,
      duplicateCosine: 1,
      allow,
    });
    expect(Array.from(withDup.items)).toContain(60);
    const deduped = multiMedoidRecommendations([cluster(1, 1)], dupSpace, dupIndex, { k: 5, allow });
    const items = Array.from(deduped.items);
    expect(items.includes(1) && items.includes(60)).toBe(false);
    expect(items).not.toContain(0);
    expect(items).toHaveLength(5);
  });

  it('the mean vector of a two-interest user lands between them and serves them worse', () => {
    const history = [0, 1, 2, 20, 21, 22];
    const mean = meanVectorRecommendations(history, undefined, unitSpace, index, { k: 6, duplicateCosine: 1 });
    const multi = multiMedoidRecommendations([cluster(1, 1), cluster(21, 1)], unitSpace, index, {
      k: 6,
      duplicateCosine: 1,
    });
    const bestCos = (items: Int32Array, target: number): number =>
      Math.max(
        ...Array.from(items, (i) => {
          let s = 0;
          for (let d = 0; d < space.dim; d++) s += index.unit[i * space.dim + d]! * index.unit[target * space.dim + d]!;
          return s;
        }),
      );
    // Both interests are reached by the medoids; the mean's answers are no closer to the targets.
    expect(new Set(Array.from(multi.items, (i) => space.interest[i])).size).toBe(2);
    expect(mean.scores[0]!).toBeLessThan(multi.scores[0]!);
    expect(bestCos(multi.items, 5) + bestCos(multi.items, 25)).toBeGreaterThanOrEqual(
      bestCos(mean.items, 5) + bestCos(mean.items, 25) - 1e-6,
    );
  });
});
