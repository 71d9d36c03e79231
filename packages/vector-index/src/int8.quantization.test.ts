// int8 artifacts must keep item2vec geometry: bounds below were measured on the clustered fixture (dim 64, four
// seeds: mean 1 − cos 1.7e-5, max 4.3e-5..5.2e-5) and leave about 2× headroom.

import { describe, expect, it } from 'vitest';
import { clusteredVectors } from './clustered-vectors.fixture.ts';
import { cosineError, dequantizeInt8, quantizeInt8 } from './int8.quantization.ts';
import { VectorIndexErrorCode } from './vector-index.errors.ts';

const dim = 64;
const { vectors } = clusteredVectors({ n: 5_000, dim, seed: 1 });

describe('int8 quantisation', () => {
  const q = quantizeInt8(vectors, dim);
  const back = dequantizeInt8(q.codes, q.scales, dim);

  it('keeps the cosine error of every vector small', () => {
    const err = cosineError(vectors, back, dim);
    expect(err.mean).toBeLessThan(3e-5);
    expect(err.max).toBeLessThan(1e-4);
  });

  it('uses the symmetric range with the largest magnitude of each row at ±127', () => {
    expect(q.scales).toHaveLength(5_000);
    expect(q.codes.reduce((min, c) => Math.min(min, c), 0)).toBeGreaterThanOrEqual(-127);
    for (let r = 0; r < 100; r++) {
      const row = q.codes.subarray(r * dim, (r + 1) * dim);
      expect(Math.max(...Array.from(row, Math.abs))).toBe(127);
    }
  });

  it('keeps zero rows zero and reports their error as 0', () => {
    const withZero = new Float32Array([0, 0, 0, 1, -2, 0.5]);
    const z = quantizeInt8(withZero, 3);
    expect(Array.from(z.codes.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(z.scales[0]).toBe(0);
    const err = cosineError(withZero, dequantizeInt8(z.codes, z.scales, 3), 3);
    expect(err.max).toBeLessThan(1e-4);
  });

  it('measures a real error: a sign flip is reported at the row it happened', () => {
    const damaged = back.slice();
    for (let j = 0; j < dim; j++) damaged[42 * dim + j] = -(damaged[42 * dim + j] as number);
    const err = cosineError(vectors, damaged, dim);
    expect(err.worstRow).toBe(42);
    expect(err.max).toBeCloseTo(2, 3);
  });

  it('rejects codes and scales that disagree on the shape', () => {
    expect(() => dequantizeInt8(new Int8Array(10), new Float32Array(3), 4)).toThrow(
      expect.objectContaining({ code: VectorIndexErrorCode.DimensionMismatch }),
    );
  });
});
