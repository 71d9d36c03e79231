// A 2-D layout of item vectors for people to read: exact t-SNE (van der Maaten & Hinton, 2008) over cosine
// affinities, where the linear map (projection.ts) shows a blob because no two directions hold much variance.
// Deterministic: the start is the PCA projection scaled small plus seeded jitter, and every step is fixed order.
// The repulsion is computed over every pair (no Barnes-Hut), O(n²) time per step and O(n · perplexity) memory:
// 2,000 points take a few seconds on one core (bench/layout.bench.ts).

import { createRng } from '@shopspace/item2vec';
import { projectTo2d } from './projection.ts';

export interface LayoutOptions {
  /** Effective number of neighbours each point's affinities cover (default 30; capped at (n - 1) / 3). */
  readonly perplexity?: number;
  /** Gradient steps in all (default 500). */
  readonly iterations?: number;
  /** Steps with the affinities multiplied by `exaggeration` and momentum 0.5 (default 250). */
  readonly exaggerationIterations?: number;
  /** Early exaggeration factor (default 12). */
  readonly exaggeration?: number;
  /** Step size (default max(200, n / 12), Belkina et al. 2019). */
  readonly learningRate?: number;
  /** Seed of the jitter added to the PCA start (default 1). */
  readonly seed?: number;
}

export interface Layout {
  /** x, y per row, interleaved, centred, the wider spread along x. */
  readonly points: Float64Array;
  /** Perplexity actually used (the asked one, capped for small inputs). */
  readonly perplexity: number;
  /** KL(P ‖ Q) of the final layout: lower is a more faithful map. */
  readonly klDivergence: number;
}

/** Exact t-SNE's time grows with n²: 5,000 points take about six times as long as 2,000. */
export const MAX_LAYOUT_POINTS = 5_000;

/**
 * Lays out rows `rows` of an n × dim row-major matrix in 2-D by t-SNE. Rows are normalised first, so only
 * directions matter (cosine); a zero or non-finite row is refused.
 */
export function tsneLayout(
  vectors: Float32Array,
  dim: number,
  rows: readonly number[],
  options: LayoutOptions = {},
): Layout {
  const run = new TsneRun(vectors, dim, rows, options);
  while (run.step());
  return run.result();
}

/**
 * The same computation one gradient step at a time, for callers that must not block for the whole run (a job
 * that has to renew its lock and report progress between steps).
 */
export class TsneRun {
  readonly iterations: number;
  readonly perplexity: number;
  private iteration = 0;
  private readonly n: number;
  private readonly exaggerationIterations: number;
  private readonly exaggeration: number;
  private readonly learningRate: number;
  private readonly p: Affinities;
  private readonly y: Float64Array;
  private readonly gradient: Float64Array;
  private readonly update: Float64Array;
  private readonly gains: Float64Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly force: Float64Array;

