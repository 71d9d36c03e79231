import { describe, expect, it } from 'vitest';
import { createRng } from '@shopspace/item2vec';
import { AutocompleteError } from '../autocomplete.errors.ts';
import { buildQueryModel, type ShopEvent } from '../model/query-model.builder.ts';
import { VECTOR_SCALE, type QueryModel } from '../model/query-model.ts';
import { sessionVector } from '../session/session-vector.ts';
import { CATALOG, NOW, SPACE } from '../testing.fixture.ts';
import { wordStarts } from '../text/normalize.ts';
import { AutocompleteIndex } from './autocomplete-index.ts';

/** `count` searches of `query`, each followed by a view of `sku` in the same session. */
function searched(query: string, sku: string, count: number, tag = query): ShopEvent[] {
  return Array.from({ length: count }, (_, i) => [
    { type: 'SEARCH' as const, sessionId: `${tag}-${i}`, query, timestamp: NOW },
    { type: 'VIEW' as const, sessionId: `${tag}-${i}`, sku, timestamp: NOW },
  ]).flat();
}

const LOGGED = [
  ...searched('candle holder', 'C1', 6),
  ...searched('candy jar', 'S1', 5),
  ...searched('candy floss', 'S2', 2),
  ...searched('white heart', 'C2', 3),
  ...searched('heart', 'C2', 1),
  ...searched('lantern', 'C1', 4),
];
// Logged queries only, so rankings follow from the searches above; catalog candidates have their own test.
const model = buildQueryModel(
  { events: LOGGED, items: CATALOG, itemSpace: SPACE },
  { now: NOW, catalogCandidates: false },
);
const index = AutocompleteIndex.fromModel(model);
const texts = (prefix: string, session: Float32Array | null = null, k = 3): string[] =>
  index.suggest(prefix, session, k).map((s) => s.text);

describe('AutocompleteIndex.suggest', () => {
  it('completes a prefix by popularity without a session', () => {
    expect(texts('can')).toEqual(['candle holder', 'candy jar', 'candy floss']);
    expect(texts('cand', null, 1)).toEqual(['candle holder']);
    expect(texts('lan')).toEqual(['lantern']);
  });

  it('matches at word starts inside a query too, below an equally popular start match', () => {
    expect(texts('heart', null, 8).slice(0, 2)).toEqual(['white heart', 'heart']);
    expect(texts('holder', null, 8)).toContain('candle holder');
    // "eart" starts no word.
    expect(texts('eart', null, 8).filter((t) => t.includes('heart') && !t.includes('eart '))).toEqual([]);
  });

  it('ranks the same prefix differently for two sessions with different intents', () => {
    const candles = sessionVector(['C2'], SPACE);
    const sweets = sessionVector(['S2', 'S1'], SPACE);
    const forCandles = texts('cand', candles, 8);
    const forSweets = texts('cand', sweets, 8);
    expect(forCandles[0]).toBe('candle holder');
    expect(forSweets[0]).toBe('candy jar');
    // Within one answer too: the sweets shopper sees "candy floss" (2 searches) above "candle holder" (6).
    expect(forSweets.indexOf('candy floss')).toBeLessThan(forSweets.indexOf('candle holder'));
    expect(forCandles.indexOf('candy floss')).toBeGreaterThan(forCandles.indexOf('candle holder'));
  });

  it('tolerates one typo only from 4 characters on, ranking exact matches first', () => {
    expect(texts('lant')).toEqual(['lantern']);
    expect(texts('lnt')).toEqual([]); // 3 characters: no typo tolerance
    expect(texts('lnat')).toEqual(['lantern']); // transposition
    expect(texts('xandle', null, 8)).toEqual([]); // the first character is never edited
    expect(texts('cnadle ', null, 8)).toEqual(['candle holder']); // swapping the 2nd and 3rd characters is fine
    expect(texts('lante', null, 8)).toEqual(['lantern']);
    expect(texts('lante ', null, 8)).toEqual([]); // nor is the space that ends a finished word
    expect(texts('canle ', null, 8)).toEqual(['candle holder']); // a character inserted before the space
    const [typo] = index.suggest('lamtern', null, 1);
    expect(typo?.text).toBe('lantern');
    expect(typo?.typo).toBe(true);
    expect(index.suggest('lantern', null, 1)[0]?.typo).toBe(false);
    // "candy" is one substitution from the more popular "candl(e holder)", which still ranks after both candies.
    expect(texts('candy', null, 3)).toEqual(['candy jar', 'candy floss', 'candle holder']);
    const stricter = AutocompleteIndex.fromModel(model, { minTypoLength: 5 });
    expect(stricter.suggest('lnat', null, 3)).toEqual([]);
  });

  it('highlights the matched part', () => {
    const byText = new Map(index.suggest('hea', null, 8).map((s) => [s.text, s]));
    expect(byText.get('white heart')?.highlight).toBe('white <b>hea</b>rt');
    expect(byText.get('white heart')?.match).toEqual([6, 9]);
    expect(byText.get('heart')?.highlight).toBe('<b>hea</b>rt');
    expect(index.suggest('lamtern', null, 1)[0]?.highlight).toBe('<b>lantern</b>');
  });

  it('completes from the catalog when the shop has no query log', () => {
    const dayOne = AutocompleteIndex.fromModel(
      buildQueryModel({ events: [], items: CATALOG, itemSpace: SPACE }, { now: NOW }),
    );
    const suggestions = dayOne.suggest('can', null, 20).map((s) => s.text);
    expect(suggestions).toEqual(expect.arrayContaining(['candle', 'candy', 'candles', 'candle holder', 'candy jar']));
    // "candle" and "candy" match two items each, "candle holder" one: more items, higher prior.
    expect(suggestions.indexOf('candy')).toBeLessThan(suggestions.indexOf('candle holder'));
    expect(dayOne.suggest('sug', null, 1)[0]?.text).toBe('sugar & co');
    expect(dayOne.suggest('cand', sessionVector(['S1'], SPACE), 1)[0]?.text).toBe('candy');
  });

  it('rejects bad arguments naming them', () => {
    const fieldOf = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (error) {
        return error instanceof AutocompleteError ? error.field : 'other';
      }
      return undefined;
    };
    expect(fieldOf(() => index.suggest('can', null, 0))).toBe('k');
    expect(fieldOf(() => index.suggest('can', new Float32Array(3), 2))).toBe('sessionVector');
    expect(fieldOf(() => index.suggest(42 as unknown as string, null, 2))).toBe('prefix');
    expect(fieldOf(() => AutocompleteIndex.fromModel(model, { personalWeight: 2 }))).toBe('options.personalWeight');
  });
});

