// A served blend of user recommenders: each part's scores over the catalog are made comparable per request
// (z-scores, or reciprocal-rank fusion over the full ranking) and summed with weights chosen on validation.
import { requireInput } from '../users.errors.ts';
import type { UserHistory, UserRecommender } from './user-recommender.port.ts';

export type BlendNormalisation = 'zscore' | 'rrf';

export interface BlendPart {
  readonly recommender: UserRecommender;
  readonly weight: number;
}

/** RRF's damping constant (Cormack et al. 2009). */
export const RRF_K = 60;

/** In place: scores → z-scores over the finite entries (−Infinity stays). */
export function zscoreInPlace(scores: Float64Array): void {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const s of scores) {
    if (!(s > -Infinity)) continue;
    n++;
    sum += s;
    sq += s * s;
  }
  const mean = n > 0 ? sum / n : 0;
  const std = n > 1 ? Math.sqrt(Math.max(sq / n - mean * mean, 0)) : 0;
  const inv = std > 0 ? 1 / std : 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > -Infinity) scores[i] = (scores[i]! - mean) * inv;
}

/** In place: scores → 1 / (RRF_K + rank), rank 1 = best (ties by lower index); −Infinity → 0. */
export function reciprocalRankInPlace(scores: Float64Array, order?: Int32Array): void {
  const idx = order ?? new Int32Array(scores.length);
  for (let i = 0; i < scores.length; i++) idx[i] = i;
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r]!;
    scores[i] = scores[i]! > -Infinity ? 1 / (RRF_K + r + 1) : 0;
  }
}

export function normaliseInPlace(scores: Float64Array, how: BlendNormalisation, order?: Int32Array): void {
  if (how === 'zscore') zscoreInPlace(scores);
  else reciprocalRankInPlace(scores, order);
}

export function blendRecommender(
  parts: readonly BlendPart[],
  normalisation: BlendNormalisation,
  name?: string,
): UserRecommender {
  requireInput(parts.length >= 1, 'parts', 'needs at least one recommender');
  const itemCount = parts[0]!.recommender.itemCount;
  for (const p of parts) requireInput(p.recommender.itemCount === itemCount, 'parts', 'must share one catalog');
  const scratch = new Float64Array(itemCount);
  const order = new Int32Array(itemCount);
  return {
    name:
      name ?? `blend ${normalisation} (${parts.map((p) => `${p.recommender.name} ${p.weight.toFixed(2)}`).join(', ')})`,
    itemCount,
    scoreAll(history: UserHistory, out: Float64Array): void {
      out.fill(0);
      for (const { recommender, weight } of parts) {
        if (weight === 0) continue;
        recommender.scoreAll(history, scratch);
        normaliseInPlace(scratch, normalisation, order);
        for (let i = 0; i < itemCount; i++) out[i]! += weight * scratch[i]!;
      }
    },
  };
}
