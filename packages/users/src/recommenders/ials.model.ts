// Implicit ALS (Hu, Koren & Volinsky 2008): preference 1 on observed entries, confidence 1 + α·strength, every
// unobserved entry a weak zero. Exact alternating solves with the Gram trick: each row solves
// (YᵀY + Σ_obs α·s·y yᵀ + λI) x = Σ_obs (1 + α·s) y, so the cost follows the observed entries, not the matrix.
import { createRng } from '@shopspace/item2vec';
import type { InteractionMatrix } from '../interactions/interaction-matrix.ts';
import { transposeInteractions } from '../interactions/interaction-matrix.ts';
import { choleskySolveInPlace } from '../linalg/cholesky.ts';
import { requireInput } from '../users.errors.ts';
import { recencyWeights, type UserHistory, type UserRecommender } from './user-recommender.port.ts';

export interface IalsOptions {
  readonly dim: number;
  /** λ of the ridge term. */
  readonly reg: number;
  /** α: how much more an observed entry counts than an unobserved zero. */
  readonly alpha: number;
  readonly iterations: number;
  readonly seed: number;
  /** 'exact': Cholesky per row (the reference's solve). 'cg': cgSteps conjugate-gradient steps, warm-started. */
  readonly solver: 'exact' | 'cg';
  readonly cgSteps: number;
}

export const DEFAULT_IALS: IalsOptions = {
  dim: 64,
  reg: 1,
  alpha: 3,
  iterations: 15,
  seed: 0,
  solver: 'exact',
  cgSteps: 3,
};

export interface IalsModel {
  readonly options: IalsOptions;
  readonly users: number;
  readonly items: number;
  /** users × dim, row-major. */
  readonly userFactors: Float64Array;
  /** items × dim, row-major. */
  readonly itemFactors: Float64Array;
}

