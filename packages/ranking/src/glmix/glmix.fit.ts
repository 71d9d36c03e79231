// Fits GLMix by block coordinate descent: a damped Newton step on the global block (all features, L2, the
// intercept unpenalised), then for every entity of every random effect a Newton step on its few coefficients
// with the other blocks' margins held fixed (L2 toward 0), until the penalised log-loss stops falling.
// Deterministic (no sampling inside); a warm start from earlier coefficients needs fewer sweeps.
import { RankingError, RankingErrorCode, requireInput } from '../ranking.errors.ts';
import { choleskySolve } from './cholesky.ts';
import { sigmoid, softplus, type GlmixModel, type RandomEffect } from './glmix.model.ts';

export interface GlmixExamples {
  /** rows × featureCount, row-major (standardised features work best: one L2 fits all columns). */
  readonly x: Float32Array;
  readonly featureCount: number;
  /** 1 = positive, 0 = negative (values in between are soft labels). */
  readonly labels: ArrayLike<number>;
}

export interface RandomEffectSpec {
  readonly name: string;
  /** Entity of each example (-1 = none: the effect does not apply to that row). */
  readonly ids: Int32Array;
  /** Feature columns per entity; -1 = the intercept. */
  readonly features: readonly number[];
  /** L2 toward 0 of each entity's coefficients. */
  readonly l2: number;
  /** Entities 0..entityCount-1 (default max id + 1), so serving can index ids never seen in training. */
  readonly entityCount?: number;
}

export interface GlmixOptions {
  /** L2 of the global weights (not the intercept). Default 1. */
  readonly l2?: number;
  /** Importance weight of each example. Default 1. */
  readonly weights?: ArrayLike<number>;
  /** A fixed log-odds offset per example. Default 0. */
  readonly offsets?: ArrayLike<number>;
  readonly effects?: readonly RandomEffectSpec[];
  /** Sweeps over all blocks at most. Default 50. */
  readonly maxIterations?: number;
  /** Stop when a sweep lowers the objective by less than this fraction. Default 1e-6. */
  readonly tolerance?: number;
  /** Coefficients to start from (same features; effects matched by name and feature list). */
  readonly warmStart?: GlmixModel;
  /**
   * Keep the global block as the warm start has it and refit only the random effects (a daily per-entity refit
   * between weekly global refits). Needs a warm start.
   */
  readonly fixGlobal?: boolean;
}

export interface GlmixFit {
  readonly model: GlmixModel;
  /** Sweeps run. */
  readonly iterations: number;
  readonly converged: boolean;
  /** Penalised objective after each sweep, the start first. */
  readonly trace: readonly number[];
}

interface EffectState {
  readonly spec: RandomEffectSpec;
  readonly features: Int32Array;
  readonly entityCount: number;
  readonly coefficients: Float64Array;
  /** Rows of entity j: rows[start[j] .. start[j + 1]). */
  readonly start: Int32Array;
  readonly rows: Int32Array;
}

