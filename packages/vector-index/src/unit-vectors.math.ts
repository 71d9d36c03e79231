// Checks and normalisation for row-major n×dim Float32Array matrices. Every index stores unit rows, so cosine
// similarity is a dot product and HNSW can use its inner-product space.

import { VectorIndexError, VectorIndexErrorCode } from './vector-index.errors.ts';

/** Number of rows of a row-major matrix, after checking that dim divides its length. */
export function rowCount(vectors: Float32Array, dim: number): number {
  if (!Number.isInteger(dim) || dim <= 0) {
    throw new VectorIndexError(VectorIndexErrorCode.InvalidInput, `dim must be a positive integer, got ${dim}`);
  }
  if (vectors.length % dim !== 0) {
    throw new VectorIndexError(
      VectorIndexErrorCode.DimensionMismatch,
      `vectors has ${vectors.length} values, not a multiple of dim ${dim}`,
    );
  }
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i])) {
      throw new VectorIndexError(
        VectorIndexErrorCode.InvalidInput,
        `vector ${Math.floor(i / dim)} has a non-finite value at position ${i % dim}`,
      );
    }
  }
  return vectors.length / dim;
}

/** A copy with every row scaled to unit length; all-zero rows stay zero (they score 0 against everything). */
export function normalizeRows(vectors: Float32Array, dim: number): Float32Array {
  const n = rowCount(vectors, dim);
  const out = new Float32Array(vectors.length);
  for (let r = 0; r < n; r++) normalizeInto(vectors, r * dim, dim, out, r * dim);
  return out;
}

/** Writes the unit version of src[from..from+dim) to dst[at..]; returns the original norm. */
export function normalizeInto(src: Float32Array, from: number, dim: number, dst: Float32Array, at: number): number {
  let sq = 0;
  for (let j = 0; j < dim; j++) {
    const v = src[from + j] as number;
    sq += v * v;
  }
  const norm = Math.sqrt(sq);
  const inv = norm > 0 ? 1 / norm : 0;
  for (let j = 0; j < dim; j++) dst[at + j] = (src[from + j] as number) * inv;
  return norm;
}

/** Checks a query against the index dimension and k against the non-negative integers. */
export function checkQuery(query: Float32Array, dim: number, k: number): void {
  if (query.length !== dim) {
    throw new VectorIndexError(
      VectorIndexErrorCode.DimensionMismatch,
      `query has ${query.length} values, the index has dim ${dim}`,
    );
  }
  if (!Number.isInteger(k) || k < 0) {
    throw new VectorIndexError(VectorIndexErrorCode.InvalidInput, `k must be a non-negative integer, got ${k}`);
  }
}