  constructor(vectors: Float32Array, dim: number, rows: readonly number[], options: LayoutOptions = {}) {
    const n = rows.length;
    const perplexity = options.perplexity ?? 30;
    const iterations = options.iterations ?? 500;
    const exaggerationIterations = options.exaggerationIterations ?? 250;
    const exaggeration = options.exaggeration ?? 12;
    const learningRate = options.learningRate ?? Math.max(200, n / 12);
    const seed = options.seed ?? 1;
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`dim must be a positive integer, got ${dim}`);
    if (vectors.length % dim !== 0)
      throw new Error(`vectors must hold whole rows of dim ${dim}, got ${vectors.length} floats`);
    if (n > MAX_LAYOUT_POINTS) throw new Error(`rows must number at most ${MAX_LAYOUT_POINTS}, got ${n}`);
    if (!(perplexity > 0) || !Number.isFinite(perplexity))
      throw new Error(`perplexity must be a positive number, got ${perplexity}`);
    if (!Number.isInteger(iterations) || iterations < 0)
      throw new Error(`iterations must be a non-negative integer, got ${iterations}`);
    if (!Number.isInteger(exaggerationIterations) || exaggerationIterations < 0)
      throw new Error(`exaggerationIterations must be a non-negative integer, got ${exaggerationIterations}`);
    if (!(exaggeration >= 1) || !Number.isFinite(exaggeration))
      throw new Error(`exaggeration must be at least 1, got ${exaggeration}`);
    if (!(learningRate > 0) || !Number.isFinite(learningRate))
      throw new Error(`learningRate must be a positive number, got ${learningRate}`);
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    const count = vectors.length / dim;
    rows.forEach((r, i) => {
      if (!Number.isInteger(r) || r < 0 || r >= count)
        throw new Error(`rows[${i}] = ${r} is not a row of the ${count} vectors`);
    });
    this.n = n;
    this.perplexity = Math.max(1, Math.min(perplexity, (n - 1) / 3));
    // One point (or none) has nothing to lay out.
    this.iterations = n < 2 ? 0 : iterations;
    this.exaggerationIterations = exaggerationIterations;
    this.exaggeration = exaggeration;
    this.learningRate = learningRate;
    const unit = unitRows(vectors, dim, rows);
    this.p = n < 2 ? joint(n, 0, new Int32Array(0), new Float64Array(0)) : affinities(unit, n, dim, this.perplexity);
    this.y = n < 2 ? new Float64Array(2 * n) : startingPoints(Float32Array.from(unit), dim, seed);
    this.gradient = new Float64Array(2 * n);
    this.update = new Float64Array(2 * n);
    this.gains = new Float64Array(2 * n).fill(1);
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.force = new Float64Array(2 * n);
  }

  /** Steps done so far. */
  get done(): number {
    return this.iteration;
  }

  /** Takes one gradient step; false (and nothing done) once all steps are taken. */
  step(): boolean {
    if (this.iteration >= this.iterations) return false;
    const { n, y, gradient, update, gains, learningRate } = this;
    const early = this.iteration < this.exaggerationIterations;
    computeGradient(this.p, y, n, early ? this.exaggeration : 1, this.xs, this.ys, this.force, gradient);
    const momentum = early ? 0.5 : 0.8;
    for (let k = 0; k < 2 * n; k++) {
      const g = gradient[k] as number;
      const u = update[k] as number;
      // Delta-bar-delta gains (Jacobs 1988), as in the reference implementation: grow while the gradient
      // keeps pointing against the last step, shrink when it flips.
      let gain = gains[k] as number;
      gain = g > 0 !== u > 0 ? gain + 0.2 : gain * 0.8;
      if (gain < 0.01) gain = 0.01;
      gains[k] = gain;
      const next = momentum * u - learningRate * gain * g;
      update[k] = next;
      y[k] = (y[k] as number) + next;
    }
    centre(y, n);
    this.iteration++;
    return true;
  }

  /** The layout after the steps taken so far. */
  result(): Layout {
    const { n, y } = this;
    return { points: principalAxes(y, n), perplexity: this.perplexity, klDivergence: divergence(this.p, y, n) };
  }
}

function unitRows(vectors: Float32Array, dim: number, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * dim);
  rows.forEach((r, i) => {
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const v = vectors[r * dim + d] as number;
      if (!Number.isFinite(v)) throw new Error(`rows[${i}]: vector ${r} has a non-finite value`);
      norm += v * v;
    }
    if (norm === 0) throw new Error(`rows[${i}]: vector ${r} is zero, so it has no direction`);
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) out[i * dim + d] = (vectors[r * dim + d] as number) * inv;
  });
  return out;
}

/** Joint affinities, one edge per pair i < j with P_ij > 0: row i's edges are targets[offsets[i]..offsets[i+1]). */
interface Affinities {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly values: Float64Array;
}

/**
 * Each row is a Gaussian over squared distances between unit vectors, 2 − 2·cos (so the ranking and the fitted
 * kernel are exactly cosine distance's), restricted to the row's 3 × perplexity nearest neighbours as in
 * van der Maaten (2014) and openTSNE: beyond them the weights are negligible, and reading a dense n × n matrix
 * every step would double the cost of the step. The precision is found by bisection so that the row's
 * perplexity is `perplexity`. P_ij = (p(j|i) + p(i|j)) / 2n.
 */