export function fitGlmix(examples: GlmixExamples, options: GlmixOptions = {}): GlmixFit {
  const { x, featureCount: d, labels } = examples;
  const n = labels.length;
  requireInput(d > 0 && x.length === n * d, 'examples.x', `must hold ${n} rows × ${d} features`);
  const l2 = options.l2 ?? 1;
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 50;
  const weights = options.weights;
  requireInput(!weights || weights.length === n, 'options.weights', `needs ${n} entries`);
  requireInput(!options.offsets || options.offsets.length === n, 'options.offsets', `needs ${n} entries`);
  const warm = options.warmStart;
  if (warm && warm.featureCount !== d) {
    throw new RankingError(
      RankingErrorCode.InvalidConfig,
      `warm start has ${warm.featureCount} features, examples ${d}`,
      'warmStart',
    );
  }

  const fixGlobal = options.fixGlobal === true;
  requireInput(!fixGlobal || warm !== undefined, 'options.fixGlobal', 'needs a warm start to keep');
  const beta = new Float64Array(d + 1);
  if (warm) beta.set(warm.global);
  const effects = (options.effects ?? []).map((spec) => effectState(spec, n, d, warm));

  // Margins from every block, kept current as blocks change.
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = (options.offsets?.[i] ?? 0) + (beta[d] ?? 0);
    for (let k = 0; k < d; k++) m += (beta[k] ?? 0) * (x[i * d + k] ?? 0);
    eta[i] = m;
  }
  for (const e of effects) addEffectMargins(e, x, d, eta, 1);

  const w = (i: number): number => (weights ? (weights[i] ?? 0) : 1);
  const objective = (): number => {
    let loss = 0;
    for (let i = 0; i < n; i++) loss += w(i) * (softplus(eta[i] ?? 0) - (labels[i] ?? 0) * (eta[i] ?? 0));
    let penalty = 0;
    for (let k = 0; k < d; k++) penalty += (beta[k] ?? 0) ** 2;
    loss += (l2 / 2) * penalty;
    for (const e of effects) {
      let s = 0;
      for (const c of e.coefficients) s += c * c;
      loss += (e.spec.l2 / 2) * s;
    }
    return loss;
  };

  const trace = [objective()];
  let converged = false;
  let iterations = 0;
  const scratch = newtonScratch(d + 1);
  while (iterations < maxIterations) {
    iterations++;
    if (!fixGlobal) globalStep(x, d, labels, w, l2, beta, eta, scratch, objective);
    for (const e of effects) {
      for (let j = 0; j < e.entityCount; j++) entityStep(e, j, x, d, labels, w, eta);
      if (!fixGlobal) rebalance(e, beta, d, l2);
    }
    const now = objective();
    const before = trace[trace.length - 1] ?? now;
    trace.push(now);
    if (before - now <= tolerance * Math.max(1, Math.abs(before))) {
      converged = true;
      break;
    }
  }
  const model: GlmixModel = {
    featureCount: d,
    global: beta,
    effects: effects.map((e): RandomEffect => ({
      name: e.spec.name,
      features: e.features,
      entityCount: e.entityCount,
      coefficients: e.coefficients,
    })),
  };
  return { model, iterations, converged, trace };
}

function effectState(spec: RandomEffectSpec, n: number, d: number, warm: GlmixModel | undefined): EffectState {
  requireInput(spec.ids.length === n, `effects.${spec.name}.ids`, `needs ${n} entries`);
  for (const f of spec.features) {
    requireInput(
      Number.isInteger(f) && f >= -1 && f < d,
      `effects.${spec.name}.features`,
      `holds ${f}, outside [-1, ${d})`,
    );
  }
  let maxId = -1;
  for (const id of spec.ids) if (id > maxId) maxId = id;
  const entityCount = Math.max(spec.entityCount ?? 0, maxId + 1);
  const features = Int32Array.from(spec.features);
  const p = features.length;
  const coefficients = new Float64Array(entityCount * p);
  const previous = warm?.effects.find((e) => e.name === spec.name && sameColumns(e.features, features));
  if (previous)
    coefficients.set(previous.coefficients.subarray(0, Math.min(previous.coefficients.length, coefficients.length)));
  const start = new Int32Array(entityCount + 1);
  for (const id of spec.ids) if (id >= 0) start[id + 1] = (start[id + 1] ?? 0) + 1;
  for (let j = 0; j < entityCount; j++) start[j + 1] = (start[j + 1] ?? 0) + (start[j] ?? 0);
  const rows = new Int32Array(start[entityCount] ?? 0);
  const fill = start.slice(0, entityCount);
  spec.ids.forEach((id, i) => {
    if (id < 0) return;
    const at = fill[id] ?? 0;
    rows[at] = i;
    fill[id] = at + 1;
  });
  // An entity without rows has optimum 0 under its L2.
  for (let j = 0; j < entityCount; j++) if (start[j] === start[j + 1]) coefficients.fill(0, j * p, (j + 1) * p);
  return { spec, features, entityCount, coefficients, start, rows };
}

