// Catalog fields → hashed embedding-row ids, one list per field: title words (and optionally word pairs), title
// character n-grams, description words, each category prefix, brand, a log-scale price band, key=value
// attributes. Item ids and skus are never hashed, so a new item gets features the moment it is posted.
import { mixSeed } from '@shopspace/item2vec';
import { requireConfig, requireInput } from '../feature-tower.errors.ts';
import { charNgrams, normalizeText, wordBigrams, words } from './text-tokens.ts';

/** The catalog fields the tower reads; only the title is required. */
export interface ItemFeatures {
  readonly title: string;
  readonly description?: string;
  /** Root first, e.g. ['Home', 'Kitchen', 'Mugs']; every prefix becomes a feature. */
  readonly category?: readonly string[];
  readonly brand?: string;
  /** One currency across the shops trained together (bands are compared as they are). */
  readonly price?: number;
  readonly attributes?: Readonly<Record<string, string>>;
}

export const FEATURE_FIELDS = [
  'titleWords',
  'titleNgrams',
  'description',
  'category',
  'brand',
  'price',
  'attributes',
] as const;
export type FeatureField = (typeof FEATURE_FIELDS)[number];
export const FIELD_COUNT = FEATURE_FIELDS.length;

export interface FieldSpec {
  /** Rows of the field's hashed embedding table. */
  readonly buckets: number;
  /** Width of the field's embedding (its slice of the concatenated input). */
  readonly dim: number;
}

export interface HashingConfig {
  readonly seed: number;
  /** Character n-gram length for title words. Default 3. */
  readonly ngram: number;
  /** Also hash adjacent title word pairs into the titleWords table. Default true. */
  readonly titleBigrams: boolean;
  /** Ratio between consecutive price bands: band = ⌊ln(price) / ln(ratio)⌋. Default 1.5. */
  readonly priceBandRatio: number;
  readonly fields: Readonly<Record<FeatureField, FieldSpec>>;
}

export const DEFAULT_HASHING: HashingConfig = {
  seed: 1,
  ngram: 3,
  titleBigrams: true,
  priceBandRatio: 1.5,
  fields: {
    titleWords: { buckets: 1 << 16, dim: 32 },
    titleNgrams: { buckets: 1 << 16, dim: 32 },
    description: { buckets: 1 << 16, dim: 16 },
    category: { buckets: 1 << 14, dim: 16 },
    brand: { buckets: 1 << 14, dim: 8 },
    price: { buckets: 1 << 10, dim: 8 },
    attributes: { buckets: 1 << 15, dim: 16 },
  },
};

// Stands for "this field is empty": a learnt row of its own, so no brand is not the same as a zero vector.
const MISSING = '\u2205';

export function resolveHashing(overrides: Partial<HashingConfig> = {}): HashingConfig {
  const config: HashingConfig = {
    ...DEFAULT_HASHING,
    ...overrides,
    fields: { ...DEFAULT_HASHING.fields, ...overrides.fields },
  };
  requireConfig(Number.isInteger(config.seed), 'hashing.seed', `must be an integer, got ${config.seed}`);
  requireConfig(
    Number.isInteger(config.ngram) && config.ngram >= 2 && config.ngram <= 8,
    'hashing.ngram',
    'must be 2..8',
  );
  requireConfig(config.priceBandRatio > 1, 'hashing.priceBandRatio', `must exceed 1, got ${config.priceBandRatio}`);
  for (const field of FEATURE_FIELDS) {
    const { buckets, dim } = config.fields[field];
    requireConfig(
      Number.isInteger(buckets) && buckets >= 1 && buckets <= 1 << 24,
      `hashing.fields.${field}.buckets`,
      `must be an integer in [1, 2^24], got ${buckets}`,
    );
    requireConfig(Number.isInteger(dim) && dim >= 1 && dim <= 1024, `hashing.fields.${field}.dim`, 'must be 1..1024');
  }
  return config;
}