export function trainIals(train: InteractionMatrix, overrides: Partial<IalsOptions> = {}): IalsModel {
  const options = { ...DEFAULT_IALS, ...overrides };
  const { dim, reg, alpha, iterations } = options;
  requireInput(Number.isInteger(dim) && dim >= 1, 'options.dim', `must be a positive integer, got ${dim}`);
  requireInput(reg > 0, 'options.reg', `must be positive, got ${reg}`);
  requireInput(alpha >= 0, 'options.alpha', `must be non-negative, got ${alpha}`);
  requireInput(Number.isInteger(iterations) && iterations >= 1, 'options.iterations', 'must be a positive integer');
  const rng = createRng(options.seed);
  const gaussian = (): number => {
    const u1 = 1 - rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const userFactors = Float64Array.from({ length: train.rows * dim }, () => 0.1 * gaussian());
  const itemFactors = Float64Array.from({ length: train.cols * dim }, () => 0.1 * gaussian());
  const byItem = transposeInteractions(train);
  const solver = createRowSolver(dim);
  for (let it = 0; it < iterations; it++) {
    solveAll(train, userFactors, itemFactors, options, solver);
    solveAll(byItem, itemFactors, userFactors, options, solver);
  }
  return { options, users: train.rows, items: train.cols, userFactors, itemFactors };
}

interface RowSolver {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly gram: Float64Array;
  /** dim × capacity: the row's observed factors scaled by √(α·s), one contiguous run per coordinate. */
  zt: Float64Array;
  capacity: number;
  /** Conjugate-gradient scratch. */
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
}

function createRowSolver(dim: number): RowSolver {
  const vec = (): Float64Array => new Float64Array(dim);
  return {
    a: new Float64Array(dim * dim),
    b: vec(),
    gram: new Float64Array(dim * dim),
    zt: new Float64Array(dim * 64),
    capacity: 64,
    r: vec(),
    p: vec(),
    ap: vec(),
  };
}

/** Lower triangle of Yᵀ Y for `count` rows of `y`. */
function gramInto(gram: Float64Array, y: Float64Array, count: number, dim: number): void {
  gram.fill(0);
  for (let r = 0; r < count; r++) {
    const off = r * dim;
    for (let p = 0; p < dim; p++) {
      const yp = y[off + p]!;
      if (yp === 0) continue;
      const row = p * dim;
      for (let q = 0; q <= p; q++) gram[row + q]! += yp * y[off + q]!;
    }
  }
}

/** Re-solves every row of `x` against the fixed `y`, rows of `m` giving the observed entries. */
function solveAll(
  m: InteractionMatrix,
  x: Float64Array,
  y: Float64Array,
  options: IalsOptions,
  solver: RowSolver,
): void {
  const { dim } = options;
  gramInto(solver.gram, y, m.cols, dim);
  for (let r = 0; r < m.rows; r++) {
    const start = m.indptr[r]!;
    const end = m.indptr[r + 1]!;
    const items = m.indices.subarray(start, end);
    const strengths = m.values.subarray(start, end);
    if (options.solver === 'cg') {
      const xr = x.subarray(r * dim, (r + 1) * dim);
      conjugateGradientRow(solver, y, options, items, strengths, xr);
    } else {
      solveRow(solver, y, options, items, strengths);
      x.set(solver.b, r * dim);
    }
  }
}

/** Fills solver.zt with √(α·s)·y per observed item and solver.b with Σ (1 + α·s) y; returns the count. */
function gatherRow(
  solver: RowSolver,
  y: Float64Array,
  dim: number,
  alpha: number,
  items: ArrayLike<number>,
  strengths: ArrayLike<number>,
): number {
  const n = items.length;
  if (n > solver.capacity) {
    solver.capacity = Math.max(n, 2 * solver.capacity);
    solver.zt = new Float64Array(dim * solver.capacity);
  }
  const { zt, b } = solver;
  b.fill(0);
  for (let e = 0; e < n; e++) {
    const off = items[e]! * dim;
    const c = alpha * strengths[e]!;
    const root = Math.sqrt(c);
    const target = 1 + c;
    for (let p = 0; p < dim; p++) {
      const yp = y[off + p]!;
      b[p]! += target * yp;
      zt[p * n + e] = root * yp;
    }
  }
  return n;
}

/** Leaves in solver.b the exact optimal factor for a row observing `items` with `strengths`. */
function solveRow(
  solver: RowSolver,
  y: Float64Array,
  options: IalsOptions,
  items: ArrayLike<number>,
  strengths: ArrayLike<number>,
): void {
  const { dim, alpha, reg } = options;
  const n = gatherRow(solver, y, dim, alpha, items, strengths);
  const { a, b, gram, zt } = solver;
  // A = YᵀY + Zᵀ Z + λI, lower triangle, each entry one contiguous dot product over the observed items.
  for (let p = 0; p < dim; p++) {
    const row = p * dim;
    const zp = p * n;
    for (let q = 0; q <= p; q++) {
      const zq = q * n;
      let s0 = 0;
      let s1 = 0;
      let e = 0;
      for (; e + 1 < n; e += 2) {
        s0 += zt[zp + e]! * zt[zq + e]!;
        s1 += zt[zp + e + 1]! * zt[zq + e + 1]!;
      }
      if (e < n) s0 += zt[zp + e]! * zt[zq + e]!;
      a[row + q] = gram[row + q]! + s0 + s1;
    }
    a[row + p]! += reg;
  }
  // λ > 0 keeps the system positive definite; a false return would mean NaN factors upstream.
  if (!choleskySolveInPlace(a, b, dim)) b.fill(0);
}

/** A·v for the row's system, using only the Gram matrix's lower triangle and the gathered factors. */
function applySystem(solver: RowSolver, n: number, dim: number, reg: number, v: Float64Array, out: Float64Array): void {
  const { gram, zt } = solver;
  for (let p = 0; p < dim; p++) {
    const row = p * dim;
    let s = reg * v[p]!;
    for (let q = 0; q <= p; q++) s += gram[row + q]! * v[q]!;
    for (let q = p + 1; q < dim; q++) s += gram[q * dim + p]! * v[q]!;
    out[p] = s;
  }
  for (let e = 0; e < n; e++) {
    let t = 0;
    for (let p = 0; p < dim; p++) t += zt[p * n + e]! * v[p]!;
    for (let p = 0; p < dim; p++) out[p]! += t * zt[p * n + e]!;
  }
}

/** A few conjugate-gradient steps from the row's current factor `x` (Takács, Pilászy & Tikk 2011). */
function conjugateGradientRow(
  solver: RowSolver,
  y: Float64Array,
  options: IalsOptions,
  items: ArrayLike<number>,
  strengths: ArrayLike<number>,
  x: Float64Array,
): void {
  const { dim, alpha, reg, cgSteps } = options;
  const n = gatherRow(solver, y, dim, alpha, items, strengths);
  const { b, r, p, ap } = solver;
  applySystem(solver, n, dim, reg, x, ap);
  let rr = 0;
  for (let d = 0; d < dim; d++) {
    r[d] = b[d]! - ap[d]!;
    p[d] = r[d]!;
    rr += r[d]! * r[d]!;
  }
  for (let step = 0; step < cgSteps && rr > 1e-20; step++) {
    applySystem(solver, n, dim, reg, p, ap);
    let pap = 0;
    for (let d = 0; d < dim; d++) pap += p[d]! * ap[d]!;
    const step_ = rr / pap;
    let next = 0;
    for (let d = 0; d < dim; d++) {
      x[d]! += step_ * p[d]!;
      r[d]! -= step_ * ap[d]!;
      next += r[d]! * r[d]!;
    }
    const beta = next / rr;
    for (let d = 0; d < dim; d++) p[d] = r[d]! + beta * p[d]!;
    rr = next;
  }
}

export interface IalsRecommenderOptions {
  /** Strength of history items by recency at fold-in (1 = binary, as trained by default). */
  readonly recencyDecay?: number;
  readonly name?: string;
}

/**
 * Scores by folding the history in against the item factors: the exact user solve ALS itself would make,
 * so a user's new actions count without retraining, and training users get the factor the model implies.
 */
export function ialsRecommender(model: IalsModel, options: IalsRecommenderOptions = {}): UserRecommender {
  const { dim } = model.options;
  const decay = options.recencyDecay ?? 1;
  const solver = createRowSolver(dim);
  gramInto(solver.gram, model.itemFactors, model.items, dim);
  const q = model.itemFactors;
  return {
    name: options.name ?? 'iALS',
    itemCount: model.items,
    scoreAll(history: UserHistory, out: Float64Array): void {
      solveRow(solver, q, model.options, history.items, recencyWeights(history.items.length, decay));
      const p = solver.b;
      for (let i = 0, off = 0; i < model.items; i++, off += dim) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += p[d]! * q[off + d]!;
        out[i] = s;
      }
    },
  };
}
