import { describe, expect, it } from 'vitest';
import { AlignmentError } from '../alignment.errors.ts';
import { choleskySolve, gaussians, multiply, randomRotation } from './dense.ts';
import { svd, transpose } from './svd.ts';

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
}

function reconstruct(u: Float64Array, s: Float64Array, v: Float64Array, m: number, n: number): Float64Array {
  const us = u.map((x, i) => x * (s[i % n] ?? 0));
  return multiply(us, transpose(v, n, n), m, n, n);
}

function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

describe('svd', () => {
  it.each([
    [128, 128],
    [40, 17],
    [9, 23],
  ])('reconstructs a random %i × %i matrix to 1e-9 with orthonormal factors', (m, n) => {
    const a = gaussians(m * n, m * 31 + n);
    const { u, s, v } = svd(a, m, n);
    const r = Math.min(m, n);
    if (m >= n) {
      expect(maxAbs(reconstruct(u, s, v, m, n), a)).toBeLessThan(1e-9);
      expect(maxAbs(multiply(transpose(u, m, n), u, n, m, n), identity(n))).toBeLessThan(1e-9);
    } else {
      // Wide: A = U S Vᵀ with U m × m and V n × m.
      const us = u.map((x, i) => x * (s[i % m] ?? 0));
      expect(maxAbs(multiply(us, transpose(v, n, m), m, m, n), a)).toBeLessThan(1e-9);
    }
    for (let i = 1; i < r; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]!);
  });

  it('keeps U orthogonal for a rank-deficient square matrix', () => {
    const n = 12;
    const b = gaussians(n * 3, 3); // n × 3, so B Bᵀ has rank 3
    const a = multiply(b, transpose(b, n, 3), n, 3, n);
    const { u, s, v } = svd(a, n, n);
    expect(s[3]).toBeLessThan(1e-9);
    expect(maxAbs(reconstruct(u, s, v, n, n), a)).toBeLessThan(1e-9);
    expect(maxAbs(multiply(transpose(u, n, n), u, n, n, n), identity(n))).toBeLessThan(1e-9);
  });

  it('rejects a matrix whose length does not match its shape, naming it', () => {
    expect(() => svd(new Float64Array(10), 3, 3)).toThrow(/svd matrix has length 10, expected 3 × 3 = 9/);
    expect(() => svd(new Float64Array(0), 0, 3)).toThrow(AlignmentError);
  });
});

describe('randomRotation', () => {
  it('is orthogonal, deterministic in its seed, and different across seeds', () => {
    const r = randomRotation(32, 7);
    expect(maxAbs(multiply(transpose(r, 32, 32), r, 32, 32, 32), identity(32))).toBeLessThan(1e-12);
    expect(randomRotation(32, 7)).toEqual(r);
    expect(maxAbs(randomRotation(32, 8), r)).toBeGreaterThan(0.1);
  });
});

describe('choleskySolve', () => {
  it('solves a symmetric positive definite system', () => {
    const n = 20;
    const b = gaussians(n * n, 4);
    const s = multiply(b, transpose(b, n, n), n, n, n).map((x, i) => x + (i % (n + 1) === 0 ? 1 : 0));
    const x = gaussians(n * 2, 5);
    expect(maxAbs(choleskySolve(s, multiply(s, x, n, n, 2), n, 2), x)).toBeLessThan(1e-9);
    expect(() => choleskySolve(new Float64Array(4), new Float64Array(2), 2, 1)).toThrow(/ridge system/);
  });
});
