// Item-kNN over session co-occurrence, exactly as the shared anchor (tools/anchors/knn_retail.py): a binary
// session × item matrix X, C = XᵀX with a zero diagonal, S_ij = C_ij / sqrt(n_i n_j) with n_i the sessions
// holding item i, and a session scored by the sum of its context items' rows. Rows are kept as sparse
// neighbour lists (optionally the top N only), which is also the form serving reads.
import type { EncodedSessions } from '../corpus/session-corpus.ts';
import type { NextItemScorer } from '../eval/next-item.eval.ts';
import { recencyWeights } from './recency.ts';

export interface ItemKnn {
  readonly itemCount: number;
  /** Row i's neighbours are neighbours[offsets[i] .. offsets[i + 1]), by descending weight (ties by index). */
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
  readonly weights: Float64Array;
}

export interface ItemKnnOptions {
  /** Keep only each item's N strongest neighbours (serving); default all (the exact anchor). */
  readonly topN?: number;
}

export function buildItemKnn(sessions: EncodedSessions, itemCount: number, options: ItemKnnOptions = {}): ItemKnn {
  const topN = options.topN ?? Infinity;
  const sessionTotal = sessions.offsets.length - 1;
  // Binary rows: each session's distinct items.
  const seen = new Int32Array(itemCount).fill(-1);
  const distinct: number[][] = [];
  const sessionsOf: number[][] = Array.from({ length: itemCount }, () => []);
  for (let s = 0; s < sessionTotal; s++) {
    const items: number[] = [];
    for (let k = sessions.offsets[s] ?? 0; k < (sessions.offsets[s + 1] ?? 0); k++) {
      const item = sessions.tokens[k] ?? 0;
      if (seen[item] === s) continue;
      seen[item] = s;
      items.push(item);
      sessionsOf[item]?.push(distinct.length);
    }
    distinct.push(items);
  }
  const sessionCounts = sessionsOf.map((list) => list.length);

  const coCounts = new Float64Array(itemCount);
  const offsets = new Int32Array(itemCount + 1);
  const neighbourRows: Int32Array[] = [];
  const weightRows: Float64Array[] = [];
  let total = 0;
  for (let i = 0; i < itemCount; i++) {
    const touched: number[] = [];
    for (const s of sessionsOf[i] ?? []) {
      for (const j of distinct[s] ?? []) {
        if (j === i) continue; // zero diagonal
        if (coCounts[j] === 0) touched.push(j);
        coCounts[j] = (coCounts[j] ?? 0) + 1;
      }
    }
    const ni = sessionCounts[i] ?? 0;
    const row = touched.map((j) => ({
      j,
      w: (coCounts[j] ?? 0) / Math.sqrt(Math.max(ni, 1) * Math.max(sessionCounts[j] ?? 0, 1)),
    }));
    for (const j of touched) coCounts[j] = 0;
    row.sort((a, b) => b.w - a.w || a.j - b.j);
    const kept = row.length > topN ? row.slice(0, topN) : row;
    neighbourRows.push(Int32Array.from(kept, (n) => n.j));
    weightRows.push(Float64Array.from(kept, (n) => n.w));
    total += kept.length;
    offsets[i + 1] = total;
  }
  const neighbours = new Int32Array(total);
  const weights = new Float64Array(total);
  for (let i = 0; i < itemCount; i++) {
    neighbours.set(neighbourRows[i] ?? [], offsets[i]);
    weights.set(weightRows[i] ?? [], offsets[i]);
  }
  return { itemCount, offsets, neighbours, weights };
}

/** Item i's neighbour list (views, no copy), strongest first. */
export function neighboursOf(knn: ItemKnn, item: number): { items: Int32Array; weights: Float64Array } {
  const from = knn.offsets[item] ?? 0;
  const to = knn.offsets[item + 1] ?? from;
  return { items: knn.neighbours.subarray(from, to), weights: knn.weights.subarray(from, to) };
}

export interface ItemKnnScorerOptions {
  /** Weight of each step back from the most recent context item; 1 (default) is the anchor's plain sum. */
  readonly recencyDecay?: number;
}

/** Sums the context items' rows (weighted by recency when asked). */
export function itemKnnScorer(knn: ItemKnn, options: ItemKnnScorerOptions = {}): NextItemScorer {
  const decay = options.recencyDecay ?? 1;
  return {
    score(context, scores) {
      const weights = recencyWeights(context.length, decay);
      context.forEach((item, position) => {
        const weight = weights[position] ?? 1;
        for (let k = knn.offsets[item] ?? 0; k < (knn.offsets[item + 1] ?? 0); k++) {
          const j = knn.neighbours[k] ?? 0;
          scores[j] = (scores[j] ?? 0) + weight * (knn.weights[k] ?? 0);
        }
      });
    },
  };
}
