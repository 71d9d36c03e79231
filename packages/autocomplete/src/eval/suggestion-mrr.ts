// Suggestion quality: for each search in held-out sessions, type the first 1..4 characters of the query and
// find the query's rank among the suggestions, with and without the session (the items viewed before the
// search), so the gain from personalisation is a number. MRR@k: 1/rank, 0 when the query is not in the top k.
import { invalidArgument, requirePositiveInteger } from '../autocomplete.errors.ts';
import type { AutocompleteIndex } from '../index/autocomplete-index.ts';
import type { ShopEvent } from '../model/query-model.builder.ts';
import { normalizeQuery } from '../text/normalize.ts';

/** One search to complete: the normalised query and the session's items viewed before it (oldest first). */
export interface SuggestionCase {
  readonly query: string;
  readonly context: readonly string[];
}

/** Every SEARCH of `events` (in time order) with the VIEW/CLICK skus of its session before it. */
export function suggestionCases(events: readonly ShopEvent[]): SuggestionCase[] {
  const viewed = new Map<string, string[]>();
  const cases: SuggestionCase[] = [];
  for (const event of events) {
    let context = viewed.get(event.sessionId);
    if (!context) viewed.set(event.sessionId, (context = []));
    if (event.type === 'SEARCH') {
      const query = normalizeQuery(event.query ?? '');
      if (query !== '') cases.push({ query, context: [...context] });
    } else if ((event.type === 'VIEW' || event.type === 'CLICK') && event.sku) context.push(event.sku);
  }
  return cases;
}

export interface SuggestionEvaluationOptions {
  /** Default [1, 2, 3, 4]. */
  readonly prefixLengths?: readonly number[];
  /** Suggestions requested per prefix. Default 8 (the contract's `first`). */
  readonly k?: number;
  /** The session vector of a case's context (e.g. sessionVector over the shop's item space), or null. */
  readonly sessionVectorOf: (context: readonly string[]) => Float32Array | null;
}

export interface SuggestionMrrRow {
  readonly prefixLength: number;
  /** Cases whose query is at least prefixLength characters long. */
  readonly cases: number;
  /** Of those, cases with a session vector (at least one viewed item with a vector). */
  readonly withContext: number;
  /** MRR@k over all cases, popularity only (no session). */
  readonly mrrPopularity: number;
  /** MRR@k over all cases with the session vector (equal to popularity where there is none). */
  readonly mrrSession: number;
  /** The same two restricted to cases with a session vector, where personalisation can act. */
  readonly mrrPopularityWithContext: number;
  readonly mrrSessionWithContext: number;
}

export function evaluateSuggestions(
  index: AutocompleteIndex,
  cases: readonly SuggestionCase[],
  options: SuggestionEvaluationOptions,
): SuggestionMrrRow[] {
  const prefixLengths = options.prefixLengths ?? [1, 2, 3, 4];
  prefixLengths.forEach((length, i) => requirePositiveInteger(`options.prefixLengths[${i}]`, length));
  const k = options.k ?? 8;
  requirePositiveInteger('options.k', k);
  if (typeof options.sessionVectorOf !== 'function') {
    throw invalidArgument('options.sessionVectorOf', 'must be a function');
  }
  const vectors = cases.map((c) => options.sessionVectorOf(c.context));
  const reciprocal = (prefix: string, query: string, session: Float32Array | null): number => {
    const rank = index.suggest(prefix, session, k).findIndex((s) => s.text === query);
    return rank < 0 ? 0 : 1 / (rank + 1);
  };
  return prefixLengths.map((prefixLength) => {
    let count = 0;
    let withContext = 0;
    const sums = { pop: 0, session: 0, popContext: 0, sessionContext: 0 };
    cases.forEach((c, i) => {
      if (c.query.length < prefixLength) return;
      count++;
      const prefix = c.query.slice(0, prefixLength);
      const pop = reciprocal(prefix, c.query, null);
      sums.pop += pop;
      const vector = vectors[i] ?? null;
      if (vector === null) {
        sums.session += pop;
        return;
      }
      const personal = reciprocal(prefix, c.query, vector);
      sums.session += personal;
      withContext++;
      sums.popContext += pop;
      sums.sessionContext += personal;
    });
    const mean = (sum: number, n: number): number => (n > 0 ? sum / n : 0);
    return {
      prefixLength,
      cases: count,
      withContext,
      mrrPopularity: mean(sums.pop, count),
      mrrSession: mean(sums.session, count),
      mrrPopularityWithContext: mean(sums.popContext, withContext),
      mrrSessionWithContext: mean(sums.sessionContext, withContext),
    };
  });
}
