// Shops of the alignment benchmark as the method sees them: skus renamed per shop ("uk:85123A", "eu:85123A")
// so the shared StockCode is never an input, item2vec trained on each shop's training sessions, and the
// catalog fields (title = Description, price band from the median UnitPrice) of the items with a vector.
import type { CatalogItem, ShopSpace } from '@shopspace/alignment';
import { normalizeRows, trainItem2vecSync, type Item2vecConfig, type Item2vecModel } from '@shopspace/item2vec';
import type { CatalogEntry, RetailShop, ShopName } from './align-retail.ts';
import { sessionItems } from './align-retail.ts';
import { vectorTable, type VectorTable } from './align-eval.ts';

export const TEST_FROM = '2011-11-01';

export interface TrainedShop {
  readonly name: ShopName;
  readonly model: Item2vecModel;
  readonly train: string[][];
  readonly test: string[][];
  /** Prefixed sku → catalog fields. */
  readonly catalog: ReadonlyMap<string, CatalogEntry>;
  /** The model's unit vectors by sku (the in-shop scorer's view). */
  readonly table: VectorTable;
}

export function prefixed(name: ShopName, code: string): string {
  return `${name}:${code}`;
}

export function codeOf(sku: string): string {
  return sku.slice(sku.indexOf(':') + 1);
}

/** Trains the shop's item2vec; epochs = max(10, ⌈minWords / training tokens⌉) so a small shop gets enough updates. */
export function trainShop(
  name: ShopName,
  shop: RetailShop,
  config: Partial<Item2vecConfig>,
  minWords: number,
): TrainedShop {
  const rename = (sessions: string[][]): string[][] => sessions.map((s) => s.map((code) => prefixed(name, code)));
  const train = rename(sessionItems(shop.sessions, { before: TEST_FROM }));
  const test = rename(sessionItems(shop.sessions, { from: TEST_FROM }));
  const tokens = train.reduce((sum, s) => sum + s.length, 0);
  const model = trainItem2vecSync(train, { ...config, epochs: Math.max(10, Math.ceil(minWords / tokens)) });
  const catalog = new Map([...shop.catalog].map(([code, entry]) => [prefixed(name, code), entry]));
  return {
    name,
    model,
    train,
    test,
    catalog,
    table: vectorTable(model.vocabulary.ids, normalizeRows(model.vectors, model.dim), model.dim),
  };
}

/** Catalog items of the shop's vocabulary, in vocabulary order; `retitle` may rewrite titles (perturbation). */
export function catalogItems(shop: TrainedShop, retitle?: ReadonlyMap<string, string>): CatalogItem[] {
  return shop.model.vocabulary.ids.map((sku) => {
    const entry = shop.catalog.get(sku);
    return { title: retitle?.get(sku) ?? entry?.description ?? '', price: entry?.price };
  });
}

export function shopSpace(shop: TrainedShop, features: Float32Array, featureDim: number): ShopSpace {
  return {
    shopId: shop.name,
    skus: shop.model.vocabulary.ids,
    vectors: shop.model.vectors,
    dim: shop.model.dim,
    features,
    featureDim,
  };
}

/** Ground-truth twins for evaluation only: eu sku → uk sku with the same StockCode, both with a vector. */
export function groundTruth(uk: TrainedShop, eu: TrainedShop): Map<string, string> {
  const truth = new Map<string, string>();
  for (const sku of eu.model.vocabulary.ids) {
    const twin = prefixed('uk', codeOf(sku));
    if (uk.model.vocabulary.indexOf.has(twin)) truth.set(sku, twin);
  }
  return truth;
}
