import { describe, expect, it } from 'vitest';
import { clusteredCodes, exactTopK, recall } from '../testing/clustered-codes.fixture.ts';
import { dequantizeTowerOutput, quantizeTowerOutput } from './int8-vectors.ts';
import { Int8VectorIndex } from './int8.vector-index.ts';

const DIM = 32;

describe('int8 tower vectors', () => {
  it('quantise round(128 × x) into [-127, 127] and back within half a step', () => {
    const values = Float32Array.from([-1, -0.999, -0.5, -0.0039, 0, 0.0039, 0.25, 0.99, 1]);
    const codes = quantizeTowerOutput(values);
    expect(Array.from(codes)).toEqual([-127, -127, -64, 0, 0, 0, 32, 127, 127]);
    const back = dequantizeTowerOutput(codes);
    values.forEach((v, i) => {
      if (Math.abs(v) < 0.99) expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(0.5 / 128 + 1e-7);
    });
  });
});

describe('Int8VectorIndex', () => {
  const data = clusteredCodes(3000, DIM, 5);
  const queries = Array.from({ length: 40 }, (_, q) => data.floats.subarray(q * 71 * DIM, (q * 71 + 1) * DIM));

  it('scans exactly: recall@10 against float32 exact search >= 0.97, and scores are int8 dots', () => {
    const index = Int8VectorIndex.build(data.codes, DIM);
    let total = 0;
    for (const query of queries) {
      const found = index.search(query, 10);
      total += recall(found.labels, exactTopK(data.floats, DIM, query, 10));
      // The reported score is the float query against the code, in tanh units.
      const label = found.labels[0]!;
      let dot = 0;
      for (let j = 0; j < DIM; j++) dot += query[j]! * (data.codes[label * DIM + j]! / 128);
      expect(found.scores[0]).toBeCloseTo(dot, 4);
    }
    expect(total / queries.length).toBeGreaterThanOrEqual(0.97);
  });

  it('as an inverted file keeps recall with enough probes, and loses some with one', () => {
    const index = Int8VectorIndex.build(data.codes, DIM, { lists: 32, probes: 8, seed: 3 });
    expect(index.listCount).toBe(32);
    const mean = (probes: number): number =>
      queries.reduce(
        (sum, query) =>
          sum + recall(index.search(query, 10, { probes }).labels, exactTopK(data.floats, DIM, query, 10)),
        0,
      ) / queries.length;
    expect(mean(8)).toBeGreaterThanOrEqual(0.9);
    expect(mean(32)).toBeGreaterThanOrEqual(0.97);
    expect(mean(1)).toBeLessThan(mean(32));
  });

  it('finds an item inserted at runtime, and its replacement moves it', () => {
    const index = Int8VectorIndex.build(data.codes, DIM, { lists: 16, probes: 4 });
    const fresh = quantizeTowerOutput(Float32Array.from({ length: DIM }, (_, j) => (j % 2 === 0 ? 0.95 : -0.95)));
    index.add(5000, fresh, { category: ['new'] });
    expect(index.size).toBe(3001);
    const query = dequantizeTowerOutput(fresh);
    expect(index.search(query, 1).labels[0]).toBe(5000);
    // Re-embedding the same label replaces it rather than duplicating it.
    const moved = quantizeTowerOutput(Float32Array.from({ length: DIM }, (_, j) => (j % 2 === 0 ? -0.95 : 0.95)));
    index.add(5000, moved);
    expect(index.size).toBe(3001);
    expect(index.search(query, 5).labels).not.toContain(5000);
    expect(index.search(dequantizeTowerOutput(moved), 1).labels[0]).toBe(5000);
  });

  it('filters by category prefix, by activity and by a predicate', () => {
    const category = (label: number): string[] =>
      label % 3 === 0 ? ['Home', 'Kitchen'] : label % 3 === 1 ? ['Home', 'Garden'] : ['Toys'];
    const index = Int8VectorIndex.build(data.codes, DIM, { lists: 8, probes: 2 }, (label) => ({
      category: category(label),
      active: label % 10 !== 0,
    }));
    const query = queries[3]!;
    const kitchen = index.search(query, 10, { categoryPrefix: ['home', 'KITCHEN'] });
    expect(kitchen.labels.length).toBe(10);
    for (const label of kitchen.labels) expect(label % 3).toBe(0);
    expect(
      recall(
        kitchen.labels,
        exactTopK(data.floats, DIM, query, 10, (l) => l % 3 === 0 && l % 10 !== 0),
      ),
    ).toBeGreaterThanOrEqual(0.9);
    const home = index.search(query, 50, { categoryPrefix: ['Home'] });
    expect(home.labels.some((l) => l % 3 === 1)).toBe(true);
    expect(home.labels.every((l) => l % 3 !== 2 && l % 10 !== 0)).toBe(true);
    expect(index.search(query, 10, { categoryPrefix: ['Nowhere'] }).labels.length).toBe(0);
    const withInactive = index.search(query, 3000, { activeOnly: false });
    expect(withInactive.labels.length).toBe(3000);
    const even = index.search(query, 10, { accept: (l) => l % 2 === 0 });
    expect(even.labels.every((l) => l % 2 === 0)).toBe(true);
    // A restrictive filter scans past the default probes rather than return fewer than k.
    const rare = index.search(query, 10, { accept: (l) => l < 40 });
    expect(rare.labels.length).toBe(10);
    expect(rare.labels.every((l) => l < 40 && l % 10 !== 0)).toBe(true);
    index.setActive(kitchen.labels[0]!, false);
    expect(index.search(query, 10, { categoryPrefix: ['Home', 'Kitchen'] }).labels).not.toContain(kitchen.labels[0]);
  });

  it('holds a 64-d item in at most 80 bytes', () => {
    const big = clusteredCodes(2000, 64, 9);
    const memory = Int8VectorIndex.build(big.codes, 64, { lists: 40 }).memory();
    expect(memory.items).toBe(2000);
    expect(memory.bytesPerItem).toBeLessThanOrEqual(80);
    expect(memory.bytesPerItem).toBeGreaterThanOrEqual(64);
  });
});
