// One alignment of a brand group, end to end and pure: catalog features over every shop, the trained shops'
// item2vec spaces aligned (features → CSLS anchors → Procrustes → self-learning → interaction anchors), every
// item without a trained vector (a cold shop, or a new item of a trained shop) placed in the group space from
// its features by a ridge map fitted on the trained items, and the top twins between every pair of shops.
// The worker runs it; the result is what the alignment files store.

import { requireInput } from '../alignment.errors.ts';
import { alignShops, type AlignmentStep, type AlignOptions } from '../alignment/align-shops.ts';
import { interactionAnchors, type CrossAnchor, type CrossingShopper } from '../alignment/cross-anchors.ts';
import { toGroupSpace, type ShopMap } from '../alignment/shop-space.ts';
import { fitColdStartMap, placeColdItems, type ColdStartSample } from '../cold-start/cold-start.ts';
import { buildItemFeatures, type CatalogItem } from '../features/item-features.ts';
import { unitRows } from '../space/vector-space.ts';
import { findTwins, type TwinList } from '../twins/twins.ts';

export interface GroupShopInput {
  readonly shopId: string;
  /** The shop's catalog (active items), each with its sku. */
  readonly items: readonly (CatalogItem & { readonly sku: string })[];
  /** The shop's trained item vectors, or null for a shop placed from its features alone (cold start). */
  readonly model: { readonly skus: readonly string[]; readonly dim: number; readonly vectors: Float32Array } | null;
}

export interface GroupInput {
  readonly shops: readonly GroupShopInput[];
  /** Shoppers seen in two shops (same userId), per ordered pair of shops. */
  readonly crossing?: readonly {
    readonly shopId: string;
    readonly toShopId: string;
    readonly shoppers: readonly CrossingShopper[];
  }[];
  readonly options?: AlignOptions & { readonly twins?: number; readonly twinFeatureWeight?: number };
}

export interface AlignedGroupShop {
  readonly shopId: string;
  readonly coldStart: boolean;
  /** Catalog skus, in the order of the rows below. */
  readonly skus: readonly string[];
  /** Unit group-space vectors, skus.length × dim. */
  readonly groupVectors: Float32Array;
  /** Items placed from features (no trained vector). */
  readonly placed: number;
  /** The map of the shop's own item2vec space into the group space (null for a cold shop). */
  readonly map: ShopMap | null;
}

export interface AlignedGroup {
  readonly pivotShopId: string;
  readonly dim: number;
  readonly shops: AlignedGroupShop[];
  readonly steps: AlignmentStep[];
  /** Twins of every item of shop i in shop j (i ≠ j), by index into `shops`. */
  readonly twins: Array<{ readonly from: number; readonly to: number; readonly lists: TwinList[] }>;
  readonly interactionAnchors: number;
  /** Mean cosine of the feature → group map on held-out trained items (how well cold items are placed). */
  readonly coldStartCosine: number | null;
}