/** Width of the concatenated field embeddings. */
export function inputWidth(hashing: HashingConfig): number {
  return FEATURE_FIELDS.reduce((sum, field) => sum + hashing.fields[field].dim, 0);
}

/** The tokens of each field, before hashing (exposed for tests and for explaining a vector). */
export function itemTokens(item: ItemFeatures, hashing: HashingConfig): Record<FeatureField, string[]> {
  const title = words(item.title);
  const category = (item.category ?? []).map(normalizeText);
  const tokens: Record<FeatureField, string[]> = {
    titleWords: hashing.titleBigrams ? [...title, ...wordBigrams(title)] : title,
    titleNgrams: charNgrams(title, hashing.ngram),
    description: words(item.description ?? ''),
    category: category.map((_, level) => category.slice(0, level + 1).join('/')),
    brand: item.brand === undefined || normalizeText(item.brand) === '' ? [] : [normalizeText(item.brand)],
    price:
      item.price !== undefined && Number.isFinite(item.price) && item.price > 0
        ? [String(Math.floor(Math.log(item.price) / Math.log(hashing.priceBandRatio)))]
        : [],
    attributes: Object.entries(item.attributes ?? {})
      .map(([key, value]) => `${normalizeText(key)}=${normalizeText(value)}`)
      .sort(),
  };
  return tokens;
}

/** Embedding rows of one item: per field, the hashed row of each token (the missing-field row when empty). */
export function hashItem(item: ItemFeatures, hashing: HashingConfig): Int32Array[] {
  requireInput(typeof item.title === 'string', 'item.title', 'must be a string');
  const tokens = itemTokens(item, hashing);
  return FEATURE_FIELDS.map((field, f) => {
    const list = tokens[field].length > 0 ? tokens[field] : [MISSING];
    const { buckets } = hashing.fields[field];
    const rows = new Int32Array(list.length);
    for (let t = 0; t < list.length; t++) rows[t] = hashToken(list[t] ?? '', f, hashing.seed) % buckets;
    return rows;
  });
}

/** The row each field falls back to when an item has nothing in it (or dropout removed everything). */
export function missingRows(hashing: HashingConfig): Int32Array {
  return Int32Array.from(
    FEATURE_FIELDS,
    (field, f) => hashToken(MISSING, f, hashing.seed) % hashing.fields[field].buckets,
  );
}

/** Feature rows of many items in one CSR block: item i, field f owns rows[offsets[i·F + f] .. offsets[i·F + f + 1]). */
export interface FeatureMatrix {
  readonly items: number;
  readonly offsets: Int32Array;
  readonly rows: Int32Array;
}

export function hashCatalog(items: readonly ItemFeatures[], hashing: HashingConfig): FeatureMatrix {
  const perItem = items.map((item, i) => {
    requireInput(typeof item?.title === 'string', `items[${i}].title`, 'must be a string');
    return hashItem(item, hashing);
  });
  return packFeatures(perItem);
}

export function packFeatures(perItem: readonly (readonly Int32Array[])[]): FeatureMatrix {
  const offsets = new Int32Array(perItem.length * FIELD_COUNT + 1);
  let total = 0;
  perItem.forEach((fields, i) => {
    for (let f = 0; f < FIELD_COUNT; f++) {
      total += fields[f]?.length ?? 0;
      offsets[i * FIELD_COUNT + f + 1] = total;
    }
  });
  const rows = new Int32Array(total);
  perItem.forEach((fields, i) => {
    for (let f = 0; f < FIELD_COUNT; f++) rows.set(fields[f] ?? [], offsets[i * FIELD_COUNT + f] ?? 0);
  });
  return { items: perItem.length, offsets, rows };
}

// 32-bit FNV-1a over the UTF-16 code units of the token, the field folded into the offset basis so two fields
// never share a hash stream, then one splitmix32 round: FNV's low bits alone are weak for `% buckets`.
function hashToken(token: string, field: number, seed: number): number {
  let h = (0x811c9dc5 ^ mixSeed(seed + field * 0x3c6ef372)) >>> 0;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mixSeed(h) >>> 0;
}
