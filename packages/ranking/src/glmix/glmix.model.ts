// A fitted GLMix response model (LinkedIn's generalised linear mixed model): a global logistic model over all
// features plus random effects, per-entity coefficient vectors (per item, per user...) over a few features,
// so logit P(y = 1) = offset + x·β + β₀ + Σ_e z_e·b_e[id_e]. Scoring is plain arithmetic, no allocation.

export interface RandomEffect {
  /** What the entities are ('item', 'user', ...); names the effect in codecs and explanations. */
  readonly name: string;
  /** Feature columns the per-entity coefficients multiply; -1 stands for the intercept (a per-entity bias). */
  readonly features: Int32Array;
  readonly entityCount: number;
  /** entityCount × features.length, row-major; entities never seen in training keep 0. */
  readonly coefficients: Float64Array;
}

export interface GlmixModel {
  readonly featureCount: number;
  /** featureCount weights, then the intercept. */
  readonly global: Float64Array;
  readonly effects: readonly RandomEffect[];
}

/** x[row]·β + β₀ (the fixed part of the log-odds). */
export function globalMargin(model: GlmixModel, x: ArrayLike<number>, row: number): number {
  const d = model.featureCount;
  let m = model.global[d] ?? 0;
  const at = row * d;
  for (let k = 0; k < d; k++) m += (model.global[k] ?? 0) * (x[at + k] ?? 0);
  return m;
}

/** One random effect's contribution for `entity` (0 outside [0, entityCount)). */
export function effectMargin(
  effect: RandomEffect,
  x: ArrayLike<number>,
  row: number,
  d: number,
  entity: number,
): number {
  if (entity < 0 || entity >= effect.entityCount) return 0;
  const p = effect.features.length;
  let m = 0;
  for (let k = 0; k < p; k++) {
    const column = effect.features[k] ?? -1;
    m += (effect.coefficients[entity * p + k] ?? 0) * (column < 0 ? 1 : (x[row * d + column] ?? 0));
  }
  return m;
}

/** Log-odds of row `row` of x (row-major, featureCount wide); entities[e] is the row's id for effect e. */
export function glmixLogit(model: GlmixModel, x: ArrayLike<number>, row: number, entities: ArrayLike<number>): number {
  let m = globalMargin(model, x, row);
  model.effects.forEach((effect, e) => (m += effectMargin(effect, x, row, model.featureCount, entities[e] ?? -1)));
  return m;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
