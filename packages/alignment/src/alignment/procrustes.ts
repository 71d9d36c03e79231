// Orthogonal Procrustes: the rotation W minimising Σ w‖W x − y‖² over anchor pairs (x from the shop being
// mapped, y in the target space) is the orthogonal polar factor of M = Σ w y xᵀ (Schönemann 1966).
import { requireDim, requireInput } from '../alignment.errors.ts';
import { orthogonalPolar } from '../linalg/dense.ts';
import { rowCount, type VectorSet } from '../space/vector-space.ts';

export interface WeightedPair {
  /** Row in the source set. */
  readonly from: number;
  /** Row in the target set. */
  readonly to: number;
  /** Non-negative weight; 1 for an unweighted anchor. */
  readonly weight: number;
}

/** Row-major dim × dim orthogonal W with W · source[from] ≈ target[to] over the weighted pairs. */
export function solveProcrustes(source: VectorSet, target: VectorSet, pairs: readonly WeightedPair[]): Float64Array {
  requireDim(target.dim, source.dim, 'procrustes target');
  requireInput(pairs.length > 0, 'procrustes pairs', 'is empty: at least one anchor pair is needed');
  const dim = source.dim;
  const nS = rowCount(source);
  const nT = rowCount(target);
  const m = new Float64Array(dim * dim);
  pairs.forEach(({ from, to, weight }, p) => {
    requireInput(
      Number.isInteger(from) && from >= 0 && from < nS && Number.isInteger(to) && to >= 0 && to < nT,
      `procrustes pairs[${p}]`,
      `refers to a row outside the sets (${from} of ${nS}, ${to} of ${nT})`,
    );
    requireInput(Number.isFinite(weight) && weight >= 0, `procrustes pairs[${p}].weight`, `must be >= 0`);
    if (weight === 0) return;
    const xo = from * dim;
    const yo = to * dim;
    for (let i = 0; i < dim; i++) {
      const yi = weight * target.vectors[yo + i]!;
      const mo = i * dim;
      for (let j = 0; j < dim; j++) m[mo + j]! += yi * source.vectors[xo + j]!;
    }
  });
  return orthogonalPolar(m, dim);
}
