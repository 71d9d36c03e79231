// HNSW against the exact oracle on item2vec-shaped data of a realistic catalog size, before and after a save/load
// round trip, plus the filtered paths serving depends on (session items excluded, category filters).

import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BruteForceVectorIndex } from './brute-force.vector-index.ts';
import { clusteredVectors } from './clustered-vectors.fixture.ts';
import { DEFAULT_HNSW_OPTIONS, HnswVectorIndex } from './hnsw.vector-index.ts';
import { recallAtK } from './recall.metric.ts';
import { VectorIndexErrorCode } from './vector-index.errors.ts';
import type { LabelFilter, SearchResult, VectorIndex } from './vector-index.port.ts';

const dim = 64;
const n = 10_000;
const queryCount = 300;
const { vectors, groups } = clusteredVectors({ n: n + queryCount, dim, seed: 20_240_601 });
const base = vectors.slice(0, n * dim);
const queries = Array.from({ length: queryCount }, (_, q) => vectors.slice((n + q) * dim, (n + q + 1) * dim));

const exact = BruteForceVectorIndex.build(base, dim);
const answer = (index: VectorIndex, k: number, filter?: LabelFilter): SearchResult[] =>
  queries.map((q) => index.search(q, k, filter));
const truth = answer(exact, 10);

describe('HnswVectorIndex', () => {
  const index = HnswVectorIndex.build(base, dim);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vector-index-hnsw-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches recall@10 >= 0.98 against brute force with the default parameters', () => {
    expect(index.size).toBe(n);
    expect(index.ef).toBeGreaterThanOrEqual(DEFAULT_HNSW_OPTIONS.ef);
    expect(index.calibration?.recall).toBeGreaterThanOrEqual(DEFAULT_HNSW_OPTIONS.targetRecall);
    expect(recallAtK(truth, answer(index, 10), 10)).toBeGreaterThanOrEqual(0.98);
  });

  it('returns cosine similarities best first, matching the exact scores of the same labels', () => {
    const got = index.search(queries[0] as Float32Array, 10);
    const all = exact.search(queries[0] as Float32Array, n);
    const exactScore = new Map(Array.from(all.labels, (label, i) => [label, all.scores[i] as number]));
    got.labels.forEach((label, i) => expect(got.scores[i]).toBeCloseTo(exactScore.get(label) as number, 5));
    for (let i = 1; i < got.scores.length; i++) expect(got.scores[i]).toBeLessThanOrEqual(got.scores[i - 1] as number);
  });

  it('keeps recall@10 >= 0.98 and the same answers after save and load', async () => {
    const path = join(dir, 'items.hnsw');
    await index.save(path);
    expect(await readdir(dir)).toEqual(['items.hnsw']);
    const loaded = await HnswVectorIndex.load(path);
    // Calibration runs again on load and, being deterministic, lands on the ef the build chose.
    expect([loaded.size, loaded.dim, loaded.ef]).toEqual([n, dim, index.ef]);
    expect(loaded.parameters.m).toBe(DEFAULT_HNSW_OPTIONS.m);
    expect(loaded.parameters.efConstruction).toBe(DEFAULT_HNSW_OPTIONS.efConstruction);
    const after = answer(loaded, 10);
    expect(recallAtK(truth, after, 10)).toBeGreaterThanOrEqual(0.98);
    expect(after.map((r) => Array.from(r.labels))).toEqual(answer(index, 10).map((r) => Array.from(r.labels)));
  });

  it('builds the same graph from the same seed', () => {
    const [a, b] = [1, 2].map(() => HnswVectorIndex.build(base.subarray(0, 3_000 * dim), dim, { ef: 10 }));
    const first = answer(a as HnswVectorIndex, 10);
    expect(answer(b as HnswVectorIndex, 10)).toEqual(first);
  });

  it('excludes a few labels (the session) and still returns k', () => {
    for (const [q, query] of queries.slice(0, 50).entries()) {
      const session = new Set(Array.from((truth[q] as SearchResult).labels.subarray(0, 5)));
      const got = index.search(query, 10, (label) => !session.has(label));
      expect(got.labels).toHaveLength(10);
      expect(got.labels.some((label) => session.has(label))).toBe(false);
    }
  });

  const filters: [string, LabelFilter][] = [
    ['a category filter (~20% pass)', (label) => (groups[label] as number) % 5 === 0],
    ['every tenth item', (label) => label % 10 === 0],
    ['a very selective filter (0.3% pass)', (label) => label % 300 === 7],
  ];
  it.each((['auto', 'graph'] as const).flatMap((mode) => filters.map(([name, allow]) => [mode, name, allow] as const)))(
    '%s search, %s: only allowed labels, k of them, recall@10 >= 0.95 against the exact answer',
    (mode, _, allow) => {
      index.filteredSearch = mode;
      try {
        const got = answer(index, 10, allow);
        for (const r of got) {
          expect(r.labels).toHaveLength(10);
          expect(r.labels.every(allow)).toBe(true);
        }
        expect(recallAtK(answer(exact, 10, allow), got, 10)).toBeGreaterThanOrEqual(0.95);
      } finally {
        index.filteredSearch = 'auto';
      }
    },
  );

  it('answers an empty catalog with nothing instead of failing', () => {
    const empty = HnswVectorIndex.build(new Float32Array(0), 8);
    expect([empty.size, empty.search(new Float32Array(8).fill(1), 5).labels.length]).toEqual([0, 0]);
  });

  it('falls back to an exact scan when the graph returns fewer than k passing labels', () => {
    // Forced graph search, for a filter that passes 5 labels out of 2,000.
    const graphOnly = HnswVectorIndex.build(base.subarray(0, 2_000 * dim), dim, { filteredSearch: 'graph' });
    const allowed = new Set([3, 501, 977, 1_400, 1_999]);
    const got = graphOnly.search(queries[0] as Float32Array, 10, (label) => allowed.has(label));
    expect(Array.from(got.labels).sort((a, b) => a - b)).toEqual([...allowed]);
  });

  it("passes a throwing filter's error to the caller instead of aborting the process", () => {
    const boom = new Error('catalog lookup failed');
    let calls = 0;
    // The first 128 calls are the pass-rate probes; call 150 happens inside hnswlib's graph search.
    const throwing = (): boolean => {
      if (++calls === 150) throw boom;
      return true;
    };
    expect(() => index.search(queries[1] as Float32Array, 10, throwing)).toThrow(boom);
    expect(calls).toBe(150);
    expect(recallAtK(truth.slice(0, 20), answer(index, 10).slice(0, 20), 10)).toBeGreaterThanOrEqual(0.98);
  });

  it('refuses a truncated index file, a foreign file, and an unexpected dimension', async () => {
    const path = join(dir, 'good.hnsw');
    await index.save(path);
    const bytes = await readFile(path);
    const truncated = join(dir, 'truncated.hnsw');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(HnswVectorIndex.load(truncated)).rejects.toMatchObject({
      code: VectorIndexErrorCode.CorruptArtifact,
      message: expect.stringContaining('truncated'),
    });
    const foreign = join(dir, 'foreign.hnsw');
    await writeFile(foreign, Buffer.alloc(4_096, 7));
    await expect(HnswVectorIndex.load(foreign)).rejects.toMatchObject({ code: VectorIndexErrorCode.CorruptArtifact });
    await expect(HnswVectorIndex.load(path, { dim: 32 })).rejects.toMatchObject({
      code: VectorIndexErrorCode.DimensionMismatch,
    });
  });
});
