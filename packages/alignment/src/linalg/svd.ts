// Dense singular value decomposition by one-sided (Hestenes) Jacobi rotations in float64: accurate to a few
// ulps on small matrices (Procrustes solves d × d with d up to a few hundred), no dependencies, deterministic.
import { requireInput, requireMatrix } from '../alignment.errors.ts';

/** A = U · diag(s) · Vᵀ, row-major, r = min(m, n): U is m × r, s has r entries in descending order, V is n × r. */
export interface Svd {
  readonly u: Float64Array;
  readonly s: Float64Array;
  readonly v: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

const MAX_SWEEPS = 80;
const EPS = 2.220446049250313e-16;

/**
 * SVD of the row-major `rows` × `cols` matrix `a`. Columns of U that belong to zero singular values are
 * completed to an orthonormal set, so U Vᵀ is orthogonal even for a rank-deficient square `a`.
 */
export function svd(a: ArrayLike<number>, rows: number, cols: number): Svd {
  requireInput(Number.isInteger(rows) && rows > 0, 'svd rows', `must be a positive integer, got ${rows}`);
  requireMatrix(a, cols, 'svd matrix', rows);
  if (rows < cols) {
    // A = U S Vᵀ  ⇔  Aᵀ = V S Uᵀ: decompose the tall transpose and swap the factors.
    const t = svd(transpose(a, rows, cols), cols, rows);
    return { u: t.v, s: t.s, v: t.u, rows, cols };
  }
  const m = rows;
  const n = cols;
  // Column-major working copies: the rotations combine whole columns.
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j] ?? 0;
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j * n + j] = 1;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const po = p * m;
        const qo = q * m;
        for (let i = 0; i < m; i++) {
          const x = w[po + i] ?? 0;
          const y = w[qo + i] ?? 0;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(w, po, qo, m, c, s);
        rotate(v, p * n, q * n, n, c, s);
      }
    }
    if (!rotated) break;
  }

  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += (w[j * m + i] ?? 0) ** 2;
    norms[j] = Math.sqrt(sum);
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => (norms[y] ?? 0) - (norms[x] ?? 0) || x - y);
  const tolerance = (norms[order[0] ?? 0] ?? 0) * Math.max(m, n) * EPS;
  const u = new Float64Array(m * n);
  const s = new Float64Array(n);
  const vOut = new Float64Array(n * n);
  const filled: number[] = [];
  order.forEach((j, k) => {
    const norm = norms[j] ?? 0;
    s[k] = norm;
    for (let i = 0; i < n; i++) vOut[i * n + k] = v[j * n + i] ?? 0;
    if (norm > tolerance) {
      for (let i = 0; i < m; i++) u[i * n + k] = (w[j * m + i] ?? 0) / norm;
      filled.push(k);
    }
  });
  completeColumns(u, m, n, filled);
  return { u, s, v: vOut, rows, cols };
}

/** Row-major transpose of a rows × cols matrix. */
export function transpose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j] ?? 0;
  return out;
}

function rotate(x: Float64Array, po: number, qo: number, length: number, c: number, s: number): void {
  for (let i = 0; i < length; i++) {
    const xp = x[po + i] ?? 0;
    const xq = x[qo + i] ?? 0;
    x[po + i] = c * xp - s * xq;
    x[qo + i] = s * xp + c * xq;
  }
}

// Fills the columns of the row-major m × n matrix u not in `filled` with unit vectors orthogonal to all others
// (Gram-Schmidt, twice, over the standard basis), so U stays orthonormal when A is rank-deficient.
function completeColumns(u: Float64Array, m: number, n: number, filled: number[]): void {
  const done = new Set(filled);
  let candidate = 0;
  for (let k = 0; k < n; k++) {
    if (done.has(k)) continue;
    for (; candidate < m; candidate++) {
      const x = new Float64Array(m);
      x[candidate] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const other of done) {
          let dot = 0;
          for (let i = 0; i < m; i++) dot += (x[i] ?? 0) * (u[i * n + other] ?? 0);
          for (let i = 0; i < m; i++) x[i] = (x[i] ?? 0) - dot * (u[i * n + other] ?? 0);
        }
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += (x[i] ?? 0) ** 2;
      norm = Math.sqrt(norm);
      if (norm < 1e-8) continue;
      for (let i = 0; i < m; i++) u[i * n + k] = (x[i] ?? 0) / norm;
      done.add(k);
      candidate++;
      break;
    }
  }
}
