// Item-kNN over session co-occurrence, as the shared reference: sim(a, b) = co(a, b) / sqrt(n_a n_b) with n_a
// the sessions holding a; a session scores b by Σ over its items of decay^(steps back from the newest) · sim.
// Rows keep the strongest topN neighbours, stored in order of first co-occurrence so that, untruncated, ties
// break exactly as the reference's insertion-ordered maps do.
import type { SessionQuery } from '../data/session-query.ts';
import { itemPostings } from '../data/item-postings.ts';
import { sessionItems, type SessionLog } from '../data/session-log.ts';
import type { CandidateGenerator, Candidates, ItemFilter } from './candidate-generator.ts';
import { ScoreAccumulator } from './top-candidates.ts';

export interface ItemKnnIndex {
  readonly itemCount: number;
  /** Row a is neighbours[offsets[a] .. offsets[a + 1]). */
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
  readonly weights: Float64Array;
  /** Sessions holding each item (n_a). */
  readonly sessionCounts: Int32Array;
}

export interface ItemKnnIndexOptions {
  /** Neighbours kept per item (strongest; ties by first co-occurrence). Default Infinity: the exact reference. */
  readonly topN?: number;
}

export function buildItemKnnIndex(log: SessionLog, options: ItemKnnIndexOptions = {}): ItemKnnIndex {
  const topN = options.topN ?? Infinity;
  const n = log.itemCount;
  const sessionCounts = new Int32Array(n);
  for (const item of log.items) sessionCounts[item] = (sessionCounts[item] ?? 0) + 1;
  const { start: postingStart, sessions: postings } = itemPostings(log);

  const co = new Float64Array(n);
  const firstAt = new Int32Array(n).fill(-1);
  const touched = new Int32Array(n);
  const rows: Array<{ items: Int32Array; weights: Float64Array }> = [];
  let total = 0;
  for (let a = 0; a < n; a++) {
    let count = 0;
    for (let p = postingStart[a] ?? 0; p < (postingStart[a + 1] ?? 0); p++) {
      for (const b of sessionItems(log, postings[p] ?? 0)) {
        if (b === a) continue;
        if (firstAt[b] === -1) {
          firstAt[b] = count;
          touched[count++] = b;
        }
        co[b] = (co[b] ?? 0) + 1;
      }
    }
    const na = sessionCounts[a] ?? 0;
    let kept = Int32Array.from(touched.subarray(0, count));
    if (kept.length > topN) {
      const weightOf = (b: number): number => (co[b] ?? 0) / Math.sqrt(na * (sessionCounts[b] ?? 0));
      const strongest = Array.from(kept).sort(
        (x, y) => weightOf(y) - weightOf(x) || (firstAt[x] ?? 0) - (firstAt[y] ?? 0),
      );
      kept = Int32Array.from(strongest.slice(0, topN)).sort((x, y) => (firstAt[x] ?? 0) - (firstAt[y] ?? 0));
    }
    const weights = new Float64Array(kept.length);
    kept.forEach((b, k) => (weights[k] = (co[b] ?? 0) / Math.sqrt(na * (sessionCounts[b] ?? 0))));
    for (let k = 0; k < count; k++) {
      const b = touched[k] ?? 0;
      co[b] = 0;
      firstAt[b] = -1;
    }
    rows.push({ items: kept, weights });
    total += kept.length;
  }
  const offsets = new Int32Array(n + 1);
  const neighbours = new Int32Array(total);
  const weights = new Float64Array(total);
  rows.forEach((row, a) => {
    const at = offsets[a] ?? 0;
    neighbours.set(row.items, at);
    weights.set(row.weights, at);
    offsets[a + 1] = at + row.items.length;
  });
  return { itemCount: n, offsets, neighbours, weights, sessionCounts };
}

/** sim(a, b) from a's row (0 when b is not among a's kept neighbours). A linear scan: for features, not hot loops. */
export function itemKnnWeight(index: ItemKnnIndex, a: number, b: number): number {
  for (let k = index.offsets[a] ?? 0; k < (index.offsets[a + 1] ?? 0); k++) {
    if (index.neighbours[k] === b) return index.weights[k] ?? 0;
  }
  return 0;
}

export interface ItemKnnGeneratorOptions {
  /** Weight of each step back from the newest context item (1 = the plain sum). Default 0.5. */
  readonly decay?: number;
  /**
   * Context items whose recency weight falls below this are skipped: a long basket then costs what its recent
   * items cost. Default 1e-9 (with decay 0.5, the newest 30 items), far below any tie a score could break.
   */
  readonly minWeight?: number;
  /** Only the newest L context items count (a 500-item basket with decay 1 costs 500 rows). Default all. */
  readonly maxContext?: number;
  readonly name?: string;
}

export function itemKnnGenerator(index: ItemKnnIndex, options: ItemKnnGeneratorOptions = {}): CandidateGenerator {
  const decay = options.decay ?? 0.5;
  const minWeight = options.minWeight ?? 1e-9;
  const maxContext = options.maxContext ?? Infinity;
  const acc = new ScoreAccumulator(index.itemCount);
  return {
    name: options.name ?? `item-knn(decay=${decay})`,
    family: 'item-knn',
    propose(query: SessionQuery, n: number, allow?: ItemFilter): Candidates {
      const ctx = query.items;
      acc.reset(ctx);
      for (let j = Math.max(0, ctx.length - maxContext); j < ctx.length; j++) {
        const a = ctx[j] ?? 0;
        const w = Math.pow(decay, ctx.length - 1 - j);
        if (w < minWeight) continue;
        for (let k = index.offsets[a] ?? 0; k < (index.offsets[a + 1] ?? 0); k++) {
          acc.add(index.neighbours[k] ?? 0, w * (index.weights[k] ?? 0));
        }
      }
      return acc.top(n, allow);
    },
  };
}
