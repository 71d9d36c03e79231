// Aligns the item2vec spaces of a brand group's shops into one group space, as cross-lingual embeddings are
// aligned (Conneau et al. 2018; Artetxe et al. 2018): anchors from mutual CSLS neighbours over catalog
// features, orthogonal Procrustes, self-learning in the aligned space, then refinement with weighted anchors
// from shoppers seen in two shops. The pivot shop's normalised space is the group space (identity map).
import { requireInput } from '../alignment.errors.ts';
import { mutualCslsPairs, type AnchorPair } from '../space/csls.ts';
import { blendSimilarities, dotSimilarities, materialize, type Similarities } from '../space/similarities.ts';
import { mapRows, normalizeEmbedding, type VectorSet } from '../space/vector-space.ts';
import { resolveCrossAnchors, type CrossAnchor, type ResolvedCrossAnchor } from './cross-anchors.ts';
import { solveProcrustes, type WeightedPair } from './procrustes.ts';
import { shopById, validateShops, type ShopMap, type ShopSpace } from './shop-space.ts';

export interface AlignOptions {
  /** The shop whose space is the group space. Default: the shop with the most items (first on ties). */
  readonly pivotShopId?: string;
  /** Neighbours in the CSLS penalty. Default 10. */
  readonly cslsK?: number;
  /** Cap on self-learning and on interaction-refinement iterations, each. Default 10. */
  readonly maxIterations?: number;
  /** false: stop after the feature step (no self-learning). Default true. */
  readonly selfLearning?: boolean;
  /**
   * Weight of feature cosine (the rest: aligned item2vec cosine) when anchors are re-induced. 0 uses the
   * embeddings alone, as plain self-learning does. Default 0.5.
   */
  readonly featureWeight?: number;
  /** Total weight of interaction anchors relative to the induced anchor set (each weighs 1). Default 1. */
  readonly interactionWeight?: number;
}

export type AlignmentPhase = 'features' | 'self-learning' | 'interactions';

/** What one step did for one shop: the anchors it induced and how many differ from the step before. */
export interface AlignmentStep {
  readonly shopId: string;
  readonly phase: AlignmentPhase;
  /** 0 for the feature step, 1.. within a phase after it. */
  readonly iteration: number;
  readonly anchors: number;
  /** Mean CSLS of the induced anchors in the space they were induced in. */
  readonly meanCsls: number;
  /** Anchors added plus anchors dropped against the previous step (all of them for the feature step). */
  readonly changed: number;
  /** Interaction pairs used in this solve (0 outside the interaction phase). */
  readonly interactionPairs: number;
}

export interface AnchorList {
  readonly shopId: string;
  readonly toShopId: string;
  readonly pairs: readonly { readonly sku: string; readonly toSku: string; readonly csls: number }[];
}

export interface AlignmentResult {
  readonly pivotShopId: string;
  /** One map per shop, in input order. */
  readonly maps: ShopMap[];
  readonly steps: AlignmentStep[];
  /** The final induced anchors of each non-pivot shop against the pivot. */
  readonly anchors: AnchorList[];
}

export interface AlignInput {
  readonly shops: readonly ShopSpace[];
  /** Weighted item pairs between shops from shoppers seen in both (see `interactionAnchors`). */
  readonly crossAnchors?: readonly CrossAnchor[];
  readonly options?: AlignOptions;
}

/** Maps every shop into the pivot's space; pure and deterministic. Throws AlignmentError on bad input. */
export function alignShops(input: AlignInput): AlignmentResult {
  const { shops, crossAnchors = [], options = {} } = input;
  validateShops(shops);
  const k = options.cslsK ?? 10;
  const maxIterations = options.maxIterations ?? 10;
  const featureWeight = options.featureWeight ?? 0.5;
  const interactionWeight = options.interactionWeight ?? 1;
  requireInput(Number.isInteger(k) && k > 0, 'options.cslsK', `must be a positive integer, got ${k}`);
  requireInput(Number.isInteger(maxIterations) && maxIterations >= 0, 'options.maxIterations', 'must be >= 0');
  requireInput(featureWeight >= 0 && featureWeight <= 1, 'options.featureWeight', 'must be in [0, 1]');
  requireInput(interactionWeight >= 0, 'options.interactionWeight', 'must be >= 0');
  const pivot =
    options.pivotShopId === undefined
      ? shops.reduce((best, s) => (s.skus.length > best.skus.length ? s : best))
      : shopById(shops, options.pivotShopId, 'options.pivotShopId');
  const resolved = resolveCrossAnchors(shops, crossAnchors);
  const dim = pivot.dim;

  const order = [pivot, ...shops.filter((s) => s !== pivot)];
  const maps = new Map<string, ShopMap>();
  // Group-space rows of the shops done so far, pivot first: the targets of every solve.
  const done: { shopId: string; offset: number; rows: number }[] = [];
  let group = new Float32Array(0);
  const steps: AlignmentStep[] = [];
  const anchors: AnchorList[] = [];
  const identity = new Float64Array(dim * dim);
  for (let d = 0; d < dim; d++) identity[d * dim + d] = 1;

  for (const shop of order) {
    const { vectors, center } = normalizeEmbedding(shop.vectors, dim);
    let matrix: Float64Array = identity;
    if (shop !== pivot) {
      const aligned = alignToPivot(
        shop,
        { vectors, dim },
        pivot,
        { vectors: group, dim },
        interactionsFor(shop.shopId, resolved, done),
        { k, maxIterations, featureWeight, interactionWeight, selfLearning: options.selfLearning ?? true },
      );
      matrix = aligned.matrix;
      steps.push(...aligned.steps);
      anchors.push({
        shopId: shop.shopId,
        toShopId: pivot.shopId,
        pairs: aligned.pairs.map((p) => ({ sku: shop.skus[p.a]!, toSku: pivot.skus[p.b]!, csls: p.csls })),
      });
    }
    maps.set(shop.shopId, { shopId: shop.shopId, dim, center, matrix });
    const next = new Float32Array(group.length + vectors.length);
    next.set(group);
    next.set(matrix === identity ? vectors : mapRows(vectors, dim, matrix), group.length);
    done.push({ shopId: shop.shopId, offset: group.length / dim, rows: shop.skus.length });
    group = next;
  }
  return { pivotShopId: pivot.shopId, maps: shops.map((s) => maps.get(s.shopId)!), steps, anchors };
}

