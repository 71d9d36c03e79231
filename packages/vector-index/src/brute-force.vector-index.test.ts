// The exact index is the oracle for everything else, so it is checked against the most naive answer there is:
// score every row in float64 and sort.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BruteForceVectorIndex } from './brute-force.vector-index.ts';
import { clusteredVectors, gaussianSource } from './clustered-vectors.fixture.ts';
import { quantizeInt8 } from './int8.quantization.ts';
import { writeVectors } from './vector-artifact.codec.ts';
import { VectorIndexErrorCode } from './vector-index.errors.ts';

const dim = 24;
const n = 2_000;
const { vectors } = clusteredVectors({ n: n + 20, dim, seed: 11, categories: 8 });
const base = vectors.slice(0, n * dim);
const queries = Array.from({ length: 20 }, (_, q) => vectors.slice((n + q) * dim, (n + q + 1) * dim));

function naiveTopK(query: Float32Array, k: number, allow: (label: number) => boolean = () => true): number[] {
  const norm = (v: Float32Array, off: number): number => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (v[off + j] as number) ** 2;
    return Math.sqrt(s);
  };
  const qn = norm(query, 0);
  const scored: { label: number; score: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (!allow(i)) continue;
    let s = 0;
    for (let j = 0; j < dim; j++) s += (query[j] as number) * (base[i * dim + j] as number);
    scored.push({ label: i, score: s / (qn * norm(base, i * dim)) });
  }
  scored.sort((a, b) => b.score - a.score || a.label - b.label);
  return scored.slice(0, k).map((s) => s.label);
}

describe('BruteForceVectorIndex', () => {
  const index = BruteForceVectorIndex.build(base, dim);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vector-index-bf-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([1, 10, 57])('top-%i equals a full sort of the cosine similarities', (k) => {
    for (const query of queries) {
      const got = index.search(query, k);
      expect(Array.from(got.labels)).toEqual(naiveTopK(query, k));
      for (let i = 1; i < got.scores.length; i++)
        expect(got.scores[i]).toBeLessThanOrEqual(got.scores[i - 1] as number);
    }
  });

  it('returns cosine similarities, not raw dot products', () => {
    const query = queries[0] as Float32Array;
    const got = index.search(query, 3);
    const label = got.labels[0] as number;
    const row = base.subarray(label * dim, (label + 1) * dim);
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let j = 0; j < dim; j++) {
      ab += (query[j] as number) * (row[j] as number);
      aa += (query[j] as number) ** 2;
      bb += (row[j] as number) ** 2;
    }
    expect(got.scores[0]).toBeCloseTo(ab / Math.sqrt(aa * bb), 5);
  });

  it('applies the filter and still returns k labels', () => {
    const allow = (label: number): boolean => label % 7 === 3;
    for (const query of queries) {
      const got = index.search(query, 10, allow);
      expect(Array.from(got.labels)).toEqual(naiveTopK(query, 10, allow));
      expect(got.labels.every(allow)).toBe(true);
    }
  });

  it('returns everything that passes when fewer than k do, and all rows when k exceeds the size', () => {
    const few = index.search(queries[0] as Float32Array, 10, (label) => label < 4);
    expect(Array.from(few.labels).sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect(index.search(queries[0] as Float32Array, n + 50).labels).toHaveLength(n);
    expect(index.search(queries[0] as Float32Array, 0).labels).toHaveLength(0);
  });

  it('breaks ties by the smaller label', () => {
    const row = [1, 2, 3];
    const tied = BruteForceVectorIndex.build(new Float32Array([...row, 0, 0, 1, ...row, ...row]), 3);
    expect(Array.from(tied.search(new Float32Array(row), 3).labels)).toEqual([0, 2, 3]);
  });

  it('keeps the k best of a long random stream (heap check with many replacements)', () => {
    const gauss = gaussianSource(5);
    const noise = Float32Array.from({ length: 5_000 * 4 }, () => gauss());
    const small = BruteForceVectorIndex.build(noise, 4);
    const query = new Float32Array([0.3, -1, 0.2, 0.5]);
    const got = small.search(query, 100);
    const all = small.search(query, 5_000);
    expect(Array.from(got.labels)).toEqual(Array.from(all.labels.subarray(0, 100)));
    expect(all.scores[0]).toBeGreaterThan(all.scores[4_999] as number);
  });

  it('rejects a query of the wrong dimension and a bad k', () => {
    expect(() => index.search(new Float32Array(dim + 1), 5)).toThrow(
      expect.objectContaining({ code: VectorIndexErrorCode.DimensionMismatch }),
    );
    expect(() => index.search(queries[0] as Float32Array, -1)).toThrow(
      expect.objectContaining({ code: VectorIndexErrorCode.InvalidInput }),
    );
  });

  it('answers the same after save and load, and loads an int8 artifact with nearly the same ranking', async () => {
    const path = join(dir, 'bf.vec');
    await index.save(path);
    const loaded = await BruteForceVectorIndex.load(path);
    expect(loaded.size).toBe(n);
    for (const query of queries) expect(loaded.search(query, 10)).toEqual(index.search(query, 10));

    const int8Path = join(dir, 'bf-int8.vec');
    await writeVectors(int8Path, { dtype: 'int8', ...quantizeInt8(base, dim) });
    const fromInt8 = await BruteForceVectorIndex.load(int8Path);
    let overlap = 0;
    for (const query of queries) {
      const want = new Set(index.search(query, 10).labels);
      overlap += fromInt8.search(query, 10).labels.filter((l) => want.has(l)).length;
    }
    expect(overlap / (10 * queries.length)).toBeGreaterThanOrEqual(0.95);
  });
});
