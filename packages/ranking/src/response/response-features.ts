// The response model's features for (context, item): the shop ranker's own features (standardised as the
// ranker does) and its log-odds, so the response model starts from everything the ranker knows and learns on
// top of it from clicks. Training and serving both call this, on the same model version's ranker.
import type { SessionQuery } from '../data/session-query.ts';
import type { Ranker, ScoredUnion } from '../ranker/ranker.ts';

export const RANKER_LOGIT_FEATURE = 'ranker:logit';

export function responseFeatureNames(ranker: Ranker): string[] {
  return [...ranker.featureNames, RANKER_LOGIT_FEATURE];
}

/** Raw response features of `items` for `query`, items.length × responseFeatureNames(ranker).length. */
export function responseFeatures(ranker: Ranker, query: SessionQuery, items: ArrayLike<number>): Float32Array {
  return withLogits(ranker.featuresFor(query, items), ranker.featureNames.length, items.length);
}

/** The same for rows of a union the ranker scored (serving: its pool, without building the union again). */
export function responseFeaturesOfScored(scored: ScoredUnion, rows: readonly number[], dim: number): Float32Array {
  const x = new Float32Array(rows.length * dim);
  const logits = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    x.set(scored.x.subarray(row * dim, (row + 1) * dim), r * dim);
    logits[r] = scored.logits[row] ?? 0;
  });
  return withLogits({ x, logits }, dim, rows.length);
}

function withLogits({ x, logits }: { x: Float32Array; logits: Float64Array }, dim: number, n: number): Float32Array {
  const out = new Float32Array(n * (dim + 1));
  for (let r = 0; r < n; r++) {
    out.set(x.subarray(r * dim, (r + 1) * dim), r * (dim + 1));
    out[r * (dim + 1) + dim] = logits[r] ?? 0;
  }
  return out;
}