describe('AutocompleteIndex.items', () => {
  it('returns products with a title word starting with the prefix, ranked by the session', () => {
    const candles = sessionVector(['C1'], SPACE);
    const sweets = sessionVector(['S1'], SPACE);
    expect(
      index
        .items('jar', null, 5)
        .map((h) => h.sku)
        .sort(),
    ).toEqual(['C2', 'S1']);
    expect(index.items('jar', candles, 5).map((h) => h.sku)).toEqual(['C2', 'S1']);
    expect(index.items('jar', sweets, 5).map((h) => h.sku)).toEqual(['S1', 'C2']);
    expect(index.items('jar', sweets, 1)[0]?.highlight).toBe('candy <b>jar</b> pink');
    expect(index.items('ar', null, 5)).toEqual([]); // not a word start
    expect(index.items('', null, 5)).toEqual([]);
  });
});

describe('ranking oracle', () => {
  /** Scores every stored query the way suggest() documents it: no typo, no budget. */
  function bruteForce(m: QueryModel, prefix: string, session: Float32Array | null, k: number, w: number): string[] {
    const { texts: all, popularity, vectors } = m.queries;
    const max = Math.log1p(Math.max(...popularity));
    const scored = all.flatMap((text, row) => {
      const starts = wordStarts(text).filter((s) => text.startsWith(prefix, s));
      if (starts.length === 0) return [];
      let score = (session ? 1 - w : 1) * (Math.log1p(popularity[row] ?? 0) / max);
      if (session) {
        let dot = 0;
        for (let d = 0; d < m.dim; d++) dot += (vectors[row * m.dim + d] ?? 0) * (session[d] ?? 0);
        score += w * Math.max(0, dot / VECTOR_SCALE);
      }
      if (starts[0] !== 0) score -= 0.05;
      return [{ text, score, row }];
    });
    scored.sort((a, b) => b.score - a.score || a.text.length - b.text.length || a.row - b.row);
    return scored.slice(0, k).map((s) => s.text);
  }

  it('returns exactly the brute-force top k on random models when the budget covers the matches', () => {
    const rng = createRng(5);
    const words = ['red', 'rose', 'ribbon', 'round', 'rack', 'bag', 'box', 'blue', 'bowl', 'bird'];
    const skus = ['C1', 'C2', 'S1', 'S2'];
    const events: ShopEvent[] = [];
    for (let i = 0; i < 400; i++) {
      const query = Array.from({ length: 1 + rng.nextInt(3) }, () => words[rng.nextInt(words.length)]).join(' ');
      events.push(...searched(query, skus[rng.nextInt(4)] ?? 'C1', 1, `r${i}`));
    }
    const random = buildQueryModel(
      { events, items: [], itemSpace: SPACE },
      { now: NOW, catalogCandidates: false, afterQueryDecay: 1 },
    );
    const exact = AutocompleteIndex.fromModel(random, { budget: 100_000, minTypoLength: 100 });
    for (const prefix of ['r', 'ro', 'b', 'bo', 'red ', 'x']) {
      for (const session of [null, sessionVector(['C1'], SPACE), sessionVector(['S2', 'C2'], SPACE)]) {
        const got = exact.suggest(prefix, session, 5).map((s) => s.text);
        expect(got, `${prefix} ${session ? 'session' : 'none'}`).toEqual(bruteForce(random, prefix, session, 5, 0.5));
      }
    }
  });
});
