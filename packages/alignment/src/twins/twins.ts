// Twins: for each item of one shop, the nearest items of another shop in the group space, scored by a blend
// of aligned item2vec cosine and feature cosine, retrieved by CSLS (or plain cosine). Also the ground-truth
// precision used to evaluate alignments (P@k as in MUSE: the true twin among the top k).
import { requireDim, requireInput, requireMatrix } from '../alignment.errors.ts';
import { rankByCsls } from '../space/csls.ts';
import { blendSimilarities, dotSimilarities, materialize, type Similarities } from '../space/similarities.ts';

/** A shop's items in the group space (from `toGroupSpace`) with their feature vectors, rows in `skus` order. */
export interface AlignedShop {
  readonly shopId: string;
  readonly skus: readonly string[];
  /** Unit vectors in the group space, skus.length × dim. */
  readonly groupVectors: Float32Array;
  readonly dim: number;
  readonly features: Float32Array;
  readonly featureDim: number;
}

export interface TwinOptions {
  /** Twins kept per item. Default 10. */
  readonly top?: number;
  /** Weight of feature cosine; the rest is group-space cosine. 0 = embeddings only. Default 0.5. */
  readonly featureWeight?: number;
  /** Default 'csls'. */
  readonly retrieval?: 'csls' | 'cosine';
  readonly cslsK?: number;
}

export interface ScoredTwin {
  readonly sku: string;
  readonly score: number;
}

export interface TwinList {
  readonly sku: string;
  /** Best first. */
  readonly twins: readonly ScoredTwin[];
}

/** For every item of `from`, its `top` twins in `to`. */
export function findTwins(from: AlignedShop, to: AlignedShop, options: TwinOptions = {}): TwinList[] {
  const top = options.top ?? 10;
  const featureWeight = options.featureWeight ?? 0.5;
  requireInput(Number.isInteger(top) && top > 0, 'options.top', `must be a positive integer, got ${top}`);
  requireInput(featureWeight >= 0 && featureWeight <= 1, 'options.featureWeight', 'must be in [0, 1]');
  for (const [shop, field] of [
    [from, 'from'],
    [to, 'to'],
  ] as const) {
    requireMatrix(shop.groupVectors, shop.dim, `${field}.groupVectors`, shop.skus.length);
    requireMatrix(shop.features, shop.featureDim, `${field}.features`, shop.skus.length);
  }
  requireDim(to.dim, from.dim, 'to.dim');
  requireDim(to.featureDim, from.featureDim, 'to.featureDim');
  const parts: { sim: Similarities; weight: number }[] = [
    {
      sim: dotSimilarities({ vectors: from.groupVectors, dim: from.dim }, { vectors: to.groupVectors, dim: to.dim }),
      weight: 1 - featureWeight,
    },
    {
      sim: dotSimilarities(
        { vectors: from.features, dim: from.featureDim },
        { vectors: to.features, dim: to.featureDim },
      ),
      weight: featureWeight,
    },
  ];
  const sim = materialize(blendSimilarities(parts.filter((p) => p.weight > 0)));
  const ranked = rankByCsls(sim, {
    k: options.cslsK ?? 10,
    top,
    retrieval: options.retrieval ?? 'csls',
  });
  const kept = Math.min(top, to.skus.length);
  return from.skus.map((sku, i) => {
    const twins: ScoredTwin[] = [];
    for (let t = 0; t < kept; t++) {
      const j = ranked.index[i * kept + t]!;
      if (j >= 0) twins.push({ sku: to.skus[j]!, score: ranked.score[i * kept + t]! });
    }
    return { sku, twins };
  });
}

export interface TwinPrecision {
  /** Items with a known twin that were evaluated. */
  readonly queries: number;
  readonly p1: number;
  readonly p10: number;
}

/** Share of items whose true twin (`truth`: sku → twin sku) is ranked first / within the first ten. */
export function twinPrecision(lists: readonly TwinList[], truth: ReadonlyMap<string, string>): TwinPrecision {
  let queries = 0;
  let at1 = 0;
  let at10 = 0;
  for (const { sku, twins } of lists) {
    const twin = truth.get(sku);
    if (twin === undefined) continue;
    queries++;
    const rank = twins.findIndex((t) => t.sku === twin);
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 10) at10++;
  }
  return { queries, p1: queries === 0 ? 0 : at1 / queries, p10: queries === 0 ? 0 : at10 / queries };
}
