// Next-item evaluation of the tower as a candidate generator: the session's items (recency-weighted) make one
// query vector, every catalog item live at the session's time is ranked by its dot product with it, and the
// figures are split by whether the target, or the last context item, is new (first seen after training).
import { metricsFromRanks, recencyWeights, type RankingMetrics } from '@shopspace/item2vec';
import { FeatureTowerError, FeatureTowerErrorCode, requireInput } from '../feature-tower.errors.ts';

export interface SessionCase {
  /** Catalog indices of the context items in session order (distinct, target excluded). */
  readonly context: Int32Array;
  readonly target: number;
  /** When the session happened (ms): only items live then are candidates. */
  readonly time: number;
}

/** Leave-last-out cases: context = every distinct item but the last, target = the last. */
export function leaveLastOut(
  sessions: readonly { readonly items: readonly number[]; readonly time: number }[],
): SessionCase[] {
  const cases: SessionCase[] = [];
  for (const { items, time } of sessions) {
    const distinct = [...new Set(items)];
    if (distinct.length < 2) continue;
    cases.push({ context: Int32Array.from(distinct.slice(0, -1)), target: distinct[distinct.length - 1]!, time });
  }
  return cases;
}

export interface ColdWarmOptions {
  /** 1 for items first seen after the training period (no history at training time). */
  readonly isNew: Uint8Array;
  /** An item is a candidate for a case when liveFrom[item] <= case.time; default: every item. */
  readonly liveFrom?: Float64Array;
  /** Weight of each step back from the newest context item. Default 0.2 (chosen on validation, as item2vec's). */
  readonly recencyDecay?: number;
  /** Cut-off of HR and NDCG. Default 10. */
  readonly k?: number;
}

export type Segment = 'all' | 'warm' | 'coldTarget' | 'coldContext';

export interface ColdWarmEvaluation {
  /** warm: neither the target nor the last context item is new; coldTarget: the target is new; coldContext: the last context item is new (the two cold segments may overlap). */
  readonly segments: Readonly<Record<Segment, RankingMetrics>>;
  /** Per-case 0-based rank of the target among the case's candidates. */
  readonly ranks: Float64Array;
  readonly segmentOf: readonly (readonly Segment[])[];
}

/** Session query: Σ recency weight × item vector (float, so int8 rows lose nothing by being summed). */
export function sessionQuery(
  vectors: Float32Array | Int8Array,
  dim: number,
  context: Int32Array,
  decay: number,
  out: Float64Array,
): Float64Array {
  out.fill(0);
  const weights = recencyWeights(context.length, decay);
  for (let c = 0; c < context.length; c++) {
    const base = context[c]! * dim;
    const w = weights[c]!;
    for (let j = 0; j < dim; j++) out[j]! += w * vectors[base + j]!;
  }
  return out;
}

export function evaluateColdWarm(
  cases: readonly SessionCase[],
  vectors: Float32Array | Int8Array,
  dim: number,
  options: ColdWarmOptions,
): ColdWarmEvaluation {
  const n = options.isNew.length;
  if (vectors.length !== n * dim) {
    throw new FeatureTowerError(
      FeatureTowerErrorCode.DimensionMismatch,
      `vectors hold ${vectors.length} values, expected ${n} items × ${dim}`,
      'vectors',
    );
  }
  requireInput(
    options.liveFrom === undefined || options.liveFrom.length === n,
    'options.liveFrom',
    `needs ${n} entries`,
  );
  const decay = options.recencyDecay ?? 0.2;
  const k = options.k ?? 10;
  const query = new Float64Array(dim);
  const excluded = new Uint8Array(n);
  const ranks = new Float64Array(cases.length);
  const segmentOf: Segment[][] = [];
  cases.forEach((c, i) => {
    requireInput(
      c.context.length > 0 && c.target >= 0 && c.target < n,
      `cases[${i}]`,
      'needs a context and a catalog target',
    );
    sessionQuery(vectors, dim, c.context, decay, query);
    for (const item of c.context) excluded[item] = 1;
    const score = (item: number): number => {
      let dot = 0;
      const base = item * dim;
      for (let j = 0; j < dim; j++) dot += query[j]! * vectors[base + j]!;
      return dot;
    };
    const target = score(c.target);
    let rank = 0;
    for (let item = 0; item < n; item++) {
      if (item === c.target || excluded[item] === 1) continue;
      if (options.liveFrom !== undefined && !(options.liveFrom[item]! <= c.time)) continue;
      const s = score(item);
      if (s > target || (s === target && item < c.target)) rank++;
    }
    for (const item of c.context) excluded[item] = 0;
    ranks[i] = rank;
    const last = c.context[c.context.length - 1]!;
    const segments: Segment[] = ['all'];
    if (options.isNew[c.target] === 1) segments.push('coldTarget');
    if (options.isNew[last] === 1) segments.push('coldContext');
    if (segments.length === 1) segments.push('warm');
    segmentOf.push(segments);
  });
  const metricsOf = (segment: Segment): RankingMetrics =>
    metricsFromRanks(
      ranks.filter((_, i) => segmentOf[i]!.includes(segment)),
      k,
    );
  return {
    segments: {
      all: metricsOf('all'),
      warm: metricsOf('warm'),
      coldTarget: metricsOf('coldTarget'),
      coldContext: metricsOf('coldContext'),
    },
    ranks,
    segmentOf,
  };
}