interface Settings {
  readonly k: number;
  readonly maxIterations: number;
  readonly featureWeight: number;
  readonly interactionWeight: number;
  readonly selfLearning: boolean;
}

// Interaction pairs of `shopId` with shops already in the group, as (row of shopId, row of the group matrix).
function interactionsFor(
  shopId: string,
  anchors: readonly ResolvedCrossAnchor[],
  done: readonly { shopId: string; offset: number }[],
): WeightedPair[] {
  const pairs: WeightedPair[] = [];
  for (const anchor of anchors) {
    for (const [mine, theirs] of [
      [anchor.from, anchor.to],
      [anchor.to, anchor.from],
    ] as const) {
      const other = done.find((d) => d.shopId === theirs.shopId);
      if (mine.shopId === shopId && other) {
        pairs.push({ from: mine.row, to: other.offset + theirs.row, weight: anchor.weight });
      }
    }
  }
  return pairs;
}

function alignToPivot(
  shop: ShopSpace,
  embedding: VectorSet,
  pivot: ShopSpace,
  // Every shop aligned so far, pivot rows first: the pivot's rows are the group space itself.
  group: VectorSet,
  interactions: readonly WeightedPair[],
  settings: Settings,
): { matrix: Float64Array; steps: AlignmentStep[]; pairs: AnchorPair[] } {
  const { k, maxIterations, featureWeight } = settings;
  const features = materialize(
    dotSimilarities(
      { vectors: shop.features, dim: shop.featureDim },
      { vectors: pivot.features, dim: pivot.featureDim },
    ),
  );
  const steps: AlignmentStep[] = [];
  const record = (phase: AlignmentPhase, iteration: number, pairs: AnchorPair[], changed: number, used = 0): void => {
    const meanCsls = pairs.reduce((sum, p) => sum + p.csls, 0) / Math.max(1, pairs.length);
    steps.push({
      shopId: shop.shopId,
      phase,
      iteration,
      anchors: pairs.length,
      meanCsls,
      changed,
      interactionPairs: used,
    });
  };
  const pivotGroup = { vectors: group.vectors.subarray(0, pivot.skus.length * group.dim), dim: group.dim };
  const solve = (pairs: AnchorPair[], extra: readonly WeightedPair[]): Float64Array =>
    solveProcrustes(embedding, group, [...pairs.map((p) => ({ from: p.a, to: p.b, weight: 1 })), ...extra]);
  const induce = (matrix: Float64Array): AnchorPair[] => {
    const mapped = { vectors: mapRows(embedding.vectors, embedding.dim, matrix), dim: embedding.dim };
    const sim: Similarities = blendSimilarities([
      { sim: dotSimilarities(mapped, pivotGroup), weight: 1 - featureWeight },
      { sim: features, weight: featureWeight },
    ]);
    return mutualCslsPairs(materialize(sim), k);
  };

  let pairs = mutualCslsPairs(features, k);
  let matrix = solve(pairs, []);
  record('features', 0, pairs, pairs.length);
  const iterate = (phase: AlignmentPhase, extra: readonly WeightedPair[]): void => {
    for (let iteration = 1; iteration <= maxIterations; iteration++) {
      const next = induce(matrix);
      const changed = difference(pairs, next);
      pairs = next;
      matrix = solve(pairs, extra);
      record(phase, iteration, pairs, changed, extra.length);
      if (changed === 0) break;
    }
  };
  if (settings.selfLearning) iterate('self-learning', []);
  if (interactions.length > 0 && settings.interactionWeight > 0) {
    // Interaction weights are scaled so that together they weigh interactionWeight × the anchor set.
    const total = interactions.reduce((sum, p) => sum + p.weight, 0);
    const scale = total > 0 ? (settings.interactionWeight * pairs.length) / total : 0;
    const extra = interactions.map((p) => ({ ...p, weight: p.weight * scale }));
    matrix = solve(pairs, extra);
    iterate('interactions', extra);
  }
  return { matrix, steps, pairs };
}

function difference(before: readonly AnchorPair[], after: readonly AnchorPair[]): number {
  const key = (p: AnchorPair): string => `${p.a}:${p.b}`;
  const old = new Set(before.map(key));
  const now = new Set(after.map(key));
  let changed = 0;
  for (const k of now) if (!old.has(k)) changed++;
  for (const k of old) if (!now.has(k)) changed++;
  return changed;
}
