// Candidate completions a shop has on day one, before anyone searched: its title words and phrases (1-3 word
// n-grams starting at word boundaries), category names and brands. Each gets the mean vector of the items it
// matches; its prior popularity is set by the builder from the number of items matched.
import { isWordChar, normalizeQuery } from '../text/normalize.ts';
import type { ItemSpace } from './query-model.ts';
import type { TextTable } from './text-table.ts';

/** A product as the catalog knows it. */
export interface CatalogItem {
  readonly sku: string;
  readonly title: string;
  /** Category path or names; each name becomes a candidate. */
  readonly category?: readonly string[] | null;
  readonly brand?: string | null;
}

/** Longest title phrase offered as a completion, in words. */
export const MAX_PHRASE_WORDS = 3;

// A phrase does not start or end on these: "set of" and "of 3" are not things shoppers search for.
const STOPWORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'from',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
  '&',
]);

/** Space-separated tokens of a normalised text that contain at least one letter or digit. */
export function titleTokens(normalisedTitle: string): string[] {
  return normalisedTitle.split(' ').filter((token) => [...token].some(isWordChar));
}

/** The distinct 1..maxWords-word phrases of a normalised title that a shopper might type. */
export function titlePhrases(normalisedTitle: string, maxWords = MAX_PHRASE_WORDS): string[] {
  const tokens = titleTokens(normalisedTitle);
  const phrases = new Set<string>();
  for (let start = 0; start < tokens.length; start++) {
    const first = tokens[start] ?? '';
    if (STOPWORDS.has(first)) continue;
    for (let n = 1; n <= maxWords && start + n <= tokens.length; n++) {
      const last = tokens[start + n - 1] ?? '';
      if (STOPWORDS.has(last) || (n === 1 && first.length < 2)) continue;
      phrases.add(tokens.slice(start, start + n).join(' '));
    }
  }
  return [...phrases];
}

/**
 * Adds every catalog candidate of `items` (validated by the caller) to `table` (vector sum of the matched items' unit vectors) and returns
 * how many distinct items each row matched (indexed by table row; rows not touched stay 0).
 */
export function collectCatalogCandidates(
  items: readonly CatalogItem[],
  space: ItemSpace,
  table: TextTable,
): Map<number, number> {
  const matched = new Map<number, number>();
  for (const item of items) {
    const candidates = new Set(titlePhrases(normalizeQuery(item.title)));
    for (const name of item.category ?? []) candidates.add(normalizeQuery(name));
    if (item.brand) candidates.add(normalizeQuery(item.brand));
    candidates.delete('');
    const itemRow = space.rowOf.get(item.sku);
    for (const text of candidates) {
      const row = table.row(text);
      matched.set(row, (matched.get(row) ?? 0) + 1);
      if (itemRow !== undefined) table.addItem(row, space, itemRow, 1);
    }
  }
  return matched;
}
