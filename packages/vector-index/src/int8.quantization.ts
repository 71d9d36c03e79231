// Per-vector symmetric int8 quantisation (scale = max |x| / 127), a quarter of float32's size for model
// artifacts, and the cosine error it costs, measured rather than assumed.

import { rowCount } from './unit-vectors.math.ts';
import { VectorIndexError, VectorIndexErrorCode } from './vector-index.errors.ts';

export interface Int8Vectors {
  /** Row-major n×dim codes in [-127, 127]; -128 is never used so the range stays symmetric. */
  readonly codes: Int8Array;
  /** One scale per row: value ≈ code × scale. */
  readonly scales: Float32Array;
  readonly dim: number;
}

export function quantizeInt8(vectors: Float32Array, dim: number): Int8Vectors {
  const n = rowCount(vectors, dim);
  const codes = new Int8Array(vectors.length);
  const scales = new Float32Array(n);
  for (let r = 0, off = 0; r < n; r++, off += dim) {
    let maxAbs = 0;
    for (let j = 0; j < dim; j++) maxAbs = Math.max(maxAbs, Math.abs(vectors[off + j] as number));
    const scale = maxAbs / 127;
    scales[r] = scale;
    if (scale === 0) continue;
    const inv = 1 / scale;
    for (let j = 0; j < dim; j++) {
      codes[off + j] = Math.max(-127, Math.min(127, Math.round((vectors[off + j] as number) * inv)));
    }
  }
  return { codes, scales, dim };
}

export function dequantizeInt8(codes: Int8Array, scales: Float32Array, dim: number): Float32Array {
  if (codes.length !== scales.length * dim) {
    throw new VectorIndexError(
      VectorIndexErrorCode.DimensionMismatch,
      `int8 codes have ${codes.length} values, expected ${scales.length} rows × dim ${dim}`,
    );
  }
  const out = new Float32Array(codes.length);
  for (let r = 0, off = 0; r < scales.length; r++, off += dim) {
    const scale = scales[r] as number;
    for (let j = 0; j < dim; j++) out[off + j] = (codes[off + j] as number) * scale;
  }
  return out;
}

export interface CosineError {
  /** Largest 1 − cos(original row, reconstructed row). */
  readonly max: number;
  readonly mean: number;
  /** Row with the largest error, for reporting; -1 when there are no rows. */
  readonly worstRow: number;
}

/** Row-wise 1 − cosine between two matrices of the same shape; two zero rows count as identical. */
export function cosineError(original: Float32Array, reconstructed: Float32Array, dim: number): CosineError {
  const n = rowCount(original, dim);
  if (reconstructed.length !== original.length) {
    throw new VectorIndexError(
      VectorIndexErrorCode.DimensionMismatch,
      `reconstructed has ${reconstructed.length} values, original has ${original.length}`,
    );
  }
  let max = 0;
  let sum = 0;
  let worstRow = n > 0 ? 0 : -1;
  for (let r = 0, off = 0; r < n; r++, off += dim) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let j = 0; j < dim; j++) {
      const a = original[off + j] as number;
      const b = reconstructed[off + j] as number;
      ab += a * b;
      aa += a * a;
      bb += b * b;
    }
    const err = aa === 0 && bb === 0 ? 0 : aa === 0 || bb === 0 ? 1 : 1 - ab / Math.sqrt(aa * bb);
    sum += err;
    if (err > max) {
      max = err;
      worstRow = r;
    }
  }
  return { max, mean: n > 0 ? sum / n : 0, worstRow };
}
