// Session-kNN, V-SKNN (Ludewig & Jannach 2018) as the shared reference: the neighbours of a session are found
// among the most recent M past sessions holding each of its items; a past session's similarity is the sum of
// the linearly decaying position weights ((j + 1) / |ctx|) of the context items it holds over sqrt(|ctx| |s|);
// the k most similar vote for their items with their similarity. Ties break by first touch, as the reference.
import type { SessionQuery } from '../data/session-query.ts';
import { itemPostings } from '../data/item-postings.ts';
import { sessionCount, sessionItems, type SessionLog } from '../data/session-log.ts';
import type { CandidateGenerator, Candidates, ItemFilter } from './candidate-generator.ts';
import { ScoreAccumulator } from './top-candidates.ts';

/** What V-SKNN needs at serving: the kept past sessions and, per item, its most recent sessions. */
export interface SessionKnnIndex {
  readonly itemCount: number;
  /** Most recent sessions kept per item (M). */
  readonly maxPerItem: number;
  /** Kept session t is sessionItems[sessionOffsets[t] .. sessionOffsets[t + 1]), in time order. */
  readonly sessionOffsets: Int32Array;
  readonly sessionItems: Int32Array;
  /** Item i's kept sessions, ascending: postings[postingStart[i] .. postingStart[i + 1]). */
  readonly postingStart: Int32Array;
  readonly postings: Int32Array;
}

export interface SessionKnnIndexOptions {
  /** Most recent sessions kept per item. Default 1000 (the reference). */
  readonly maxPerItem?: number;
}

export function buildSessionKnnIndex(log: SessionLog, options: SessionKnnIndexOptions = {}): SessionKnnIndex {
  const maxPerItem = options.maxPerItem ?? 1000;
  const { start, sessions } = itemPostings(log);
  const n = log.itemCount;
  const used = new Uint8Array(sessionCount(log));
  for (let i = 0; i < n; i++) {
    for (let p = Math.max(start[i] ?? 0, (start[i + 1] ?? 0) - maxPerItem); p < (start[i + 1] ?? 0); p++) {
      used[sessions[p] ?? 0] = 1;
    }
  }
  // Renumber the sessions some posting list still references, keeping time order.
  const renumber = new Int32Array(used.length).fill(-1);
  const offsets: number[] = [0];
  const items: number[] = [];
  for (let s = 0; s < used.length; s++) {
    if (used[s] !== 1) continue;
    renumber[s] = offsets.length - 1;
    for (const item of sessionItems(log, s)) items.push(item);
    offsets.push(items.length);
  }
  const postingStart = new Int32Array(n + 1);
  const postings: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let p = Math.max(start[i] ?? 0, (start[i + 1] ?? 0) - maxPerItem); p < (start[i + 1] ?? 0); p++) {
      postings.push(renumber[sessions[p] ?? 0] ?? 0);
    }
    postingStart[i + 1] = postings.length;
  }
  return {
    itemCount: n,
    maxPerItem,
    sessionOffsets: Int32Array.from(offsets),
    sessionItems: Int32Array.from(items),
    postingStart,
    postings: Int32Array.from(postings),
  };
}

export interface SessionKnnGeneratorOptions {
  /** Neighbour sessions voting. Default 100. */
  readonly k?: number;
  /** Most recent sessions searched per context item (at most the index's M). Default the index's M. */
  readonly sampleSize?: number;
  /** 'linear' (V-SKNN, default): position j of L weighs (j + 1) / L; 'uniform': every item 1. */
  readonly weighting?: 'linear' | 'uniform';
  /** Only the newest L context items are matched (serving cost of very long baskets). Default all (the reference). */
  readonly maxContext?: number;
  readonly name?: string;
}

export function sessionKnnGenerator(
  index: SessionKnnIndex,
  options: SessionKnnGeneratorOptions = {},
): CandidateGenerator {
  const k = options.k ?? 100;
  const sampleSize = Math.min(options.sampleSize ?? index.maxPerItem, index.maxPerItem);
  const linear = (options.weighting ?? 'linear') === 'linear';
  const maxContext = options.maxContext ?? Infinity;
  const kept = index.sessionOffsets.length - 1;
  const overlap = new ScoreAccumulator(kept);
  const votes = new ScoreAccumulator(index.itemCount);
  const none = new Int32Array(0);
  return {
    name:
      options.name ??
      `session-knn(k=${k},M=${sampleSize}${linear ? '' : ',uniform'}${Number.isFinite(maxContext) ? `,L=${maxContext}` : ''})`,
    family: 'session-knn',
    propose(query: SessionQuery, n: number, allow?: ItemFilter): Candidates {
      const ctx = query.items.length > maxContext ? query.items.subarray(query.items.length - maxContext) : query.items;
      const length = ctx.length;
      overlap.reset(none);
      for (let j = 0; j < length; j++) {
        const a = ctx[j] ?? 0;
        const w = linear ? (j + 1) / length : 1;
        const end = index.postingStart[a + 1] ?? 0;
        for (let p = Math.max(index.postingStart[a] ?? 0, end - sampleSize); p < end; p++) {
          overlap.add(index.postings[p] ?? 0, w);
        }
      }
      const { sessionOffsets } = index;
      overlap.mapScores((t, v) => v / Math.sqrt(length * ((sessionOffsets[t + 1] ?? 0) - (sessionOffsets[t] ?? 0))));
      const neighbours = overlap.top(k);
      votes.reset(query.items);
      for (let r = 0; r < neighbours.items.length; r++) {
        const t = neighbours.items[r] ?? 0;
        const sim = overlap.scores[t] ?? 0; // the float64 similarity, not the float32 copy
        for (let q = sessionOffsets[t] ?? 0; q < (sessionOffsets[t + 1] ?? 0); q++)
          votes.add(index.sessionItems[q] ?? 0, sim);
      }
      return votes.top(n, allow);
    },
  };
}
