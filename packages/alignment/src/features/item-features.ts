// Item feature vectors from catalog fields only, comparable across the shops aligned together: hashed TF-IDF
// over token families (title words and bigrams, title char 3/4-grams, abbreviation keys, description and
// category words, brand / price band / attributes), IDF over the union of all the shops' items, each family
// L2-normalised and weighted, then a seeded sparse random projection to a fixed dimension, L2-normalised again.
import { mixSeed } from '@shopspace/item2vec';
import { requireInput } from '../alignment.errors.ts';
import { abbreviationKeys, charNgrams, normalizeText, wordBigrams, words } from './text-tokens.ts';

/** The catalog fields features are built from; everything but the title is optional. */
export interface CatalogItem {
  readonly title: string;
  readonly description?: string;
  /** Root first, e.g. ['Home', 'Kitchen', 'Mugs']. */
  readonly categoryPath?: readonly string[];
  readonly brand?: string;
  /** In one currency across the shops aligned together (price bands are compared as is). */
  readonly price?: number;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Token families; each is L2-normalised on its own and then weighted, so no family drowns another. */
export type FeatureFamily = 'words' | 'chars' | 'keys' | 'text' | 'meta';

export interface FeatureOptions {
  /** Output dimension. Default 256. */
  readonly dim?: number;
  /** Seed of the random projection. Default 1. */
  readonly seed?: number;
  /** Non-zeros per token in the projection (each ±1/√s). Default 4. */
  readonly hashesPerToken?: number;
  /** Weight of each family. Default words 1, chars 1, keys 0.5, text 0.5, meta 0.5. */
  readonly familyWeights?: Partial<Record<FeatureFamily, number>>;
  /** Ratio between consecutive price bands (band = ⌊log(price) / log(ratio)⌋). Default 1.5. */
  readonly priceBandRatio?: number;
}

export interface ItemFeatures {
  readonly dim: number;
  /** One row-major (items × dim) matrix per catalog, rows unit length (zero for an item with no tokens). */
  readonly vectors: Float32Array[];
}

const DEFAULT_WEIGHTS: Record<FeatureFamily, number> = { words: 1, chars: 1, keys: 0.5, text: 0.5, meta: 0.5 };
const FAMILIES = Object.keys(DEFAULT_WEIGHTS) as FeatureFamily[];

/** Tokens of one item by family, each prefixed so families never share a hash. */
export function itemTokens(item: CatalogItem, priceBandRatio = 1.5): Record<FeatureFamily, string[]> {
  const title = words(item.title);
  const text = [...words(item.description ?? '').map((w) => `d:${w}`)];
  const path = (item.categoryPath ?? []).map(normalizeText);
  path.forEach((_, level) => text.push(`c:${path.slice(0, level + 1).join('/')}`));
  const meta: string[] = [];
  if (item.brand !== undefined && normalizeText(item.brand) !== '') meta.push(`b:${normalizeText(item.brand)}`);
  if (item.price !== undefined && item.price > 0) {
    meta.push(`$:${Math.floor(Math.log(item.price) / Math.log(priceBandRatio))}`);
  }
  for (const [key, value] of Object.entries(item.attributes ?? {})) {
    meta.push(`a:${normalizeText(key)}=${normalizeText(value)}`);
  }
  return {
    words: [...title.map((w) => `w:${w}`), ...wordBigrams(title).map((b) => `w2:${b}`)],
    chars: charNgrams(title, [3, 4]).map((g) => `g:${g}`),
    keys: abbreviationKeys(title),
    text,
    meta,
  };
}

/**
 * Feature vectors for the items of several catalogs (one per shop), with IDF over all of them so the same
 * title gets the same vector in every shop. Deterministic: the same items and options give the same bits.
 */
export function buildItemFeatures(
  catalogs: readonly (readonly CatalogItem[])[],
  options: FeatureOptions = {},
): ItemFeatures {
  const dim = options.dim ?? 256;
  const seed = options.seed ?? 1;
  const hashes = options.hashesPerToken ?? 4;
  const ratio = options.priceBandRatio ?? 1.5;
  const weights = { ...DEFAULT_WEIGHTS, ...options.familyWeights };
  requireInput(catalogs.length > 0, 'catalogs', 'is empty: pass one item list per shop');
  requireInput(Number.isInteger(dim) && dim > 0, 'options.dim', `must be a positive integer, got ${dim}`);
  requireInput(Number.isInteger(hashes) && hashes > 0, 'options.hashesPerToken', 'must be a positive integer');
  requireInput(ratio > 1, 'options.priceBandRatio', `must exceed 1, got ${ratio}`);
  for (const family of FAMILIES) {
    requireInput(weights[family] >= 0, `options.familyWeights.${family}`, 'must be >= 0');
  }
  const tokenized = catalogs.map((items, c) => {
    requireInput(items.length > 0, `catalogs[${c}]`, 'is empty');
    return items.map((item, i) => {
      requireInput(typeof item.title === 'string', `catalogs[${c}][${i}].title`, 'must be a string');
      return itemTokens(item, ratio);
    });
  });

  // Document frequency over the union of all catalogs: the IDF every shop is weighted with.
  const df = new Map<string, number>();
  let documents = 0;
  for (const items of tokenized) {
    for (const item of items) {
      documents++;
      for (const family of FAMILIES) for (const token of new Set(item[family])) df.set(token, (df.get(token) ?? 0) + 1);
    }
  }
  const idf = (token: string): number => Math.log((1 + documents) / (1 + (df.get(token) ?? 0))) + 1;
  const projection = new Map<string, { index: Int32Array; sign: Float32Array }>();
  const project = (token: string): { index: Int32Array; sign: Float32Array } => {
    let p = projection.get(token);
    if (!p) {
      p = { index: new Int32Array(hashes), sign: new Float32Array(hashes) };
      const h = fnv1a(token, seed);
      for (let t = 0; t < hashes; t++) {
        const z = mixSeed(h ^ Math.imul(t + 1, 0x9e3779b1)) >>> 0;
        p.index[t] = z % dim;
        p.sign[t] = (z & 0x80000000) === 0 ? 1 / Math.sqrt(hashes) : -1 / Math.sqrt(hashes);
      }
      projection.set(token, p);
    }
    return p;
  };

  const vectors = tokenized.map((items) => {
    const out = new Float32Array(items.length * dim);
    const row = new Float64Array(dim);
    items.forEach((item, i) => {
      row.fill(0);
      for (const family of FAMILIES) {
        const weight = weights[family];
        if (weight === 0 || item[family].length === 0) continue;
        const counts = new Map<string, number>();
        for (const token of item[family]) counts.set(token, (counts.get(token) ?? 0) + 1);
        // Sublinear TF × IDF, normalised within the family in the exact (unhashed) token space.
        const tfidf = [...counts].map(([token, count]) => [token, (1 + Math.log(count)) * idf(token)] as const);
        const norm = Math.sqrt(tfidf.reduce((sum, [, v]) => sum + v * v, 0));
        for (const [token, value] of tfidf) {
          const { index, sign } = project(token);
          const scaled = (weight * value) / norm;
          for (let t = 0; t < hashes; t++) row[index[t]!]! += scaled * sign[t]!;
        }
      }
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += row[d]! * row[d]!;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let d = 0; d < dim; d++) out[i * dim + d] = row[d]! * scale;
    });
    return out;
  });
  return { dim, vectors };
}

// 32-bit FNV-1a over UTF-16 code units, seeded through its offset basis.
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ mixSeed(seed)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
