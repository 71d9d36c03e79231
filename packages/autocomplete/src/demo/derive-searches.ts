// DERIVED DATA. The Online Retail file (and most demo data) has no searches, so for the demo and the benchmark
// SEARCH events are derived from purchase sessions, reproducibly under a seed: before each item, with
// probability p, the shopper "types" one to three consecutive words of that item's title, then views it.
// Queries derived this way are the demo's stand-in for a query log, not observed behaviour.
import { createRng, deriveSeed } from '@shopspace/item2vec';
import { invalidArgument, requireFinite } from '../autocomplete.errors.ts';
import { titlePhrases } from '../model/catalog-candidates.ts';
import type { ShopEvent } from '../model/query-model.builder.ts';
import { normalizeQuery } from '../text/normalize.ts';

/** A session to derive from: its items in order and when it started. */
export interface SourceSession {
  readonly sessionId: string;
  /** Milliseconds since the epoch. */
  readonly start: number;
  readonly items: readonly string[];
}

export interface DeriveSearchOptions {
  readonly seed: number;
  /** Chance of a search before each item view. Default 0.3. */
  readonly probability?: number;
  /** Milliseconds between consecutive derived events of a session. Default 20 s. */
  readonly stepMs?: number;
}

// Chance of typing 1, 2 or 3 words.
const WORD_COUNT_CDF = [0.35, 0.8, 1] as const;

/**
 * VIEW events for every item of every session, with a derived SEARCH before some of them, in time order.
 * Each session draws from its own stream (seeded by the seed and its id), so adding or dropping one session
 * leaves the others' derived searches unchanged.
 */
export function deriveSearchEvents(
  sessions: readonly SourceSession[],
  titles: ReadonlyMap<string, string>,
  options: DeriveSearchOptions,
): ShopEvent[] {
  requireFinite('options.seed', options.seed, -(2 ** 31), 2 ** 32 - 1);
  const probability = options.probability ?? 0.3;
  requireFinite('options.probability', probability, 0, 1);
  const stepMs = options.stepMs ?? 20_000;
  requireFinite('options.stepMs', stepMs, 0, 86_400_000);
  const phrasesOf = new Map<string, string[]>();
  const events: ShopEvent[] = [];
  sessions.forEach((session, index) => {
    if (typeof session.sessionId !== 'string' || session.sessionId === '') {
      throw invalidArgument(`sessions[${index}].sessionId`, 'must be a non-empty string');
    }
    if (!Number.isFinite(session.start)) throw invalidArgument(`sessions[${index}].start`, 'must be a finite number');
    const rng = createRng(deriveSeed(options.seed, hashString(session.sessionId)));
    let at = session.start;
    for (const sku of session.items) {
      const title = titles.get(sku);
      // The draw happens for every item, titled or not, so one missing title does not shift the stream.
      const searches = rng.nextFloat() < probability;
      const wordsDraw = rng.nextFloat();
      const phraseDraw = rng.nextFloat();
      if (searches && title !== undefined) {
        let phrases = phrasesOf.get(sku);
        if (!phrases) phrasesOf.set(sku, (phrases = titlePhrases(normalizeQuery(title))));
        const query = pickPhrase(phrases, wordsDraw, phraseDraw);
        if (query !== undefined) {
          events.push({ type: 'SEARCH', sessionId: session.sessionId, query, timestamp: at });
          at += stepMs;
        }
      }
      events.push({ type: 'VIEW', sessionId: session.sessionId, sku, timestamp: at });
      at += stepMs;
    }
  });
  // Sessions overlap in time; a stable sort keeps each session's own order.
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

function pickPhrase(phrases: readonly string[], wordsDraw: number, phraseDraw: number): string | undefined {
  const wanted = WORD_COUNT_CDF.findIndex((edge) => wordsDraw < edge) + 1;
  // Fewer words when the title has no phrase that long.
  for (let n = wanted; n >= 1; n--) {
    const ofLength = phrases.filter((phrase) => phrase.split(' ').length === n);
    if (ofLength.length > 0) return ofLength[Math.floor(phraseDraw * ofLength.length)];
  }
  return undefined;
}

/** FNV-1a, 32 bits: a stable stream number for a session id. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