function affinities(unit: Float64Array, n: number, dim: number, perplexity: number): Affinities {
  const k = Math.min(n - 1, Math.ceil(3 * perplexity));
  const targets = new Int32Array(n * k);
  const values = new Float64Array(n * k);
  const target = Math.log(perplexity);
  const distances = new Float64Array(n);
  const heap = new Int32Array(k);
  const near = new Float64Array(k);
  const weights = new Float64Array(k);
  // Squared distances of every pair, each computed once (4 bytes a pair: 16 MB for 2,000 points).
  const all = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = i * dim;
    for (let j = i + 1; j < n; j++) {
      // Four partial sums: independent additions pipeline, and the order is fixed, so the result is too.
      const b = j * dim;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let d = 0;
      for (; d + 3 < dim; d += 4) {
        d0 += (unit[a + d] as number) * (unit[b + d] as number);
        d1 += (unit[a + d + 1] as number) * (unit[b + d + 1] as number);
        d2 += (unit[a + d + 2] as number) * (unit[b + d + 2] as number);
        d3 += (unit[a + d + 3] as number) * (unit[b + d + 3] as number);
      }
      for (; d < dim; d++) d0 += (unit[a + d] as number) * (unit[b + d] as number);
      const dist = Math.max(0, 2 - 2 * (d0 + d1 + (d2 + d3)));
      all[i * n + j] = dist;
      all[j * n + i] = dist;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) distances[j] = all[i * n + j] as number;
    const size = nearest(distances, i, heap);
    // Ascending (distance, index): the order is fixed, so sums are too.
    const order = Array.from(heap.subarray(0, size)).sort(
      (x, z) => (distances[x] as number) - (distances[z] as number) || x - z,
    );
    order.forEach((j, m) => {
      targets[i * k + m] = j;
      near[m] = distances[j] as number;
    });
    const closest = near[0] as number;
    // exp(−β (d − closest)): the shift cancels in the normalisation and keeps the nearest weight at 1.
    let beta = 1;
    let lo = 0;
    let hi = Infinity;
    let sum = 0;
    for (let step = 0; step < 100; step++) {
      sum = 0;
      let weighted = 0;
      for (let m = 0; m < k; m++) {
        const shifted = (near[m] as number) - closest;
        const w = Math.exp(-beta * shifted);
        weights[m] = w;
        sum += w;
        weighted += w * shifted;
      }
      const diff = Math.log(sum) + (beta * weighted) / sum - target;
      if (Math.abs(diff) < 1e-5) break;
      if (diff > 0) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
    const scale = 1 / (sum * 2 * n);
    for (let m = 0; m < k; m++) values[i * k + m] = (weights[m] as number) * scale;
  }
  return joint(n, k, targets, values);
}

/** Merges the directed edges i → j (k per row) into one edge per pair, i < j, holding p(j|i)/2n + p(i|j)/2n. */
function joint(n: number, k: number, targets: Int32Array, values: Float64Array): Affinities {
  const pairs = new Map<number, number>();
  for (let i = 0; i < n; i++)
    for (let m = 0; m < k; m++) {
      const j = targets[i * k + m] as number;
      const key = i < j ? i * n + j : j * n + i;
      pairs.set(key, (pairs.get(key) ?? 0) + (values[i * k + m] as number));
    }
  const keys = Float64Array.from(pairs.keys()).sort();
  const offsets = new Int32Array(n + 1);
  const out = { offsets, targets: new Int32Array(keys.length), values: new Float64Array(keys.length) };
  keys.forEach((key, e) => {
    const i = Math.floor(key / n);
    offsets[i + 1] = (offsets[i + 1] as number) + 1;
    out.targets[e] = key % n;
    out.values[e] = pairs.get(key) as number;
  });
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  return out;
}

