// Ranker training data from a log window: each case's candidate union is its hard negatives (and its positive
// when a generator found the target), plus a few items sampled ∝ sqrt(popularity) that no generator proposed
// (Avito's sampling), so the model also sees what "proposed by nobody" looks like. Queries are subsampled to a
// budget so fitting stays well under a minute.
import { createRng, type Rng } from '@shopspace/item2vec';
import { firstSessionAt, sessionItems, type SessionLog } from '../data/session-log.ts';
import type { CaseWindow, NextItemCase } from '../data/session-query.ts';
import { UnionBuilder, type CandidateUnion } from '../features/candidate-union.ts';
import type { FeatureExtractor } from '../features/feature-extractor.ts';
import type { CandidateGenerator } from '../generators/candidate-generator.ts';

export type PrefixMode = 'last' | 'mixed';

export interface PrefixCaseOptions {
  /** 'last': the protocol's case per session (all but the last item → the last). 'mixed': also inner prefixes. */
  readonly mode: PrefixMode;
  /** Inner prefixes drawn per session in 'mixed' mode. Default 2. */
  readonly innerPerSession?: number;
  readonly seed: number;
}

/** Cases of a window: the leave-last-out one per session, and in 'mixed' mode a few random inner prefixes. */
export function prefixCases(
  log: SessionLog,
  window: CaseWindow,
  known: Uint8Array,
  options: PrefixCaseOptions,
): NextItemCase[] {
  const rng = createRng(options.seed);
  const inner = options.mode === 'mixed' ? (options.innerPerSession ?? 2) : 0;
  const cases: NextItemCase[] = [];
  const end = firstSessionAt(log, window.to);
  for (let s = firstSessionAt(log, window.from); s < end; s++) {
    const items = sessionItems(log, s);
    if (items.length < 2) continue;
    const positions = [items.length - 1];
    for (let k = 0; k < inner && items.length > 2; k++) positions.push(1 + rng.nextInt(items.length - 2));
    for (const p of new Set(positions)) {
      const target = items[p] ?? -1;
      const context = items.subarray(0, p).filter((item) => known[item] === 1);
      if (known[target] !== 1 || context.length === 0) continue;
      cases.push({ query: { items: context, user: log.user[s] ?? -1, now: log.startedAt[s] ?? 0 }, target });
    }
  }
  return cases;
}

export interface ExampleOptions {
  readonly perGenerator: number;
  /** Items sampled ∝ sqrt(popularity) per query outside its union. Default 4. */
  readonly sampledNegatives?: number;
  /**
   * Union negatives kept per query at most: a seeded uniform subsample, each kept one weighted by
   * (negatives / kept) so the log-odds stay calibrated for the whole union. Default 40.
   */
  readonly maxNegatives?: number;
  readonly seed: number;
}

export interface RankerExamples {
  /** Raw features, rows × featureCount. */
  readonly x: Float32Array;
  readonly featureCount: number;
  readonly labels: Uint8Array;
  /** Importance weight of each row (> 1 for subsampled union negatives). */
  readonly weights: Float32Array;
  /** Candidate item and session user of each row (the random effects' ids). */
  readonly item: Int32Array;
  readonly user: Int32Array;
  /** Query index of each row. */
  readonly query: Int32Array;
  readonly queries: number;
  /** Queries whose target was in the union (the ceiling a ranker can reach). */
  readonly targetInUnion: number;
}

/** A seeded subsample of at most `budget` cases, in their original (time) order. */
export function selectCases(cases: readonly NextItemCase[], budget: number, seed: number): readonly NextItemCase[] {
  return subsample(cases, budget, createRng(seed));
}

/** Every case's candidate union with n asked of each generator. */
export function unionsOf(
  cases: readonly NextItemCase[],
  generators: readonly CandidateGenerator[],
  itemCount: number,
  n: number,
): CandidateUnion[] {
  const builder = new UnionBuilder(generators, itemCount);
  return cases.map((c) => builder.build(c.query, n));
}

