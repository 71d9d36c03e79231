import { describe, expect, it } from 'vitest';
import { AutocompleteError } from '../autocomplete.errors.ts';
import { CATALOG, DAY, NOW, SPACE } from '../testing.fixture.ts';
import { buildQueryModel, type ShopEvent } from './query-model.builder.ts';
import { QuerySource, VECTOR_SCALE } from './query-model.ts';

const search = (sessionId: string, query: string, timestamp: number): ShopEvent => ({
  type: 'SEARCH',
  sessionId,
  query,
  timestamp,
});
const view = (sessionId: string, sku: string, timestamp: number): ShopEvent => ({
  type: 'VIEW',
  sessionId,
  sku,
  timestamp,
});

const rowVector = (vectors: Int8Array, row: number, dim = 4): number[] =>
  Array.from(vectors.subarray(row * dim, (row + 1) * dim), (v) => v / VECTOR_SCALE);

describe('buildQueryModel', () => {
  it('decays popularity by the half-life, relative to now', () => {
    const events = [
      search('a', 'Lamp', NOW - 60 * DAY),
      search('b', ' lamp ', NOW - 30 * DAY),
      search('c', 'LAMP', NOW),
    ];
    const model = buildQueryModel(
      { events, items: [], itemSpace: SPACE },
      { now: NOW, halfLifeDays: 30, catalogCandidates: false },
    );
    expect(model.queries.texts).toEqual(['lamp']);
    expect(model.queries.popularity[0]).toBeCloseTo(1 + 0.5 + 0.25, 6);
    const shorter = buildQueryModel(
      { events, items: [], itemSpace: SPACE },
      { now: NOW, halfLifeDays: 15, catalogCandidates: false },
    );
    expect(shorter.queries.popularity[0]).toBeCloseTo(1 + 0.25 + 0.0625, 6);
  });

  it('averages the items viewed after a query in its session, until the next query', () => {
    const events = [
      view('s', 'S1', NOW - 5), // before the query: not part of it
      search('s', 'glow', NOW - 4),
      view('s', 'C1', NOW - 3),
      view('t', 'S2', NOW - 3), // another session
      view('s', 'C2', NOW - 2),
      search('s', 'sweet', NOW - 1),
      view('s', 'S1', NOW),
    ];
    const model = buildQueryModel(
      { events, items: CATALOG, itemSpace: SPACE },
      { now: NOW, afterQueryDecay: 1, catalogCandidates: false },
    );
    const glow = rowVector(model.queries.vectors, model.queries.texts.indexOf('glow'));
    // Mean of unit C1 and unit C2: along axis 0, nothing along axis 3 (S1's).
    expect(glow[0]).toBeGreaterThan(0.95);
    expect(glow[1]).toBeGreaterThan(0);
    expect(glow[3]).toBe(0);
    const sweet = rowVector(model.queries.vectors, model.queries.texts.indexOf('sweet'));
    expect(sweet[1]).toBeGreaterThan(0.95);
    expect(sweet[0]).toBe(0);
  });

  it('weights the first item after the query most when afterQueryDecay < 1', () => {
    const events = [search('s', 'q', NOW), view('s', 'C1', NOW), view('s', 'S1', NOW)];
    const model = buildQueryModel(
      { events, items: [], itemSpace: SPACE },
      { now: NOW, afterQueryDecay: 0.5, catalogCandidates: false },
    );
    const [x = 0, y = 0] = rowVector(model.queries.vectors, 0);
    expect(x).toBeGreaterThan(y);
  });

  it('offers catalog phrases, categories and brands with a prior and the matched items as vector', () => {
    const model = buildQueryModel({ events: [], items: CATALOG, itemSpace: SPACE }, { now: NOW, catalogPrior: 0.5 });
    const { texts, popularity, source, vectors } = model.queries;
    for (const text of ['candle holder', 'candle holder glass', 'candy', 'candles', 'sugar & co', 'jar']) {
      expect(texts).toContain(text);
    }
    // A phrase neither starts nor ends on a stopword.
    expect(texts.filter((t) => t.endsWith(' &') || t.startsWith('& '))).toEqual([]);
    const jar = texts.indexOf('jar');
    expect(popularity[jar]).toBeCloseTo(2 * 0.5, 6); // C2 and S1
    expect(popularity[texts.indexOf('pink')]).toBeCloseTo(0.5, 6);
    expect(source[jar]).toBe(QuerySource.Catalog);
    const candles = rowVector(vectors, texts.indexOf('candles'));
    expect(candles[0]).toBeGreaterThan(0.9);
  });

  it('keeps the logged vector and adds the prior when a query is also a catalog candidate', () => {
    const events = [search('s', 'Candy', NOW), view('s', 'C1', NOW)];
    const model = buildQueryModel({ events, items: CATALOG, itemSpace: SPACE }, { now: NOW, catalogPrior: 0.1 });
    const row = model.queries.texts.indexOf('candy');
    expect(row).toBe(0);
    expect(model.queries.source[row]).toBe(QuerySource.Log | QuerySource.Catalog);
    expect(model.queries.popularity[row]).toBeCloseTo(1 + 2 * 0.1, 6);
    expect(rowVector(model.queries.vectors, row)[0]).toBeGreaterThan(0.9); // C1's, not the candy items'
  });

  it('counts decayed interactions as item popularity for item hits', () => {
    const events = [view('s', 'C2', NOW - 30 * DAY), view('s', 'C2', NOW), view('t', 'S1', NOW)];
    const model = buildQueryModel({ events, items: CATALOG, itemSpace: SPACE }, { now: NOW, halfLifeDays: 30 });
    expect(Array.from(model.items.popularity)).toEqual([0, 1.5, 1, 0]);
    expect(model.items.titles[0]).toBe('candle holder glass');
  });

  it('names the offending event, item or option in its errors', () => {
    const build = (events: ShopEvent[], options = { now: NOW }): unknown =>
      buildQueryModel({ events, items: CATALOG, itemSpace: SPACE }, options);
    const fieldOf = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(AutocompleteError);
        return (error as AutocompleteError).field;
      }
      return undefined;
    };
    expect(fieldOf(() => build([view('s', 'C1', NOW), view('s', 'C2', NOW - 1)]))).toBe('events[1].timestamp');
    expect(fieldOf(() => build([{ type: 'VIEW', sessionId: 's', timestamp: NOW }]))).toBe('events[0].sku');
    expect(fieldOf(() => build([{ type: 'SEARCH', sessionId: 's', timestamp: NOW }]))).toBe('events[0].query');
    expect(fieldOf(() => build([{ type: 'BUY' as 'VIEW', sessionId: 's', sku: 'C1', timestamp: NOW }]))).toBe(
      'events[0].type',
    );
    expect(fieldOf(() => build([], { now: Number.NaN }))).toBe('options.now');
    expect(
      fieldOf(() => buildQueryModel({ events: [], items: [CATALOG[0]!, CATALOG[0]!], itemSpace: SPACE }, { now: NOW })),
    ).toBe('items[1].sku');
    expect(
      fieldOf(() =>
        buildQueryModel({ events: [], items: [], itemSpace: { ...SPACE, rowOf: new Map([['X', 9]]) } }, { now: NOW }),
      ),
    ).toBe('itemSpace.rowOf');
  });
});