/** The heap.length nearest rows to `self` by `distances` (ties: lower index), into `heap`; returns the count. */
function nearest(distances: Float64Array, self: number, heap: Int32Array): number {
  const k = heap.length;
  // A max-heap on (distance, index): the root is the farthest kept so far.
  const farther = (a: number, b: number): boolean => {
    const da = distances[a] as number;
    const db = distances[b] as number;
    return da > db || (da === db && a > b);
  };
  let size = 0;
  for (let j = 0; j < distances.length; j++) {
    if (j === self) continue;
    if (size < k) {
      let c = size++;
      heap[c] = j;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!farther(heap[c] as number, heap[parent] as number)) break;
        const t = heap[c] as number;
        heap[c] = heap[parent] as number;
        heap[parent] = t;
        c = parent;
      }
    } else if (farther(heap[0] as number, j)) {
      heap[0] = j;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let top = c;
        if (l < size && farther(heap[l] as number, heap[top] as number)) top = l;
        if (r < size && farther(heap[r] as number, heap[top] as number)) top = r;
        if (top === c) break;
        const t = heap[c] as number;
        heap[c] = heap[top] as number;
        heap[top] = t;
        c = top;
      }
    }
  }
  return size;
}

/**
 * The PCA projection of the unit rows scaled to a standard deviation of 1e-4 (Kobak & Berens 2019), plus seeded
 * jitter; the start only has to be deterministic and keep the global arrangement, so 30 power steps do.
 */
function startingPoints(unit: Float32Array, dim: number, seed: number): Float64Array {
  const n = unit.length / dim;
  const pca = projectTo2d(
    unit,
    dim,
    Array.from({ length: n }, (_, i) => i),
    30,
  ).points;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (pca[i * 2] as number) ** 2;
  const sd = Math.sqrt(sq / n);
  const scale = sd > 0 ? 1e-4 / sd : 0;
  const rng = createRng(seed);
  const y = new Float64Array(2 * n);
  // The jitter separates identical rows and gives a start when the PCA is degenerate.
  for (let k = 0; k < 2 * n; k++) y[k] = (pca[k] as number) * scale + (rng.nextFloat() - 0.5) * 1e-6;
  centre(y, n);
  return y;
}

/**
 * ∂KL/∂y_i = 4 Σ_j (e·P_ij − q_ij) w_ij (y_i − y_j) with w_ij = (1 + |y_i − y_j|²)⁻¹ and q_ij = w_ij / Z, written
 * to `out` without the 4 (folded into the learning rate, as in the reference implementation). The attraction
 * runs over the affinity edges; the repulsion Σ_j w_ij² (y_i − y_j) / Z is exact, over every pair, each pair
 * once and two rows at a time so each j is loaded and written once per two rows. `xs`, `ys` and `force` are
 * scratch arrays of length n, n and 2n.
 */
