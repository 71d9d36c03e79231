// PinnerSage's offline evaluation, day by day in chronological order: for each day, each user's profile as the
// lambda architecture would serve it (the last batch before the day plus the online path over the actions
// since), recommendations, then relevance (share of the day's actions with cosine ≥ 0.8 to a recommended item)
// and recall (share found among the recommendations). Multi-medoid against the single mean vector.
import { dailySeed, dayOf, sampleMedoids } from '../pinnersage/medoid-sampling.ts';
import {
  meanVectorRecommendations,
  multiMedoidRecommendations,
  type MergePolicy,
  type Recommendations,
} from '../pinnersage/multi-medoid.retrieval.ts';
import type { NeighbourSearch } from '../pinnersage/neighbour-search.port.ts';
import {
  buildProfile,
  DEFAULT_PROFILE,
  SECONDS_PER_DAY,
  updateProfile,
  type ProfileOptions,
  type UpdateOptions,
  type UserProfile,
} from '../pinnersage/user-profile.ts';
import { requireInput } from '../users.errors.ts';

/** One user's actions, oldest first: item indexes (with a vector) and times in seconds. */
export interface UserTimeline {
  readonly userId: string;
  readonly items: Int32Array;
  readonly times: Float64Array;
}

export interface DayByDayOptions {
  /** Start (seconds, midnight UTC) of the first evaluated day. */
  readonly firstDay: number;
  readonly days: number;
  /** Recommendations per user and day. */
  readonly k?: number;
  /** Medoids sampled per request (3). */
  readonly medoids?: number;
  readonly merge?: MergePolicy;
  /** Batch profiles are recomputed every this many days (1 = daily); the online path covers the rest. */
  readonly batchEveryDays?: number;
  /** Skip the online path (the batch profile alone), to measure what it adds. */
  readonly onlinePath?: boolean;
  readonly relevanceCosine?: number;
  /** Count only items the user had not acted on before the day, and never recommend those (true). */
  readonly newItemsOnly?: boolean;
  readonly duplicateCosine?: number;
  readonly profile?: ProfileOptions;
  readonly update?: UpdateOptions;
}

export interface MethodFigures {
  /** Mean over user-days of the share of the day's items found among the recommendations. */
  readonly recall: number;
  /** Mean over user-days of the share of the day's items with a recommendation at cosine ≥ threshold. */
  readonly relevance: number;
}

export interface DayByDayResult {
  /** User-days evaluated: the user acted that day and had a profile before it. */
  readonly userDays: number;
  readonly targets: number;
  readonly multiMedoid: MethodFigures;
  readonly meanVector: MethodFigures;
  /** Mean clusters per evaluated profile. */
  readonly meanClusters: number;
}

export function evaluateDayByDay(
  timelines: readonly UserTimeline[],
  space: { readonly unit: Float32Array; readonly dim: number },
  index: NeighbourSearch,
  options: DayByDayOptions,
): DayByDayResult {
  const k = options.k ?? 20;
  const medoidCount = options.medoids ?? 3;
  const every = options.batchEveryDays ?? 1;
  const threshold = options.relevanceCosine ?? 0.8;
  const newOnly = options.newItemsOnly ?? true;
  const windowDays = options.profile?.windowDays ?? DEFAULT_PROFILE.windowDays;
  requireInput(Number.isInteger(every) && every >= 1, 'options.batchEveryDays', 'must be a positive integer');
  const { unit, dim } = space;
  const sums = { multiRecall: 0, multiRel: 0, meanRecall: 0, meanRel: 0, userDays: 0, targets: 0, clusters: 0 };
  const batchCache = new Map<string, { at: number; profile: UserProfile }>();
  for (let day = 0; day < options.days; day++) {
    const start = options.firstDay + day * SECONDS_PER_DAY;
    const end = start + SECONDS_PER_DAY;
    const batchAt = options.firstDay + Math.floor(day / every) * every * SECONDS_PER_DAY;
    for (const timeline of timelines) {
      const before = lowerBound(timeline.times, start);
      const todayEnd = lowerBound(timeline.times, end);
      if (todayEnd === before || before === 0) continue;
      const seen = new Set(timeline.items.subarray(0, before));
      const targets = [...new Set(timeline.items.subarray(before, todayEnd))].filter((i) => !newOnly || !seen.has(i));
      if (targets.length === 0) continue;
      let cached = batchCache.get(timeline.userId);
      if (!cached || cached.at !== batchAt) {
        const upTo = lowerBound(timeline.times, batchAt);
        const actions = { items: timeline.items.subarray(0, upTo), times: timeline.times.subarray(0, upTo) };
        cached = { at: batchAt, profile: buildProfile(actions, { vectors: unit, dim }, batchAt, options.profile) };
        batchCache.set(timeline.userId, cached);
      }
      const sinceBatch = lowerBound(timeline.times, batchAt);
      const recent = {
        items: timeline.items.subarray(sinceBatch, before),
        times: timeline.times.subarray(sinceBatch, before),
      };
      const profile =
        options.onlinePath === false
          ? cached.profile
          : updateProfile(cached.profile, recent, { vectors: unit, dim }, start, options.update);
      if (profile.clusters.length === 0) continue;
      const allow = newOnly ? (item: number): boolean => !seen.has(item) : undefined;
      const retrieval = { k, merge: options.merge, duplicateCosine: options.duplicateCosine, allow };
      const medoids = sampleMedoids(profile, medoidCount, dailySeed(timeline.userId, dayOf(start)));
      const multi = multiMedoidRecommendations(medoids, space, index, retrieval);
      const windowFrom = lowerBound(timeline.times, start - windowDays * SECONDS_PER_DAY);
      const mean = meanVectorRecommendations(
        timeline.items.subarray(windowFrom, before),
        undefined,
        space,
        index,
        retrieval,
      );
      const m1 = figures(multi, targets, unit, dim, threshold);
      const m2 = figures(mean, targets, unit, dim, threshold);
      sums.multiRecall += m1.recall;
      sums.multiRel += m1.relevance;
      sums.meanRecall += m2.recall;
      sums.meanRel += m2.relevance;
      sums.userDays++;
      sums.targets += targets.length;
      sums.clusters += profile.clusters.length;
    }
  }
  const mean = (x: number): number => (sums.userDays === 0 ? 0 : x / sums.userDays);
  return {
    userDays: sums.userDays,
    targets: sums.targets,
    multiMedoid: { recall: mean(sums.multiRecall), relevance: mean(sums.multiRel) },
    meanVector: { recall: mean(sums.meanRecall), relevance: mean(sums.meanRel) },
    meanClusters: mean(sums.clusters),
  };
}

function figures(
  recs: Recommendations,
  targets: readonly number[],
  unit: Float32Array,
  dim: number,
  threshold: number,
): MethodFigures {
  const recommended = new Set(recs.items);
  let found = 0;
  let relevant = 0;
  for (const t of targets) {
    if (recommended.has(t)) found++;
    let best = -Infinity;
    for (const r of recs.items) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += unit[t * dim + d]! * unit[r * dim + d]!;
      if (s > best) best = s;
    }
    if (best >= threshold) relevant++;
  }
  return { recall: found / targets.length, relevance: relevant / targets.length };
}

/** First index whose time is ≥ t (times ascending). */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