/** Aligns the shops; `onProgress` gets a fraction 0..1 between the phases. */
export function alignGroup(input: GroupInput, onProgress: (fraction: number) => void = () => undefined): AlignedGroup {
  const { shops, options = {} } = input;
  requireInput(shops.length >= 2, 'shops', 'must name at least two shops');
  const trained = shops.filter((s) => s.model !== null);
  requireInput(trained.length >= 1, 'shops', 'must include at least one shop with a trained model');
  shops.forEach((s, i) => requireInput(s.items.length > 0, `shops[${i}].items`, `is empty (shop ${s.shopId})`));
  const features = buildItemFeatures(shops.map((s) => s.items));
  const featureDim = features.dim;
  const featuresOf = (i: number) => features.vectors[i] ?? new Float32Array(0);
  onProgress(0.1);

  // The trained shops' spaces, restricted to catalog items that have a vector.
  const spaces = trained.map((shop) => {
    const i = shops.indexOf(shop);
    const model = shop.model!;
    const rowOf = new Map(model.skus.map((sku, r) => [sku, r]));
    const rows: number[] = [];
    const skus: string[] = [];
    const catalogRows: number[] = [];
    shop.items.forEach((item, c) => {
      const r = rowOf.get(item.sku);
      if (r === undefined) return;
      const v = model.vectors.subarray(r * model.dim, (r + 1) * model.dim);
      if (!v.some((x) => x !== 0)) return;
      rows.push(r);
      skus.push(item.sku);
      catalogRows.push(c);
    });
    const vectors = new Float32Array(rows.length * model.dim);
    rows.forEach((r, k) => vectors.set(model.vectors.subarray(r * model.dim, (r + 1) * model.dim), k * model.dim));
    const f = new Float32Array(catalogRows.length * featureDim);
    catalogRows.forEach((c, k) => f.set(featuresOf(i).subarray(c * featureDim, (c + 1) * featureDim), k * featureDim));
    return { shopId: shop.shopId, skus, vectors, dim: model.dim, features: f, featureDim, catalogRows };
  });
  const crossAnchors: CrossAnchor[] = (input.crossing ?? []).flatMap((c) => {
    const from = spaces.find((s) => s.shopId === c.shopId);
    const to = spaces.find((s) => s.shopId === c.toShopId);
    if (!from || !to) return [];
    const fromSkus = new Set(from.skus);
    const toSkus = new Set(to.skus);
    // Only items with a trained vector can anchor the map.
    return interactionAnchors(c.shopId, c.toShopId, c.shoppers).filter(
      (a) => fromSkus.has(a.sku) && toSkus.has(a.toSku),
    );
  });
  const aligned =
    spaces.length >= 2
      ? alignShops({ shops: spaces, crossAnchors, options })
      : { pivotShopId: spaces[0]!.shopId, maps: [], steps: [], anchors: [] };
  onProgress(0.5);

  const dim = spaces[0]!.dim;
  const groupOfTrained = spaces.map((space, k) => {
    const map = aligned.maps[k];
    return map ? unitRows(toGroupSpace(map, space.vectors), dim) : unitRows(space.vectors, dim);
  });
  const samples: ColdStartSample[] = spaces.map((space, k) => ({
    features: space.features,
    featureDim,
    groupVectors: groupOfTrained[k]!,
    dim,
  }));
  const needsPlacing = shops.some((shop, i) => {
    const k = spaces.findIndex((s) => s.shopId === shop.shopId);
    return k < 0 || (spaces[k]?.skus.length ?? 0) < shops[i]!.items.length;
  });
  const coldMap = needsPlacing ? fitColdStartMap(samples) : null;
  const out: AlignedGroupShop[] = shops.map((shop, i) => {
    const k = spaces.findIndex((s) => s.shopId === shop.shopId);
    const group = new Float32Array(shop.items.length * dim);
    const known = new Set<number>();
    if (k >= 0) {
      spaces[k]!.catalogRows.forEach((c, r) => {
        group.set(groupOfTrained[k]!.subarray(r * dim, (r + 1) * dim), c * dim);
        known.add(c);
      });
    }
    const missing = shop.items.map((_, c) => c).filter((c) => !known.has(c));
    if (missing.length > 0 && coldMap) {
      const f = new Float32Array(missing.length * featureDim);
      missing.forEach((c, m) => f.set(featuresOf(i).subarray(c * featureDim, (c + 1) * featureDim), m * featureDim));
      const placed = placeColdItems(coldMap, f);
      missing.forEach((c, m) => group.set(placed.subarray(m * dim, (m + 1) * dim), c * dim));
    }
    const map = k >= 0 ? (aligned.maps[k] ?? identityMap(shop.shopId, dim)) : null;
    return {
      shopId: shop.shopId,
      coldStart: k < 0,
      skus: shop.items.map((it) => it.sku),
      groupVectors: group,
      placed: missing.length,
      map,
    };
  });
  onProgress(0.7);

  const twins: AlignedGroup['twins'] = [];
  const pairs = out.flatMap((_, a) => out.map((__, b) => [a, b] as const)).filter(([a, b]) => a !== b);
  pairs.forEach(([a, b], p) => {
    const as = (j: number) => ({ ...out[j]!, dim, features: featuresOf(j), featureDim });
    twins.push({
      from: a,
      to: b,
      lists: findTwins(as(a), as(b), {
        top: options.twins ?? 10,
        featureWeight: options.twinFeatureWeight ?? 0.5,
      }),
    });
    onProgress(0.7 + (0.3 * (p + 1)) / pairs.length);
  });
  return {
    pivotShopId: aligned.pivotShopId,
    dim,
    shops: out,
    steps: aligned.steps,
    twins,
    interactionAnchors: crossAnchors.length,
    coldStartCosine: coldMap ? coldMap.holdoutCosine : null,
  };
}

function identityMap(shopId: string, dim: number): ShopMap {
  const matrix = new Float64Array(dim * dim);
  for (let d = 0; d < dim; d++) matrix[d * dim + d] = 1;
  return { shopId, dim, center: new Float64Array(dim), matrix };
}