function computeGradient(
  p: Affinities,
  y: Float64Array,
  n: number,
  exaggeration: number,
  xs: Float64Array,
  ys: Float64Array,
  force: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    xs[i] = y[2 * i] as number;
    ys[i] = y[2 * i + 1] as number;
  }
  force.fill(0);
  let z = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x0 = xs[i] as number;
    const y0 = ys[i] as number;
    const x1 = xs[i + 1] as number;
    const y1 = ys[i + 1] as number;
    const ex = x0 - x1;
    const ey = y0 - y1;
    const w = 1 / (1 + ex * ex + ey * ey);
    z += w;
    let rx0 = w * w * ex;
    let ry0 = w * w * ey;
    let rx1 = -rx0;
    let ry1 = -ry0;
    for (let j = i + 2; j < n; j++) {
      const xj = xs[j] as number;
      const yj = ys[j] as number;
      const dx0 = x0 - xj;
      const dy0 = y0 - yj;
      const dx1 = x1 - xj;
      const dy1 = y1 - yj;
      const w0 = 1 / (1 + dx0 * dx0 + dy0 * dy0);
      const w1 = 1 / (1 + dx1 * dx1 + dy1 * dy1);
      z += w0 + w1;
      const s0 = w0 * w0;
      const s1 = w1 * w1;
      const fx0 = s0 * dx0;
      const fy0 = s0 * dy0;
      const fx1 = s1 * dx1;
      const fy1 = s1 * dy1;
      rx0 += fx0;
      ry0 += fy0;
      rx1 += fx1;
      ry1 += fy1;
      force[2 * j] = (force[2 * j] as number) - (fx0 + fx1);
      force[2 * j + 1] = (force[2 * j + 1] as number) - (fy0 + fy1);
    }
    force[2 * i] = (force[2 * i] as number) + rx0;
    force[2 * i + 1] = (force[2 * i + 1] as number) + ry0;
    force[2 * i + 2] = (force[2 * i + 2] as number) + rx1;
    force[2 * i + 3] = (force[2 * i + 3] as number) + ry1;
  }
  // With n odd, the last row met every other row as a j above.
  const invZ = 1 / (2 * z);
  for (let k = 0; k < 2 * n; k++) out[k] = -(force[k] as number) * invZ;
  for (let a = 0; a < n; a++) {
    const xa = xs[a] as number;
    const ya = ys[a] as number;
    for (let e = p.offsets[a] as number, end = p.offsets[a + 1] as number; e < end; e++) {
      const b = p.targets[e] as number;
      const dx = xa - (xs[b] as number);
      const dy = ya - (ys[b] as number);
      const pull = (exaggeration * (p.values[e] as number)) / (1 + dx * dx + dy * dy);
      out[2 * a] = (out[2 * a] as number) + pull * dx;
      out[2 * a + 1] = (out[2 * a + 1] as number) + pull * dy;
      out[2 * b] = (out[2 * b] as number) - pull * dx;
      out[2 * b + 1] = (out[2 * b + 1] as number) - pull * dy;
    }
  }
}

function centre(y: Float64Array, n: number): void {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += y[2 * i] as number;
    my += y[2 * i + 1] as number;
  }
  mx /= n;
  my /= n;
  for (let i = 0; i < n; i++) {
    y[2 * i] = (y[2 * i] as number) - mx;
    y[2 * i + 1] = (y[2 * i + 1] as number) - my;
  }
}

/** KL(P ‖ Q) = Σ_{i≠j} P_ij log(P_ij / q_ij), over the pairs with an affinity. */
function divergence(p: Affinities, y: Float64Array, n: number): number {
  const w = (i: number, j: number): number => {
    const dx = (y[2 * i] as number) - (y[2 * j] as number);
    const dy = (y[2 * i + 1] as number) - (y[2 * j + 1] as number);
    return 1 / (1 + dx * dx + dy * dy);
  };
  let z = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) z += 2 * w(i, j);
  let kl = 0;
  for (let i = 0; i < n; i++)
    for (let e = p.offsets[i] as number; e < (p.offsets[i + 1] as number); e++) {
      const pij = p.values[e] as number;
      kl += 2 * pij * Math.log((pij * z) / w(i, p.targets[e] as number));
    }
  return kl;
}

/**
 * Rotates the (centred) layout onto its principal axes, the wider one along x, each axis's sign fixed by its
 * third moment: t-SNE's answer is only defined up to rotation, and a fixed orientation keeps maps of similar
 * models alike.
 */
function principalAxes(y: Float64Array, n: number): Float64Array {
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = y[2 * i] as number;
    const b = y[2 * i + 1] as number;
    sxx += a * a;
    syy += b * b;
    sxy += a * b;
  }
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const out = new Float64Array(2 * n);
  let skewX = 0;
  let skewY = 0;
  for (let i = 0; i < n; i++) {
    const a = y[2 * i] as number;
    const b = y[2 * i + 1] as number;
    const u = c * a + s * b;
    const v = -s * a + c * b;
    out[2 * i] = u;
    out[2 * i + 1] = v;
    skewX += u * u * u;
    skewY += v * v * v;
  }
  const fx = skewX < 0 ? -1 : 1;
  const fy = skewY < 0 ? -1 : 1;
  for (let i = 0; i < n; i++) {
    out[2 * i] = fx * (out[2 * i] as number);
    out[2 * i + 1] = fy * (out[2 * i + 1] as number);
  }
  return out;
}
