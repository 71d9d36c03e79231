// Cold start: a ridge-regression map from feature space to the group space, fitted on the items of shops with
// trained, aligned vectors, places the items of a shop with too few sessions from its catalog alone. The
// penalty is chosen on a seeded hold-out of the training items (mean cosine), then the map is refit on all.
import { createRng } from '@shopspace/item2vec';
import { requireDim, requireInput, requireMatrix } from '../alignment.errors.ts';
import { choleskySolve } from '../linalg/dense.ts';
import { unitRows } from '../space/vector-space.ts';

/** Items with both views: features (input) and aligned group-space vectors (target), rows matched. */
export interface ColdStartSample {
  readonly features: Float32Array;
  readonly featureDim: number;
  readonly groupVectors: Float32Array;
  readonly dim: number;
}

export interface ColdStartOptions {
  /** Ridge penalties tried. Default [0.01, 0.1, 1, 10]. */
  readonly lambdas?: readonly number[];
  /** Share of items held out to choose the penalty. Default 0.2. */
  readonly holdout?: number;
  readonly seed?: number;
}

export interface ColdStartMap {
  readonly featureDim: number;
  readonly dim: number;
  /** (featureDim + 1) × dim row-major; the last row is the bias. */
  readonly weights: Float64Array;
  readonly lambda: number;
  /** Mean cosine between placed and true vectors on the hold-out, for the chosen lambda. */
  readonly holdoutCosine: number;
}

/** Fits the feature → group-space map on the samples of every trained shop. */
export function fitColdStartMap(samples: readonly ColdStartSample[], options: ColdStartOptions = {}): ColdStartMap {
  requireInput(samples.length > 0, 'samples', 'is empty');
  const lambdas = options.lambdas ?? [0.01, 0.1, 1, 10];
  const holdout = options.holdout ?? 0.2;
  requireInput(lambdas.length > 0 && lambdas.every((l) => l > 0), 'options.lambdas', 'must be positive numbers');
  requireInput(holdout > 0 && holdout < 1, 'options.holdout', 'must be in (0, 1)');
  const { featureDim, dim } = samples[0]!;
  const xs: number[][] = [];
  const ys: number[][] = [];
  samples.forEach((s, i) => {
    requireDim(s.featureDim, featureDim, `samples[${i}].featureDim`);
    requireDim(s.dim, dim, `samples[${i}].dim`);
    const rows = requireMatrix(s.features, featureDim, `samples[${i}].features`);
    requireMatrix(s.groupVectors, dim, `samples[${i}].groupVectors`, rows);
    for (let r = 0; r < rows; r++) {
      xs.push([...s.features.subarray(r * featureDim, (r + 1) * featureDim), 1]);
      ys.push([...s.groupVectors.subarray(r * dim, (r + 1) * dim)]);
    }
  });
  requireInput(xs.length >= 2, 'samples', 'need at least two items');
  const rng = createRng(options.seed ?? 1);
  const held = xs.map(() => rng.nextFloat() < holdout);
  const trainRows = held.map((h, i) => (h ? -1 : i)).filter((i) => i >= 0);
  const testRows = held.map((h, i) => (h ? i : -1)).filter((i) => i >= 0);
  let best = { lambda: lambdas[0]!, cosine: -Infinity };
  if (trainRows.length > 0 && testRows.length > 0) {
    for (const lambda of lambdas) {
      const weights = ridge(xs, ys, trainRows, lambda, featureDim + 1, dim);
      const cosine = meanCosine(xs, ys, testRows, weights, featureDim + 1, dim);
      if (cosine > best.cosine) best = { lambda, cosine };
    }
  }
  const all = xs.map((_, i) => i);
  return {
    featureDim,
    dim,
    weights: ridge(xs, ys, all, best.lambda, featureDim + 1, dim),
    lambda: best.lambda,
    holdoutCosine: best.cosine,
  };
}

/** Unit group-space vectors for items known only by their features (rows as `features`). */
export function placeColdItems(map: ColdStartMap, features: Float32Array): Float32Array {
  const rows = requireMatrix(features, map.featureDim, 'features');
  const out = new Float32Array(rows * map.dim);
  for (let r = 0; r < rows; r++) {
    predict([...features.subarray(r * map.featureDim, (r + 1) * map.featureDim), 1], map.weights, map.dim, out, r);
  }
  return unitRows(out, map.dim);
}

function ridge(xs: number[][], ys: number[][], rows: number[], lambda: number, f: number, dim: number) {
  const gram = new Float64Array(f * f);
  const rhs = new Float64Array(f * dim);
  for (const r of rows) {
    const x = xs[r]!;
    const y = ys[r]!;
    for (let i = 0; i < f; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      for (let j = i; j < f; j++) gram[i * f + j]! += xi * x[j]!;
      for (let d = 0; d < dim; d++) rhs[i * dim + d]! += xi * y[d]!;
    }
  }
  for (let i = 0; i < f; i++) {
    for (let j = 0; j < i; j++) gram[i * f + j] = gram[j * f + i]!;
    gram[i * f + i]! += lambda;
  }
  return choleskySolve(gram, rhs, f, dim);
}

function predict(x: readonly number[], weights: Float64Array, dim: number, out: Float32Array, row: number): void {
  for (let d = 0; d < dim; d++) {
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += x[i]! * weights[i * dim + d]!;
    out[row * dim + d] = sum;
  }
}

function meanCosine(xs: number[][], ys: number[][], rows: number[], weights: Float64Array, f: number, dim: number) {
  const out = new Float32Array(dim);
  let total = 0;
  for (const r of rows) {
    predict(xs[r]!.slice(0, f), weights, dim, out, 0);
    let dot = 0;
    let norm = 0;
    let normY = 0;
    for (let d = 0; d < dim; d++) {
      dot += out[d]! * ys[r]![d]!;
      norm += out[d]! ** 2;
      normY += ys[r]![d]! ** 2;
    }
    total += norm > 0 && normY > 0 ? dot / Math.sqrt(norm * normY) : 0;
  }
  return total / rows.length;
}
