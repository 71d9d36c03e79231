import { describe, expect, it } from 'vitest';
import { AutocompleteIndex } from '../index/autocomplete-index.ts';
import { buildQueryModel, type ShopEvent } from '../model/query-model.builder.ts';
import { sessionVector } from '../session/session-vector.ts';
import { NOW, SPACE } from '../testing.fixture.ts';
import { evaluateSuggestions, suggestionCases } from './suggestion-mrr.ts';

const at = (i: number): number => NOW - 1000 + i;
const events: ShopEvent[] = [
  // Popularity: "candle" (3 searches) above "candy" (1), both followed by items of their intent.
  ...[0, 1, 2].flatMap((i): ShopEvent[] => [
    { type: 'SEARCH', sessionId: `c${i}`, query: 'candle', timestamp: at(i) },
    { type: 'VIEW', sessionId: `c${i}`, sku: 'C1', timestamp: at(i) },
  ]),
  { type: 'SEARCH', sessionId: 's', query: 'candy', timestamp: at(5) },
  { type: 'VIEW', sessionId: 's', sku: 'S1', timestamp: at(5) },
];
const index = AutocompleteIndex.fromModel(
  buildQueryModel({ events, items: [], itemSpace: SPACE }, { now: NOW, catalogCandidates: false }),
);

describe('suggestionCases', () => {
  it('pairs each search with the items its session viewed before it', () => {
    const cases = suggestionCases([
      { type: 'VIEW', sessionId: 'x', sku: 'S1', timestamp: 1 },
      { type: 'VIEW', sessionId: 'y', sku: 'C1', timestamp: 2 },
      { type: 'SEARCH', sessionId: 'x', query: ' Candy ', timestamp: 3 },
      { type: 'VIEW', sessionId: 'x', sku: 'S2', timestamp: 4 },
      { type: 'SEARCH', sessionId: 'x', query: 'floss', timestamp: 5 },
    ]);
    expect(cases).toEqual([
      { query: 'candy', context: ['S1'] },
      { query: 'floss', context: ['S1', 'S2'] },
    ]);
  });
});

describe('evaluateSuggestions', () => {
  it('computes MRR with and without the session', () => {
    const rows = evaluateSuggestions(index, [{ query: 'candy', context: ['S2'] }], {
      prefixLengths: [1, 5],
      k: 2,
      sessionVectorOf: (context) => sessionVector(context, SPACE),
    });
    // Popularity alone puts "candle" first, "candy" second (1/2); the sweets session lifts "candy" to first.
    expect(rows[0]).toMatchObject({ prefixLength: 1, cases: 1, withContext: 1, mrrPopularity: 0.5, mrrSession: 1 });
    expect(rows[1]).toMatchObject({ prefixLength: 5, mrrPopularity: 1, mrrSession: 1 });
  });

  it('counts a query missing from the top k as 0 and skips prefixes longer than the query', () => {
    const rows = evaluateSuggestions(index, [{ query: 'candy', context: [] }], {
      prefixLengths: [1, 6],
      k: 1,
      sessionVectorOf: () => null,
    });
    expect(rows.map((r) => [r.cases, r.withContext, r.mrrPopularity, r.mrrSession])).toEqual([
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });
});
