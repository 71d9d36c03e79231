// The response model's features for (context, item): the shop ranker's own features (standardised as the
// ranker does) and its log-odds, so the response model starts from everything the ranker knows and learns on
// top of it from clicks. Training and serving both call this, on the same model version's ranker.
import type { SessionQuery } from '../data/session-query.ts';
import type { Ranker } from '../ranker/ranker.ts';

export const RANKER_LOGIT_FEATURE = 'ranker:logit';

export function responseFeatureNames(ranker: Ranker): string[] {
  return [...ranker.featureNames, RANKER_LOGIT_FEATURE];
}

/** Raw response features of `items` for `query`, items.length × responseFeatureNames(ranker).length. */
export function responseFeatures(ranker: Ranker, query: SessionQuery, items: ArrayLike<number>): Float32Array {
  const { x, logits } = ranker.featuresFor(query, items);
  const dim = ranker.featureNames.length;
  const out = new Float32Array(items.length * (dim + 1));
  for (let r = 0; r < items.length; r++) {
    out.set(x.subarray(r * dim, (r + 1) * dim), r * (dim + 1));
    out[r * (dim + 1) + dim] = logits[r] ?? 0;
  }
  return out;
}
