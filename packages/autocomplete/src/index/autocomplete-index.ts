// The serving side of autocomplete: an in-memory index over one shop's query model that completes a typed prefix
// into suggested queries and matching products, ranked by popularity blended with the session's intent.
import { invalidArgument, requireFinite, requirePositiveInteger } from '../autocomplete.errors.ts';
import type { QueryModel, SortedEntries } from '../model/query-model.ts';
import { normalizePrefix } from '../text/normalize.ts';
import { highlight } from './highlight.ts';
import { PrefixIndex, type PrefixRange } from './prefix-index.ts';
import { PopularityTree, RankedSearch, type BlendParams, type RankedRows } from './ranked-search.ts';

export interface AutocompleteOptions {
  /** Weight of session similarity for suggestions: (1 - w) popularity + w cosine. Default 0.5. */
  readonly personalWeight?: number;
  /** The same for item hits, which lean on the session more. Default 0.7. */
  readonly itemPersonalWeight?: number;
  /** Prefixes at least this long (after normalisation) also match with one typo. Default 4. */
  readonly minTypoLength?: number;
  /**
   * Subtracted from the score of a match with a typo. Default 1: scores without it lie in [-0.05, 1], so a typo
   * match only fills places no exact match takes ("candy" must not become "candle" because candles sell more).
   */
  readonly typoPenalty?: number;
  /** Subtracted when the match is at a word start inside the text, not at its start. Default 0.05. */
  readonly innerWordPenalty?: number;
  /** Most candidates scored per call (bounds the worst case). Default 500. */
  readonly budget?: number;
}

/** A completed query. */
export interface Suggestion {
  /** The normalised query. */
  readonly text: string;
  readonly score: number;
  /** `text` HTML-escaped with the matched part in <b>…</b>: "white <b>hea</b>rt". */
  readonly highlight: string;
  /** The matched part as [start, end) offsets in `text`, for clients that render without HTML. */
  readonly match: readonly [number, number];
  /** True when the match needed one edit of the prefix. */
  readonly typo: boolean;
}

/** A product whose title matches the prefix at a word start. */
export interface ItemHit {
  readonly sku: string;
  readonly score: number;
  /** The normalised title, escaped and highlighted like {@link Suggestion.highlight}. */
  readonly highlight: string;
  readonly typo: boolean;
}

interface Side {
  readonly texts: readonly string[];
  readonly prefix: PrefixIndex;
  readonly tree: PopularityTree;
  readonly search: RankedSearch;
  readonly rows: RankedRows;
}

export class AutocompleteIndex {
  private readonly settings: Required<AutocompleteOptions>;

  private constructor(
    readonly model: QueryModel,
    private readonly queries: Side,
    private readonly products: Side,
    settings: Required<AutocompleteOptions>,
  ) {
    this.settings = settings;
  }

  /** Builds the index (sorting every word start of every query and title) from a model. */
  static fromModel(model: QueryModel, options: AutocompleteOptions = {}): AutocompleteIndex {
    const settings = resolveOptions(options);
    const { dim } = model;
    return new AutocompleteIndex(
      model,
      side(model.queries.texts, model.queries.popularity, model.queries.vectors, dim, model.sorted?.queries),
      side(model.items.titles, model.items.popularity, model.items.vectors, dim, model.sorted?.items),
      settings,
    );
  }

  get dim(): number {
    return this.model.dim;
  }

  /**
   * The k best query completions of `prefix` (normalised like stored queries, one trailing space kept). With a
   * session vector (see sessionVector; a sister shop's session mapped through the alignment works the same) they
   * are ranked by (1 - w) popularity + w cosine, else by popularity. Throws INVALID_ARGUMENT naming `prefix`,
   * `k` or `sessionVector`.
   */
  suggest(prefix: string, sessionVector: Float32Array | null, k: number): Suggestion[] {
    const { typed, params } = this.prepare(prefix, sessionVector, k, this.settings.personalWeight);
    return this.queries.search.top(this.ranges(this.queries, typed), params, k).map((hit) => {
      const text = this.queries.texts[hit.row] ?? '';
      return {
        text,
        score: hit.score,
        highlight: highlight(text, hit.start, hit.length),
        match: [hit.start, Math.min(text.length, hit.start + hit.length)] as const,
        typo: hit.typo,
      };
    });
  }

