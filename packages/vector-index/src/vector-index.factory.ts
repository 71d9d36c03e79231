// Picks the implementation for a catalog: brute force below a size where an exact scan is as fast as the graph,
// HNSW above it; and reopens either kind of saved index by looking at the file's first bytes.

import { open } from 'node:fs/promises';
import { BruteForceVectorIndex } from './brute-force.vector-index.ts';
import { HnswVectorIndex, type HnswOptions } from './hnsw.vector-index.ts';
import { VECTOR_ARTIFACT_MAGIC } from './vector-artifact.codec.ts';
import type { VectorIndex } from './vector-index.port.ts';

export interface BuildVectorIndexOptions {
  /** Catalogs with fewer items get an exact index (measured crossover in bench/ann.bench.ts). */
  readonly bruteForceBelow?: number;
  readonly hnsw?: Partial<HnswOptions>;
}

export const DEFAULT_BRUTE_FORCE_BELOW = 1_000;

export function buildVectorIndex(
  vectors: Float32Array,
  dim: number,
  options: BuildVectorIndexOptions = {},
): VectorIndex {
  const n = dim > 0 ? vectors.length / dim : 0;
  return n < (options.bruteForceBelow ?? DEFAULT_BRUTE_FORCE_BELOW)
    ? BruteForceVectorIndex.build(vectors, dim)
    : HnswVectorIndex.build(vectors, dim, options.hnsw);
}

/** Opens a file written by either implementation's `save`. */
export async function loadVectorIndex(path: string, options: { readonly ef?: number } = {}): Promise<VectorIndex> {
  const handle = await open(path, 'r');
  const magic = Buffer.alloc(4);
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  return magic.toString('latin1') === VECTOR_ARTIFACT_MAGIC
    ? BruteForceVectorIndex.load(path)
    : HnswVectorIndex.load(path, options);
}
