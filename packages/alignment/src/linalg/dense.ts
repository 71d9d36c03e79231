// Small dense float64 helpers for the alignment: products, the orthogonal polar factor (the Procrustes
// solution), a seeded Haar-random rotation (the control), and a Cholesky solve (the cold-start ridge map).
import { createRng } from '@shopspace/item2vec';
import { requireInput } from '../alignment.errors.ts';
import { svd } from './svd.ts';

/** Row-major (rows × inner) · (inner × cols). */
export function multiply(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  inner: number,
  cols: number,
): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < inner; k++) {
      const x = a[i * inner + k] ?? 0;
      if (x === 0) continue;
      const bo = k * cols;
      const oo = i * cols;
      for (let j = 0; j < cols; j++) out[oo + j] = (out[oo + j] ?? 0) + x * (b[bo + j] ?? 0);
    }
  }
  return out;
}

/**
 * The orthogonal matrix nearest to the square `m` in Frobenius norm, U Vᵀ from m = U S Vᵀ: it maximises
 * trace(Wᵀ m) over orthogonal W, which is what orthogonal Procrustes asks for.
 */
export function orthogonalPolar(m: ArrayLike<number>, dim: number): Float64Array {
  const { u, v } = svd(m, dim, dim);
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += (u[i * dim + k] ?? 0) * (v[j * dim + k] ?? 0);
      out[i * dim + j] = sum;
    }
  }
  return out;
}

/** Standard normal samples (Box-Muller over the seeded xorshift stream of @shopspace/item2vec). */
export function gaussians(count: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = 1 - rng.nextFloat(); // (0, 1]: log stays finite
    const u2 = rng.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/**
 * A random dim × dim rotation (row-major), uniform over the orthogonal group (Haar): the orthogonal polar
 * factor of a Gaussian matrix is Haar-distributed. Deterministic in `seed`.
 */
export function randomRotation(dim: number, seed: number): Float64Array {
  requireInput(Number.isInteger(dim) && dim > 0, 'dim', `must be a positive integer, got ${dim}`);
  return orthogonalPolar(gaussians(dim * dim, seed), dim);
}

/**
 * Solves (S) X = B for a symmetric positive definite n × n `s` and n × k `b` (row-major) by Cholesky.
 * Throws when `s` is not positive definite (a ridge penalty of 0 on collinear features).
 */
export function choleskySolve(s: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diag = s[j * n + j] ?? 0;
    for (let p = 0; p < j; p++) diag -= (l[j * n + p] ?? 0) ** 2;
    requireInput(diag > 0, 'ridge system', `is not positive definite at row ${j}; use a positive lambda`);
    const root = Math.sqrt(diag);
    l[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = s[i * n + j] ?? 0;
      for (let p = 0; p < j; p++) sum -= (l[i * n + p] ?? 0) * (l[j * n + p] ?? 0);
      l[i * n + j] = sum / root;
    }
  }
  const x = Float64Array.from({ length: n * k }, (_, i) => b[i] ?? 0);
  // Forward (L y = b), then backward (Lᵀ x = y), all right-hand sides at once.
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < i; p++) {
      const lip = l[i * n + p] ?? 0;
      if (lip === 0) continue;
      for (let c = 0; c < k; c++) x[i * k + c] = (x[i * k + c] ?? 0) - lip * (x[p * k + c] ?? 0);
    }
    const lii = l[i * n + i] ?? 1;
    for (let c = 0; c < k; c++) x[i * k + c] = (x[i * k + c] ?? 0) / lii;
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let p = i + 1; p < n; p++) {
      const lpi = l[p * n + i] ?? 0;
      if (lpi === 0) continue;
      for (let c = 0; c < k; c++) x[i * k + c] = (x[i * k + c] ?? 0) - lpi * (x[p * k + c] ?? 0);
    }
    const lii = l[i * n + i] ?? 1;
    for (let c = 0; c < k; c++) x[i * k + c] = (x[i * k + c] ?? 0) / lii;
  }
  return x;
}