/** Examples of the cases from their unions (union i belongs to case i; see selectCases, unionsOf). */
export function buildRankerExamples(
  cases: readonly NextItemCase[],
  unions: readonly CandidateUnion[],
  extractor: FeatureExtractor,
  popularity: Float32Array,
  options: ExampleOptions,
): RankerExamples {
  const rng = createRng(options.seed);
  const negatives = options.sampledNegatives ?? 4;
  const sampler = sqrtSampler(popularity);
  const maxNegatives = options.maxNegatives ?? 40;
  const plans: Array<{ union: CandidateUnion; extra: number[]; keep: Int32Array; weight: number }> = [];
  let rows = 0;
  let targetInUnion = 0;
  cases.forEach((c, q) => {
    const union = unions[q];
    if (!union) throw new RangeError(`no union for case ${q}`);
    const inUnion = new Set(union.items);
    if (inUnion.has(c.target)) targetInUnion++;
    const { keep, weight } = keptRows(union.items, c.target, maxNegatives, rng);
    const extra: number[] = [];
    const inQuery = new Set(c.query.items);
    for (let attempt = 0; attempt < negatives * 4 && extra.length < negatives && sampler; attempt++) {
      const item = sampler(rng);
      if (item === c.target || inUnion.has(item) || inQuery.has(item) || extra.includes(item)) continue;
      extra.push(item);
    }
    plans.push({ union, extra, keep, weight });
    rows += keep.length + extra.length;
  });
  const dim = extractor.dim;
  const x = new Float32Array(rows * dim);
  const labels = new Uint8Array(rows);
  const weights = new Float32Array(rows);
  const item = new Int32Array(rows);
  const user = new Int32Array(rows);
  const query = new Int32Array(rows);
  let row = 0;
  let scratch = new Float32Array(0);
  cases.forEach((c, q) => {
    const plan = plans[q];
    if (!plan) return;
    const { union, extra, keep, weight } = plan;
    const size = union.items.length;
    if (scratch.length < (size + extra.length) * dim) scratch = new Float32Array((size + extra.length) * dim);
    extractor.extract(c.query, union, options.perGenerator, scratch, 0, extra);
    const emit = (from: number, candidate: number, w: number): void => {
      x.set(scratch.subarray(from * dim, (from + 1) * dim), row * dim);
      labels[row] = candidate === c.target ? 1 : 0;
      weights[row] = w;
      item[row] = candidate;
      user[row] = c.query.user;
      query[row++] = q;
    };
    for (const i of keep) {
      const candidate = union.items[i] ?? 0;
      emit(i, candidate, candidate === c.target ? 1 : weight);
    }
    extra.forEach((candidate, j) => emit(size + j, candidate, 1));
  });
  return { x, featureCount: dim, labels, weights, item, user, query, queries: cases.length, targetInUnion };
}

/** Union rows kept: the target and up to `max` negatives at random (in union order), and the negatives' weight. */
function keptRows(items: Int32Array, target: number, max: number, rng: Rng): { keep: Int32Array; weight: number } {
  const negatives: number[] = [];
  let positive = -1;
  items.forEach((item, i) => (item === target ? (positive = i) : negatives.push(i)));
  const weight = negatives.length > max ? negatives.length / max : 1;
  let chosen = negatives;
  if (negatives.length > max) {
    for (let i = 0; i < max; i++) {
      const j = i + rng.nextInt(negatives.length - i);
      [negatives[i], negatives[j]] = [negatives[j] ?? 0, negatives[i] ?? 0];
    }
    chosen = negatives.slice(0, max);
  }
  if (positive >= 0) chosen.push(positive);
  chosen.sort((a, b) => a - b);
  return { keep: Int32Array.from(chosen), weight };
}

function subsample<T>(all: readonly T[], budget: number, rng: Rng): readonly T[] {
  if (all.length <= budget) return all;
  const index = Array.from({ length: all.length }, (_, i) => i);
  for (let i = 0; i < budget; i++) {
    const j = i + rng.nextInt(index.length - i);
    [index[i], index[j]] = [index[j] ?? 0, index[i] ?? 0];
  }
  return index
    .slice(0, budget)
    .sort((a, b) => a - b)
    .map((i) => all[i] as T);
}

/** Draws an item with probability ∝ sqrt(popularity) (cumulative table + binary search); null if none. */
function sqrtSampler(popularity: Float32Array): ((rng: Rng) => number) | null {
  const cumulative = new Float64Array(popularity.length);
  let total = 0;
  for (let i = 0; i < popularity.length; i++) cumulative[i] = total += Math.sqrt(Math.max(0, popularity[i] ?? 0));
  if (!(total > 0)) return null;
  return (rng) => {
    const u = rng.nextFloat() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