  /** The k products whose title has a word starting with `prefix`, ranked by the session, then popularity. */
  items(prefix: string, sessionVector: Float32Array | null, k: number): ItemHit[] {
    const { typed, params } = this.prepare(prefix, sessionVector, k, this.settings.itemPersonalWeight);
    if (typed.trim() === '') return [];
    return this.products.search.top(this.ranges(this.products, typed), params, k).map((hit) => ({
      sku: this.model.items.skus[hit.row] ?? '',
      score: hit.score,
      highlight: highlight(this.products.texts[hit.row] ?? '', hit.start, hit.length),
      typo: hit.typo,
    }));
  }

  /** Approximate bytes held: typed arrays exactly, strings at 2 bytes a character. */
  get byteSize(): number {
    const strings = (texts: readonly string[]): number => texts.reduce((sum, text) => sum + 2 * text.length, 0);
    const sideBytes = (s: Side): number =>
      strings(s.texts) +
      s.prefix.byteLength +
      s.tree.byteLength +
      s.rows.popularity.byteLength +
      s.rows.vectors.byteLength +
      s.search.byteLength;
    return sideBytes(this.queries) + sideBytes(this.products) + strings(this.model.items.skus);
  }

  private prepare(
    prefix: string,
    sessionVector: Float32Array | null,
    k: number,
    weight: number,
  ): { typed: string; params: BlendParams } {
    if (typeof prefix !== 'string') throw invalidArgument('prefix', 'must be a string');
    requirePositiveInteger('k', k);
    return {
      typed: normalizePrefix(prefix),
      params: {
        session: this.unitSession(sessionVector),
        weight,
        typoPenalty: this.settings.typoPenalty,
        innerWordPenalty: this.settings.innerWordPenalty,
        budget: this.settings.budget,
      },
    };
  }

  private ranges(side: Side, typed: string): PrefixRange[] {
    const ranges = [side.prefix.exact(typed)];
    if (typed.length >= this.settings.minTypoLength) ranges.push(...side.prefix.oneEdit(typed));
    return ranges;
  }

  private unitSession(vector: Float32Array | null): Float32Array | null {
    if (vector === null) return null;
    if (!(vector instanceof Float32Array) || vector.length !== this.model.dim) {
      throw invalidArgument('sessionVector', `must be null or a Float32Array of length ${this.model.dim}`);
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    if (!Number.isFinite(norm)) throw invalidArgument('sessionVector', 'must hold finite numbers');
    if (norm === 0) return null;
    const scale = 1 / Math.sqrt(norm);
    return vector.map((value) => value * scale);
  }
}

function side(
  texts: readonly string[],
  popularity: Float32Array,
  vectors: Int8Array,
  dim: number,
  sorted?: SortedEntries,
): Side {
  const prefix = sorted ? PrefixIndex.fromSorted(texts, sorted.entryRow, sorted.entryOffset) : PrefixIndex.build(texts);
  let max = 0;
  for (const value of popularity) max = Math.max(max, value);
  const scale = max > 0 ? 1 / Math.log1p(max) : 0;
  const rows: RankedRows = { popularity: popularity.map((value) => Math.log1p(value) * scale), vectors, dim };
  const tree = new PopularityTree(prefix, rows);
  return { texts, prefix, tree, search: new RankedSearch(prefix, rows, tree), rows };
}

function resolveOptions(options: AutocompleteOptions): Required<AutocompleteOptions> {
  const settings = {
    personalWeight: options.personalWeight ?? 0.5,
    itemPersonalWeight: options.itemPersonalWeight ?? 0.7,
    minTypoLength: options.minTypoLength ?? 4,
    typoPenalty: options.typoPenalty ?? 1,
    innerWordPenalty: options.innerWordPenalty ?? 0.05,
    budget: options.budget ?? 500,
  };
  requireFinite('options.personalWeight', settings.personalWeight, 0, 1);
  requireFinite('options.itemPersonalWeight', settings.itemPersonalWeight, 0, 1);
  requirePositiveInteger('options.minTypoLength', settings.minTypoLength);
  requireFinite('options.typoPenalty', settings.typoPenalty, 0, 1);
  requireFinite('options.innerWordPenalty', settings.innerWordPenalty, 0, 1);
  requirePositiveInteger('options.budget', settings.budget);
  return settings;
}
