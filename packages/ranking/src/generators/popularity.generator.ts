// Time-decayed popularity: each session holding an item adds 2^(-age / halfLife), age measured back from a
// reference time (the log's end by default). An infinite half-life is the plain session count of the
// reference; ties go to the lower catalog index (first appearance when the catalog was built from the log).
import type { SessionQuery } from '../data/session-query.ts';
import { logEnd, sessionCount, sessionItems, type SessionLog } from '../data/session-log.ts';
import type { CandidateGenerator, Candidates, ItemFilter } from './candidate-generator.ts';

export interface Popularity {
  readonly halfLifeDays: number;
  /** Decayed session count per catalog index (at the reference time). */
  readonly scores: Float64Array;
  /** Items with a positive score, best first. */
  readonly order: Int32Array;
}

export interface PopularityOptions {
  /** Half-life of a session's weight, days. Default Infinity (plain counts). */
  readonly halfLifeDays?: number;
  /** Reference time the ages are measured from (ms). Default the log's end. */
  readonly now?: number;
}

const DAY = 86_400_000;

export function buildPopularity(log: SessionLog, options: PopularityOptions = {}): Popularity {
  const halfLifeDays = options.halfLifeDays ?? Infinity;
  const now = options.now ?? logEnd(log);
  const scores = new Float64Array(log.itemCount);
  for (let s = 0; s < sessionCount(log); s++) {
    const age = Math.max(0, now - (log.startedAt[s] ?? now)) / DAY;
    const w = Number.isFinite(halfLifeDays) ? Math.pow(2, -age / halfLifeDays) : 1;
    for (const item of sessionItems(log, s)) scores[item] = (scores[item] ?? 0) + w;
  }
  return { halfLifeDays, scores, order: orderByScore(scores) };
}

/** Popularity from stored scores (a decoded component). */
export function popularityFrom(scores: Float64Array, halfLifeDays: number): Popularity {
  return { halfLifeDays, scores, order: orderByScore(scores) };
}

function orderByScore(scores: Float64Array): Int32Array {
  const items: number[] = [];
  for (let i = 0; i < scores.length; i++) if ((scores[i] ?? 0) > 0) items.push(i);
  items.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  return Int32Array.from(items);
}

export function popularityGenerator(popularity: Popularity, name?: string): CandidateGenerator {
  const inQuery = new Int32Array(popularity.scores.length);
  let stamp = 0;
  return {
    name:
      name ??
      (Number.isFinite(popularity.halfLifeDays) ? `popularity(halfLife=${popularity.halfLifeDays}d)` : 'popularity'),
    family: 'popularity',
    propose(query: SessionQuery, n: number, allow?: ItemFilter): Candidates {
      stamp++;
      for (const item of query.items) if (item >= 0 && item < inQuery.length) inQuery[item] = stamp;
      const items = new Int32Array(Math.min(n, popularity.order.length));
      const scores = new Float32Array(items.length);
      let count = 0;
      for (let r = 0; r < popularity.order.length && count < items.length; r++) {
        const item = popularity.order[r] ?? 0;
        if (inQuery[item] === stamp || (allow && !allow(item))) continue;
        items[count] = item;
        scores[count++] = popularity.scores[item] ?? 0;
      }
      return { items: items.subarray(0, count), scores: scores.subarray(0, count) };
    },
  };
}