function sameColumns(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function addEffectMargins(e: EffectState, x: Float32Array, d: number, eta: Float64Array, sign: number): void {
  const p = e.features.length;
  for (let j = 0; j < e.entityCount; j++) {
    for (let r = e.start[j] ?? 0; r < (e.start[j + 1] ?? 0); r++) {
      const i = e.rows[r] ?? 0;
      let m = 0;
      for (let k = 0; k < p; k++) {
        const c = e.features[k] ?? -1;
        m += (e.coefficients[j * p + k] ?? 0) * (c < 0 ? 1 : (x[i * d + c] ?? 0));
      }
      eta[i] = (eta[i] ?? 0) + sign * m;
    }
  }
}

/**
 * A random effect and the global coefficient of the same column are nearly collinear (an item bias and the
 * intercept, a per-user slope and the global slope), which block coordinate descent crosses in tiny zig-zags.
 * When every row has an entity, moving c from the entities to the global coefficient leaves every margin
 * unchanged, so the best c only balances the penalties: solved exactly here, once per sweep.
 */
function rebalance(e: EffectState, beta: Float64Array, d: number, l2: number): void {
  if (e.rows.length !== e.spec.ids.length) return; // some rows have no entity: their margins would move
  const p = e.features.length;
  let withRows = 0;
  for (let j = 0; j < e.entityCount; j++) if ((e.start[j + 1] ?? 0) > (e.start[j] ?? 0)) withRows++;
  if (withRows === 0) return;
  for (let k = 0; k < p; k++) {
    const column = e.features[k] ?? -1;
    const target = column < 0 ? d : column;
    const lambdaGlobal = column < 0 ? 0 : l2;
    let sum = 0;
    for (let j = 0; j < e.entityCount; j++)
      if ((e.start[j + 1] ?? 0) > (e.start[j] ?? 0)) sum += e.coefficients[j * p + k] ?? 0;
    const c = (e.spec.l2 * sum - lambdaGlobal * (beta[target] ?? 0)) / (lambdaGlobal + withRows * e.spec.l2);
    beta[target] = (beta[target] ?? 0) + c;
    for (let j = 0; j < e.entityCount; j++) {
      if ((e.start[j + 1] ?? 0) > (e.start[j] ?? 0)) e.coefficients[j * p + k] = (e.coefficients[j * p + k] ?? 0) - c;
    }
  }
}

interface NewtonScratch {
  readonly hessian: Float64Array;
  readonly gradient: Float64Array;
  readonly step: Float64Array;
}

function newtonScratch(size: number): NewtonScratch {
  return {
    hessian: new Float64Array(size * size),
    gradient: new Float64Array(size),
    step: new Float64Array(size),
  };
}

/** One Newton step on (β, β₀) with backtracking on the full objective. */
function globalStep(
  x: Float32Array,
  d: number,
  labels: ArrayLike<number>,
  w: (i: number) => number,
  l2: number,
  beta: Float64Array,
  eta: Float64Array,
  s: NewtonScratch,
  objective: () => number,
): void {
  const m = d + 1;
  const n = eta.length;
  const { hessian: h, gradient: g, step } = s;
  h.fill(0);
  g.fill(0);
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const wi = w(i);
    if (wi === 0) continue;
    const p = sigmoid(eta[i] ?? 0);
    const r = wi * (p - (labels[i] ?? 0));
    const c = wi * p * (1 - p);
    for (let k = 0; k < d; k++) row[k] = x[i * d + k] ?? 0;
    row[d] = 1;
    for (let a = 0; a < m; a++) {
      const va = row[a] ?? 0;
      g[a] = (g[a] ?? 0) + r * va;
      const cva = c * va;
      if (cva === 0) continue;
      const base = a * m;
      for (let b = 0; b <= a; b++) h[base + b] = (h[base + b] ?? 0) + cva * (row[b] ?? 0);
    }
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) h[b * m + a] = h[a * m + b] ?? 0;
  for (let k = 0; k < d; k++) {
    g[k] = (g[k] ?? 0) + l2 * (beta[k] ?? 0);
    h[k * m + k] = (h[k * m + k] ?? 0) + l2;
  }
  h[d * m + d] = (h[d * m + d] ?? 0) + 1e-9;
  if (!choleskySolve(h, g, m, step)) return;
  // Direction of each margin: x·Δβ + Δβ₀.
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = step[d] ?? 0;
    for (let k = 0; k < d; k++) v += (step[k] ?? 0) * (x[i * d + k] ?? 0);
    delta[i] = v;
  }
  const before = objective();
  let t = 1;
  for (let attempt = 0; attempt < 30; attempt++) {
    for (let k = 0; k <= d; k++) beta[k] = (beta[k] ?? 0) - t * (step[k] ?? 0);
    for (let i = 0; i < n; i++) eta[i] = (eta[i] ?? 0) - t * (delta[i] ?? 0);
    if (objective() <= before) return;
    // Undo and halve.
    for (let k = 0; k <= d; k++) beta[k] = (beta[k] ?? 0) + t * (step[k] ?? 0);
    for (let i = 0; i < n; i++) eta[i] = (eta[i] ?? 0) + t * (delta[i] ?? 0);
    t /= 2;
  }
}

