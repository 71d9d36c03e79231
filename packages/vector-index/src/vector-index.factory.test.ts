// The factory's two decisions: which implementation a catalog gets, and which one a saved file reopens as.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusteredVectors } from './clustered-vectors.fixture.ts';
import { buildVectorIndex, loadVectorIndex } from './vector-index.factory.ts';

const dim = 16;
const { vectors } = clusteredVectors({ n: 1_500, dim, seed: 3 });
const query = vectors.slice(0, dim);

describe('buildVectorIndex / loadVectorIndex', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vector-index-factory-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses brute force below the threshold and HNSW from it on', () => {
    expect(buildVectorIndex(vectors, dim, { bruteForceBelow: 1_501 }).kind).toBe('brute-force');
    expect(buildVectorIndex(vectors, dim, { bruteForceBelow: 1_500 }).kind).toBe('hnsw');
  });

  it.each([1_501, 1_500])('reopens a saved index as the same kind with the same answers (threshold %i)', async (t) => {
    const index = buildVectorIndex(vectors, dim, { bruteForceBelow: t });
    const path = join(dir, `index-${t}`);
    await index.save(path);
    const loaded = await loadVectorIndex(path);
    expect(loaded.kind).toBe(index.kind);
    expect(loaded.search(query, 5).labels).toEqual(index.search(query, 5).labels);
    expect(loaded.search(query, 5).labels[0]).toBe(0);
  });
});
