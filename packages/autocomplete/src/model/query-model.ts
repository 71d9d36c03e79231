// The per-shop query model: what a worker builds from a shop's events and catalog, serialises, and the API loads
// into an AutocompleteIndex. Plain typed arrays, so it is compact and cheap to copy between processes.
import { invalidArgument } from '../autocomplete.errors.ts';

/** Where a candidate query came from (bit flags in {@link QueryTable.source}). */
export const QuerySource = {
  /** Typed by shoppers (SEARCH events). */
  Log: 1,
  /** Derived from the catalog: title words and phrases, categories, brands. */
  Catalog: 2,
} as const;

/** Scale of the int8 vectors: a unit vector's components times 127, rounded. */
export const VECTOR_SCALE = 127;

/** Candidate completions, row-aligned. */
export interface QueryTable {
  /** Normalised query texts ({@link normalizeQuery}), distinct, in a stable order. */
  readonly texts: readonly string[];
  /** Time-decayed popularity (decayed SEARCH count, or the catalog prior). */
  readonly popularity: Float32Array;
  /** Unit query vectors × 127 as int8, row-major texts.length × dim; an all-zero row means "no vector". */
  readonly vectors: Int8Array;
  /** {@link QuerySource} flags per row. */
  readonly source: Uint8Array;
}

/** Products for the `items` hits, row-aligned. */
export interface ItemTable {
  readonly skus: readonly string[];
  /** Normalised titles, matched at word starts. */
  readonly titles: readonly string[];
  /** Time-decayed interaction count (views, clicks, carts, purchases). */
  readonly popularity: Float32Array;
  /** Unit item vectors × 127 as int8, row-major; zero row = the item has no vector. */
  readonly vectors: Int8Array;
}

export interface QueryModel {
  /** Dimension of the shop's item space. */
  readonly dim: number;
  /** The `now` popularity was decayed to (ms since the epoch). */
  readonly builtAt: number;
  readonly queries: QueryTable;
  readonly items: ItemTable;
  /**
   * The prefix indexes' sorted entries (word starts of the query texts and of the titles), when the model was
   * read from bytes that carry them: the API then skips the sort, the slow part of building an index.
   */
  readonly sorted?: { readonly queries: SortedEntries; readonly items: SortedEntries };
}

/** Entries of a prefix index in sorted order: the text row and the word start's offset of each. */
export interface SortedEntries {
  readonly entryRow: Uint32Array;
  readonly entryOffset: Uint16Array;
}

/** The shop's item vectors: row `rowOf.get(sku)` of a row-major `vectors` (dim columns), e.g. an item2vec model. */
export interface ItemSpace {
  readonly dim: number;
  readonly vectors: Float32Array;
  readonly rowOf: ReadonlyMap<string, number>;
}

/** Checks an item space's shape, naming `field` in the error. */
export function validateItemSpace(space: ItemSpace, field = 'itemSpace'): void {
  if (!Number.isInteger(space.dim) || space.dim < 1) {
    throw invalidArgument(`${field}.dim`, `must be a positive integer, got ${space.dim}`);
  }
  if (!(space.vectors instanceof Float32Array) || space.vectors.length % space.dim !== 0) {
    throw invalidArgument(`${field}.vectors`, `must be a Float32Array whose length is a multiple of dim ${space.dim}`);
  }
  const rows = space.vectors.length / space.dim;
  for (const [sku, row] of space.rowOf) {
    if (!Number.isInteger(row) || row < 0 || row >= rows) {
      throw invalidArgument(`${field}.rowOf`, `maps ${JSON.stringify(sku)} to row ${row}, outside 0..${rows - 1}`);
    }
  }
}

/** Writes the dim values of `sum` at `offset`, scaled to unit length, as int8 row `row` of `out` (zero stays zero). */
export function quantizeInto(out: Int8Array, row: number, sum: Float64Array, offset: number, dim: number): void {
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += (sum[offset + d] ?? 0) ** 2;
  if (norm === 0) return;
  const scale = VECTOR_SCALE / Math.sqrt(norm);
  for (let d = 0; d < dim; d++) out[row * dim + d] = Math.round((sum[offset + d] ?? 0) * scale);
}

/**
 * Adds `weight` × the unit-length row `row` of the item space to `sum` at `offset` (items are averaged by
 * direction, so an item with a long vector does not outweigh the others). Returns false for a zero row.
 */
export function addUnitItemVector(
  sum: Float64Array,
  offset: number,
  space: ItemSpace,
  row: number,
  weight: number,
): boolean {
  const base = row * space.dim;
  let norm = 0;
  for (let d = 0; d < space.dim; d++) norm += (space.vectors[base + d] ?? 0) ** 2;
  if (norm === 0) return false;
  const scale = weight / Math.sqrt(norm);
  for (let d = 0; d < space.dim; d++) sum[offset + d] = (sum[offset + d] ?? 0) + scale * (space.vectors[base + d] ?? 0);
  return true;
}
