// The benchmark's PinnerSage part: item2vec trained on the invoices before the evaluated weeks, each UK
// customer's purchase timeline in that space, then the day-by-day evaluation (multi-medoid vs mean vector),
// the profiles' sizes, cluster counts and the online update's latency.
import { trainItem2vec } from '@shopspace/item2vec';
import { loadRetailSessions, sessionsBetween } from '../../../../bench/lib/online-retail.ts';
import { evaluateDayByDay, type DayByDayResult, type UserTimeline } from '../../src/eval/day-by-day.eval.ts';
import type { MergePolicy } from '../../src/pinnersage/multi-medoid.retrieval.ts';
import { exactNeighbourSearch, type NeighbourSearch } from '../../src/pinnersage/neighbour-search.port.ts';
import { encodeProfile } from '../../src/pinnersage/profile.codec.ts';
import {
  buildProfile,
  SECONDS_PER_DAY,
  updateProfile,
  type ProfileOptions,
} from '../../src/pinnersage/user-profile.ts';
import type { PurchaseLine } from './retail-customers.ts';

export const EVAL_FROM = '2011-11-12';
export const EVAL_DAYS = 28;

export interface PinnerSageSetup {
  readonly timelines: UserTimeline[];
  readonly unit: Float32Array;
  readonly dim: number;
  readonly index: NeighbourSearch;
  readonly firstDay: number;
  readonly vocabulary: number;
}

const seconds = (date: string): number => Date.parse(date.replace(' ', 'T') + 'Z') / 1000;

export async function setupPinnerSage(lines: readonly PurchaseLine[]): Promise<PinnerSageSetup> {
  const sessions = sessionsBetween(loadRetailSessions(), { before: EVAL_FROM });
  // The brief's settings; one thread so the vectors (and every figure after) are the same on every run.
  const model = await trainItem2vec(sessions, {
    mode: 'cbow',
    dim: 64,
    window: 5,
    negative: 5,
    epochs: 10,
    minCount: 2,
    seed: 1,
    threads: 1,
  });
  const index = exactNeighbourSearch(model.vectors, model.dim);
  const byCustomer = new Map<string, { items: number[]; times: number[]; seen: Set<string> }>();
  for (const line of lines) {
    if (line.customer === '') continue;
    const item = model.vocabulary.indexOf.get(line.stock);
    if (item === undefined) continue;
    let t = byCustomer.get(line.customer);
    if (!t) byCustomer.set(line.customer, (t = { items: [], times: [], seen: new Set() }));
    // One action per item and invoice (an invoice repeats a sku on several lines).
    const key = `${line.invoice}:${item}`;
    if (t.seen.has(key)) continue;
    t.seen.add(key);
    t.items.push(item);
    t.times.push(seconds(line.date));
  }
  const timelines = [...byCustomer].map(([userId, t]) => {
    const order = t.items.map((_, a) => a).sort((a, b) => t.times[a]! - t.times[b]! || a - b);
    return {
      userId,
      items: Int32Array.from(order, (a) => t.items[a]!),
      times: Float64Array.from(order, (a) => t.times[a]!),
    };
  });
  return {
    timelines,
    unit: index.unit,
    dim: model.dim,
    index,
    firstDay: seconds(`${EVAL_FROM} 00:00:00`),
    vocabulary: model.vocabulary.ids.length,
  };
}

export interface DayByDayRun {
  readonly batchEveryDays: number;
  readonly onlinePath?: boolean;
  readonly k?: number;
  /** Days from the setup's first evaluated day (negative: a validation window before it). */
  readonly offsetDays?: number;
  readonly days?: number;
  readonly profile?: ProfileOptions;
  readonly merge?: MergePolicy;
  readonly duplicateCosine?: number;
  readonly medoids?: number;
}

export function dayByDay(setup: PinnerSageSetup, run: DayByDayRun): DayByDayResult {
  return evaluateDayByDay(setup.timelines, { unit: setup.unit, dim: setup.dim }, setup.index, {
    firstDay: setup.firstDay + (run.offsetDays ?? 0) * SECONDS_PER_DAY,
    days: run.days ?? EVAL_DAYS,
    k: run.k ?? 20,
    batchEveryDays: run.batchEveryDays,
    onlinePath: run.onlinePath ?? true,
    profile: run.profile,
    update: run.profile,
    merge: run.merge,
    duplicateCosine: run.duplicateCosine,
    medoids: run.medoids,
  });
}

export interface ProfileFigures {
  readonly users: number;
  readonly bytesMean: number;
  readonly bytesP50: number;
  readonly bytesP99: number;
  readonly clustersMean: number;
  readonly clustersP50: number;
  readonly clustersMax: number;
  readonly buildMsP50: number;
  readonly buildMsP99: number;
  readonly updateMsP50: number;
  readonly updateMsP99: number;
}

/** Batch profiles as of the first evaluated day, then the online update with each user's next 20 actions. */
export function profileFigures(setup: PinnerSageSetup, options?: ProfileOptions): ProfileFigures {
  const space = { vectors: setup.unit, dim: setup.dim };
  const at = setup.firstDay;
  const bytes: number[] = [];
  const clusters: number[] = [];
  const build: number[] = [];
  const update: number[] = [];
  const pending: (() => number)[] = [];
  for (const t of setup.timelines) {
    let upTo = 0;
    while (upTo < t.times.length && t.times[upTo]! < at) upTo++;
    if (upTo === 0) continue;
    const started = performance.now();
    const profile = buildProfile(
      { items: t.items.subarray(0, upTo), times: t.times.subarray(0, upTo) },
      space,
      at,
      options,
    );
    build.push(performance.now() - started);
    if (profile.clusters.length === 0) continue;
    bytes.push(encodeProfile(profile).length);
    clusters.push(profile.clusters.length);
    const recent = { items: t.items.subarray(upTo, upTo + 20), times: t.times.subarray(upTo, upTo + 20) };
    if (recent.items.length === 0) continue;
    const now = Math.max(at, recent.times[recent.times.length - 1]!) + SECONDS_PER_DAY;
    pending.push(() => {
      const t0 = performance.now();
      updateProfile(profile, recent, space, now, options);
      return performance.now() - t0;
    });
  }
  // One untimed pass first, so the timed one measures compiled code rather than the JIT warming up.
  for (const run of pending) run();
  for (const run of pending) update.push(run());
  const q = (xs: number[], p: number): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  };
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    users: bytes.length,
    bytesMean: mean(bytes),
    bytesP50: q(bytes, 0.5),
    bytesP99: q(bytes, 0.99),
    clustersMean: mean(clusters),
    clustersP50: q(clusters, 0.5),
    clustersMax: Math.max(...clusters),
    buildMsP50: q(build, 0.5),
    buildMsP99: q(build, 0.99),
    updateMsP50: q(update, 0.5),
    updateMsP99: q(update, 0.99),
  };
}
