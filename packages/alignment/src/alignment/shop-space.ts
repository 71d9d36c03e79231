// The input of an alignment, its validation, and the per-shop map into the brand group's shared space.
import { AlignmentError, AlignmentErrorCode, requireDim, requireInput, requireMatrix } from '../alignment.errors.ts';
import { applyCentering, mapRows } from '../space/vector-space.ts';

/** One shop's trained item2vec space and its items' feature vectors, rows in `skus` order. */
export interface ShopSpace {
  readonly shopId: string;
  readonly skus: readonly string[];
  /** item2vec input vectors, skus.length × dim, row-major. */
  readonly vectors: Float32Array;
  readonly dim: number;
  /** Feature vectors from `buildItemFeatures` (IDF over all shops aligned together), skus.length × featureDim. */
  readonly features: Float32Array;
  readonly featureDim: number;
}

/** How one shop's vectors reach the group space: group = matrix · unit(unit(x) − center). */
export interface ShopMap {
  readonly shopId: string;
  readonly dim: number;
  /** Mean of the shop's unit vectors, subtracted before the rotation. */
  readonly center: Float64Array;
  /** Orthogonal dim × dim, row-major; the identity for the pivot shop. */
  readonly matrix: Float64Array;
}

/** A shop's item vectors in the group space (unit length); `vectors` rows as the model's. */
export function toGroupSpace(map: ShopMap, vectors: Float32Array): Float32Array {
  requireMatrix(vectors, map.dim, `vectors of shop ${map.shopId}`);
  return mapRows(applyCentering(vectors, map.dim, map.center), map.dim, map.matrix);
}

/** Validates the shops of one alignment: non-empty, unique ids and skus, one dim and one feature dim. */
export function validateShops(shops: readonly ShopSpace[]): void {
  requireInput(shops.length > 0, 'shops', 'is empty: at least one shop is needed');
  const first = shops[0]!;
  const ids = new Set<string>();
  shops.forEach((shop, s) => {
    const field = `shops[${s}]`;
    requireInput(typeof shop.shopId === 'string' && shop.shopId !== '', `${field}.shopId`, 'must be a string');
    requireInput(!ids.has(shop.shopId), `${field}.shopId`, `repeats shop ${shop.shopId}`);
    ids.add(shop.shopId);
    requireInput(shop.skus.length > 0, `${field}.skus`, 'is empty');
    requireInput(new Set(shop.skus).size === shop.skus.length, `${field}.skus`, 'holds a sku twice');
    requireDim(shop.dim, first.dim, `${field}.dim`);
    requireDim(shop.featureDim, first.featureDim, `${field}.featureDim`);
    requireMatrix(shop.vectors, shop.dim, `${field}.vectors`, shop.skus.length);
    requireMatrix(shop.features, shop.featureDim, `${field}.features`, shop.skus.length);
  });
}

export function shopById<T extends { readonly shopId: string }>(shops: readonly T[], shopId: string, field: string): T {
  const shop = shops.find((s) => s.shopId === shopId);
  if (!shop) throw new AlignmentError(AlignmentErrorCode.InvalidInput, `${field}: unknown shop ${shopId}`, field);
  return shop;
}
