// Weighted item pairs between shops from shoppers seen in both: the input of the interaction step. A shopper
// who bought a in shop A and b in shop B adds to the pair (a, b); rebuying the same product in both shops
// makes the twin pair stand out. `interactionAnchors` keeps, per item, its strongest partner when the choice
// is mutual, so one heavy buyer of many items does not spray weight over every pair.
import { requireInput } from '../alignment.errors.ts';
import type { ShopSpace } from './shop-space.ts';

export interface CrossAnchor {
  readonly shopId: string;
  readonly sku: string;
  readonly toShopId: string;
  readonly toSku: string;
  /** > 0, e.g. the number of shoppers who bought both. */
  readonly weight: number;
}

export interface ResolvedCrossAnchor {
  readonly from: { readonly shopId: string; readonly row: number };
  readonly to: { readonly shopId: string; readonly row: number };
  readonly weight: number;
}

/** Rows of each anchor's skus; throws naming crossAnchors[i] for an unknown shop or sku or a bad weight. */
export function resolveCrossAnchors(
  shops: readonly ShopSpace[],
  anchors: readonly CrossAnchor[],
): ResolvedCrossAnchor[] {
  const rows = new Map(shops.map((s) => [s.shopId, new Map(s.skus.map((sku, row) => [sku, row]))]));
  return anchors.map((anchor, i) => {
    const field = `crossAnchors[${i}]`;
    const row = (shopId: string, sku: string, side: string): number => {
      const skus = rows.get(shopId);
      requireInput(skus !== undefined, `${field}.${side}`, `names shop ${shopId}, which is not being aligned`);
      const at = skus.get(sku);
      requireInput(at !== undefined, `${field}.${side}`, `names sku ${sku}, unknown in shop ${shopId}`);
      return at;
    };
    requireInput(anchor.shopId !== anchor.toShopId, field, 'pairs a shop with itself');
    requireInput(Number.isFinite(anchor.weight) && anchor.weight > 0, `${field}.weight`, 'must be > 0');
    return {
      from: { shopId: anchor.shopId, row: row(anchor.shopId, anchor.sku, 'sku') },
      to: { shopId: anchor.toShopId, row: row(anchor.toShopId, anchor.toSku, 'toSku') },
      weight: anchor.weight,
    };
  });
}

/** One shopper's (or one session's) items in each of two shops. */
export interface CrossingShopper {
  readonly items: readonly string[];
  readonly toItems: readonly string[];
}

export interface InteractionAnchorOptions {
  /** Pairs seen by fewer shoppers are dropped. Default 2. */
  readonly minShoppers?: number;
  /** Keep only pairs where each item is the other's strongest partner. Default true. */
  readonly mutual?: boolean;
}

/**
 * Cross-shop anchors from shoppers seen in shop `shopId` and shop `toShopId`: the weight of (a, b) is the
 * number of shoppers with a among `items` and b among `toItems`, each weighted 1/√(|items|·|toItems|) so a
 * shopper with a huge basket counts less per pair. Deterministic order (by weight, then skus).
 */
export function interactionAnchors(
  shopId: string,
  toShopId: string,
  shoppers: readonly CrossingShopper[],
  options: InteractionAnchorOptions = {},
): CrossAnchor[] {
  const minShoppers = options.minShoppers ?? 2;
  requireInput(Number.isInteger(minShoppers) && minShoppers >= 1, 'options.minShoppers', 'must be an integer >= 1');
  const weight = new Map<string, number>();
  const count = new Map<string, number>();
  for (const shopper of shoppers) {
    const items = [...new Set(shopper.items)];
    const toItems = [...new Set(shopper.toItems)];
    if (items.length === 0 || toItems.length === 0) continue;
    const w = 1 / Math.sqrt(items.length * toItems.length);
    for (const a of items) {
      for (const b of toItems) {
        const key = `${a}\u0000${b}`;
        weight.set(key, (weight.get(key) ?? 0) + w);
        count.set(key, (count.get(key) ?? 0) + 1);
      }
    }
  }
  let pairs = [...weight]
    .filter(([key]) => (count.get(key) ?? 0) >= minShoppers)
    .map(([key, w]) => {
      const [sku = '', toSku = ''] = key.split('\u0000');
      return { shopId, sku, toShopId, toSku, weight: w };
    })
    .sort((x, y) => y.weight - x.weight || compare(x.sku, y.sku) || compare(x.toSku, y.toSku));
  if (options.mutual ?? true) {
    // Sorted by weight, so the first pair seen for an item is its strongest.
    const bestTo = new Map<string, string>();
    const bestFrom = new Map<string, string>();
    for (const p of pairs) {
      if (!bestTo.has(p.sku)) bestTo.set(p.sku, p.toSku);
      if (!bestFrom.has(p.toSku)) bestFrom.set(p.toSku, p.sku);
    }
    pairs = pairs.filter((p) => bestTo.get(p.sku) === p.toSku && bestFrom.get(p.toSku) === p.sku);
  }
  return pairs;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