/** One Newton step on entity j's coefficients, halved until its own penalised loss does not rise. */
function entityStep(
  e: EffectState,
  j: number,
  x: Float32Array,
  d: number,
  labels: ArrayLike<number>,
  w: (i: number) => number,
  eta: Float64Array,
): void {
  const from = e.start[j] ?? 0;
  const to = e.start[j + 1] ?? 0;
  if (from === to) return;
  const p = e.features.length;
  const lambda = e.spec.l2;
  const h = new Float64Array(p * p);
  const g = new Float64Array(p);
  const step = new Float64Array(p);
  const z = (i: number, k: number): number => {
    const c = e.features[k] ?? -1;
    return c < 0 ? 1 : (x[i * d + c] ?? 0);
  };
  const coef = e.coefficients;
  for (let r = from; r < to; r++) {
    const i = e.rows[r] ?? 0;
    const wi = w(i);
    const prob = sigmoid(eta[i] ?? 0);
    const res = wi * (prob - (labels[i] ?? 0));
    const c = wi * prob * (1 - prob);
    for (let a = 0; a < p; a++) {
      const za = z(i, a);
      g[a] = (g[a] ?? 0) + res * za;
      for (let b = 0; b <= a; b++) h[a * p + b] = (h[a * p + b] ?? 0) + c * za * z(i, b);
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) h[b * p + a] = h[a * p + b] ?? 0;
    g[a] = (g[a] ?? 0) + lambda * (coef[j * p + a] ?? 0);
    h[a * p + a] = (h[a * p + a] ?? 0) + lambda + 1e-12;
  }
  if (!choleskySolve(h, g, p, step)) return;
  const local = (): number => {
    let loss = 0;
    for (let r = from; r < to; r++) {
      const i = e.rows[r] ?? 0;
      loss += w(i) * (softplus(eta[i] ?? 0) - (labels[i] ?? 0) * (eta[i] ?? 0));
    }
    let s = 0;
    for (let a = 0; a < p; a++) s += (coef[j * p + a] ?? 0) ** 2;
    return loss + (lambda / 2) * s;
  };
  const move = (t: number): void => {
    for (let a = 0; a < p; a++) coef[j * p + a] = (coef[j * p + a] ?? 0) - t * (step[a] ?? 0);
    for (let r = from; r < to; r++) {
      const i = e.rows[r] ?? 0;
      let v = 0;
      for (let a = 0; a < p; a++) v += (step[a] ?? 0) * z(i, a);
      eta[i] = (eta[i] ?? 0) - t * v;
    }
  };
  const before = local();
  let t = 1;
  for (let attempt = 0; attempt < 20; attempt++) {
    move(t);
    if (local() <= before) return;
    move(-t);
    t /= 2;
  }
}
