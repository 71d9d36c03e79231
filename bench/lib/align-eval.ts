// Evaluation for the alignment benchmark: leave-last-out next-item ranking with session vectors built from
// any unit item vectors (a shop's own, another shop's mapped into the group space, or cold-start placements).
import { metricsFromRanks, rankOf, recencyWeights, type RankingMetrics } from '@shopspace/item2vec';

export interface VectorTable {
  /** sku → row. */
  readonly index: ReadonlyMap<string, number>;
  /** Unit rows, dim wide. */
  readonly vectors: Float32Array;
  readonly dim: number;
}

export function vectorTable(skus: readonly string[], vectors: Float32Array, dim: number): VectorTable {
  return { index: new Map(skus.map((s, i) => [s, i])), vectors, dim };
}

export interface SessionCase {
  /** Context skus (known to the context table), in session order. */
  readonly context: readonly string[];
  /** Target sku in the candidate table. */
  readonly target: string;
}

/**
 * Leave-last-out cases: each session's last item, translated by `targetOf` (identity in-shop, the ground-truth
 * twin across shops; cases without one are skipped), predicted from the other items that have a vector.
 */
export function sessionCases(
  sessions: readonly (readonly string[])[],
  contextTable: VectorTable,
  candidateTable: VectorTable,
  targetOf: (sku: string) => string | undefined,
): { cases: SessionCase[]; skipped: number } {
  const cases: SessionCase[] = [];
  let skipped = 0;
  for (const session of sessions) {
    const last = session[session.length - 1];
    const target = last === undefined ? undefined : targetOf(last);
    const context = session.slice(0, -1).filter((s) => s !== last && contextTable.index.has(s));
    if (target === undefined || !candidateTable.index.has(target) || context.length === 0) skipped++;
    else cases.push({ context, target });
  }
  return { cases, skipped };
}

export interface RankOptions {
  /** Weight of each step back in the context (the product's default 0.2). */
  readonly decay: number;
  /** Use only the most recent context item (similar items rather than next item). */
  readonly lastOnly?: boolean;
  /**
   * The candidate never ranked for a context sku: the sku itself in-shop, its predicted twin (the method's
   * own top-1, not the ground truth) across shops. Default: the sku itself.
   */
  readonly exclude?: (contextSku: string) => string | undefined;
}

/** HR@10 / NDCG@10 of ranking every candidate by cosine to the recency-weighted mean of the context vectors. */
export function rankSessions(
  cases: readonly SessionCase[],
  contextTable: VectorTable,
  candidateTable: VectorTable,
  options: RankOptions,
): RankingMetrics {
  const { dim } = contextTable;
  const n = candidateTable.vectors.length / dim;
  const scores = new Float64Array(n);
  const query = new Float64Array(dim);
  const ranks = new Float64Array(cases.length);
  cases.forEach((c, i) => {
    const context = options.lastOnly ? c.context.slice(-1) : c.context;
    const weights = recencyWeights(context.length, options.decay);
    query.fill(0);
    context.forEach((sku, p) => {
      const row = contextTable.index.get(sku)!;
      for (let d = 0; d < dim; d++) query[d]! += weights[p]! * contextTable.vectors[row * dim + d]!;
    });
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += query[d]! * candidateTable.vectors[j * dim + d]!;
      scores[j] = dot;
    }
    for (const sku of c.context) {
      const excluded = options.exclude ? options.exclude(sku) : sku;
      const row = excluded === undefined ? undefined : candidateTable.index.get(excluded);
      if (row !== undefined) scores[row] = -Infinity;
    }
    ranks[i] = rankOf(scores, candidateTable.index.get(c.target)!);
  });
  return metricsFromRanks(ranks, 10);
}

/** Popularity: every candidate scored by its count, whatever the context (context items excluded). */
export function rankByPopularity(
  cases: readonly SessionCase[],
  candidateTable: VectorTable,
  counts: ReadonlyMap<string, number>,
): RankingMetrics {
  const n = candidateTable.vectors.length / candidateTable.dim;
  const base = new Float64Array(n);
  for (const [sku, row] of candidateTable.index) base[row] = counts.get(sku) ?? 0;
  const ranks = cases.map((c) => {
    const scores = Float64Array.from(base);
    for (const sku of c.context) {
      const row = candidateTable.index.get(sku);
      if (row !== undefined) scores[row] = -Infinity;
    }
    return rankOf(scores, candidateTable.index.get(c.target)!);
  });
  return metricsFromRanks(ranks, 10);
}
