// Synthetic long-tail queries for the latency benchmark: seeded combinations of 2-4 title words of a random item
// (sometimes with a word of a second item), each searched once in its own session and followed by a view of the
// item, so the query model reaches the benchmark's 100,000 distinct queries with realistic text and vectors.
import { normalizeQuery, titlePhrases, type CatalogItem, type ShopEvent } from '@shopspace/autocomplete';
import { createRng } from '@shopspace/item2vec';

/** Adds SEARCH + VIEW pairs until `known` (distinct normalised queries) holds `target` texts. */
export function syntheticQueryEvents(
  catalog: readonly CatalogItem[],
  known: Set<string>,
  target: number,
  window: { readonly from: number; readonly before: number },
  seed: number,
): ShopEvent[] {
  const rng = createRng(seed);
  const tokensOf = catalog.map((item) =>
    normalizeQuery(item.title)
      .split(' ')
      .filter((t) => t.length > 1),
  );
  const events: ShopEvent[] = [];
  for (let attempt = 0; known.size < target; attempt++) {
    if (attempt > target * 50) throw new Error(`synthetic queries: stuck at ${known.size} of ${target}`);
    const at = rng.nextInt(catalog.length);
    const tokens = tokensOf[at] ?? [];
    if (tokens.length === 0) continue;
    const words = new Set<string>();
    const want = 2 + rng.nextInt(3);
    for (let i = 0; i < want * 2 && words.size < want; i++) words.add(tokens[rng.nextInt(tokens.length)] ?? '');
    if (rng.nextFloat() < 0.3) {
      const other = tokensOf[rng.nextInt(catalog.length)] ?? [];
      if (other.length > 0) words.add(other[rng.nextInt(other.length)] ?? '');
    }
    const query = [...words].join(' ');
    if (query === '' || known.has(query)) continue;
    known.add(query);
    const sessionId = `synthetic-${attempt}`;
    const timestamp = window.from + Math.floor(rng.nextFloat() * (window.before - window.from - 60_000));
    const sku = catalog[at]?.sku ?? '';
    events.push({ type: 'SEARCH', sessionId, query, timestamp });
    events.push({ type: 'VIEW', sessionId, sku, timestamp: timestamp + 20_000 });
  }
  return events;
}

/** The distinct candidate texts a model will hold before synthetic queries: logged queries and catalog phrases. */
export function distinctCandidates(events: readonly ShopEvent[], catalog: readonly CatalogItem[]): Set<string> {
  const texts = new Set<string>();
  for (const event of events) if (event.type === 'SEARCH') texts.add(normalizeQuery(event.query ?? ''));
  for (const item of catalog) for (const phrase of titlePhrases(normalizeQuery(item.title))) texts.add(phrase);
  texts.delete('');
  return texts;
}
