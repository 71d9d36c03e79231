// PinnerSage's multi-interest user profile: the user's recent actions clustered (Ward + adaptive cut), each
// cluster represented by its medoid — an existing item — and weighed by importance Σ e^(−λ·age in days).
// buildProfile is the daily batch; updateProfile the cheap online path over the actions since.
import { requireInput } from '../users.errors.ts';
import { adaptiveCut, type CutOptions } from './adaptive-cut.ts';
import { wardClustering } from './ward.clustering.ts';

export const SECONDS_PER_DAY = 86_400;

export interface InterestCluster {
  /** Item index of the medoid (an item the user acted on). */
  readonly medoid: number;
  /** Σ e^(−λ·(computedAt − t)/day) over the cluster's actions, as of the profile's computedAt. */
  readonly importance: number;
  /** Actions in the cluster. */
  readonly members: number;
  /** Time of the cluster's newest action, seconds since the epoch. */
  readonly lastTime: number;
}

export interface UserProfile {
  /** Which embedding model the medoid indexes refer to (an id the caller chooses; 0 = unspecified). */
  readonly model: number;
  /** When the importances were computed, seconds since the epoch. */
  readonly computedAt: number;
  /** Clusters by descending importance. */
  readonly clusters: readonly InterestCluster[];
}

/** A user's actions: item indexes (−1 = no vector, skipped) with their times in seconds since the epoch. */
export interface UserActions {
  readonly items: ArrayLike<number>;
  readonly times: ArrayLike<number>;
}

/** Item vectors the profile is computed in: rows × dim, ideally unit length (cosine geometry). */
export interface ItemVectors {
  readonly vectors: Float32Array;
  readonly dim: number;
}

export interface ProfileOptions extends CutOptions {
  /** λ per day (PinnerSage: 0.01). */
  readonly decayPerDay?: number;
  /** Only actions in the last windowDays count (90). */
  readonly windowDays?: number;
  /** Newest distinct items clustered at most (the O(n²) bound; default 400). */
  readonly maxItems?: number;
  readonly model?: number;
}

export const DEFAULT_PROFILE = { decayPerDay: 0.01, windowDays: 90, maxItems: 400 } as const;

/** Importance weight of one action of time `t` seen at `now`. */
export function actionWeight(t: number, now: number, decayPerDay: number): number {
  return Math.exp((-decayPerDay * Math.max(0, now - t)) / SECONDS_PER_DAY);
}

/** Batch path: clusters the window's actions and returns the profile as of `now`. */
export function buildProfile(
  actions: UserActions,
  space: ItemVectors,
  now: number,
  options: ProfileOptions = {},
): UserProfile {
  requireInput(actions.items.length === actions.times.length, 'actions.times', 'must match actions.items');
  const decay = options.decayPerDay ?? DEFAULT_PROFILE.decayPerDay;
  const from = now - (options.windowDays ?? DEFAULT_PROFILE.windowDays) * SECONDS_PER_DAY;
  const maxItems = options.maxItems ?? DEFAULT_PROFILE.maxItems;
  const { vectors, dim } = space;
  const rows = vectors.length / dim;
  // Distinct items, each with its action count, importance and newest time.
  const byItem = new Map<number, { count: number; weight: number; last: number }>();
  for (let a = 0; a < actions.items.length; a++) {
    const item = actions.items[a]!;
    const t = actions.times[a]!;
    if (item < 0 || item >= rows || t < from || t > now) continue;
    const entry = byItem.get(item) ?? { count: 0, weight: 0, last: -Infinity };
    entry.count += 1;
    entry.weight += actionWeight(t, now, decay);
    entry.last = Math.max(entry.last, t);
    byItem.set(item, entry);
  }
  const kept = [...byItem].sort((x, y) => y[1].last - x[1].last || x[0] - y[0]).slice(0, maxItems);
  const model = options.model ?? 0;
  if (kept.length === 0) return { model, computedAt: now, clusters: [] };
  const points = new Float32Array(kept.length * dim);
  kept.forEach(([item], p) => points.set(vectors.subarray(item * dim, (item + 1) * dim), p * dim));
  const labels = adaptiveCut(
    wardClustering(
      points,
      dim,
      kept.map(([, e]) => e.count),
    ),
    options,
  );
  const clusters = summarise(labels, points, dim, kept);
  return { model, computedAt: now, clusters };
}

/**
 * Per cluster: the medoid (the member with the least weighted sum of squared distances to the others, which is
 * the member nearest the weighted centroid), importance, members and newest time.
 */
function summarise(
  labels: Int32Array,
  points: Float32Array,
  dim: number,
  kept: readonly (readonly [number, { count: number; weight: number; last: number }])[],
): InterestCluster[] {
  const k = labels.reduce((m, l) => Math.max(m, l + 1), 0);
  const centroid = new Float64Array(k * dim);
  const mass = new Float64Array(k);
  kept.forEach(([, e], p) => {
    const c = labels[p]!;
    mass[c]! += e.count;
    for (let d = 0; d < dim; d++) centroid[c * dim + d]! += e.count * points[p * dim + d]!;
  });
  for (let c = 0; c < k; c++) for (let d = 0; d < dim; d++) centroid[c * dim + d]! /= mass[c]!;
  const best = new Float64Array(k).fill(Infinity);
  const medoid = new Int32Array(k).fill(-1);
  const importance = new Float64Array(k);
  const members = new Int32Array(k);
  const last = new Float64Array(k).fill(-Infinity);
  kept.forEach(([item, e], p) => {
    const c = labels[p]!;
    let dist = 0;
    for (let d = 0; d < dim; d++) dist += (points[p * dim + d]! - centroid[c * dim + d]!) ** 2;
    // Ties go to the lower item index, so the medoid does not depend on the order actions arrived in.
    if (dist < best[c]! || (dist === best[c]! && item < medoid[c]!)) {
      best[c] = dist;
      medoid[c] = item;
    }
    importance[c]! += e.weight;
    members[c]! += e.count;
    last[c] = Math.max(last[c]!, e.last);
  });
  return byImportance(
    Array.from({ length: k }, (_, c) => ({
      medoid: medoid[c]!,
      importance: importance[c]!,
      members: members[c]!,
      lastTime: last[c]!,
    })),
  );
}

function byImportance(clusters: InterestCluster[]): InterestCluster[] {
  return clusters.sort((a, b) => b.importance - a.importance || a.medoid - b.medoid);
}

/** The profile's importances as of `now` (every action ages by the same factor, so one multiplication). */
export function profileAt(
  profile: UserProfile,
  now: number,
  decayPerDay: number = DEFAULT_PROFILE.decayPerDay,
): UserProfile {
  const factor = actionWeight(profile.computedAt, now, decayPerDay);
  return {
    model: profile.model,
    computedAt: Math.max(now, profile.computedAt),
    clusters: profile.clusters.map((c) => ({ ...c, importance: c.importance * factor })),
  };
}

export interface UpdateOptions {
  readonly decayPerDay?: number;
  /** An action joins the most similar cluster when its cosine to that medoid is at least this (0.5). */
  readonly joinCosine?: number;
  /** Only the newest this many actions are applied (20). */
  readonly maxActions?: number;
  readonly maxClusters?: number;
}

export const DEFAULT_UPDATE = { joinCosine: 0.5, maxActions: 20, maxClusters: 32 } as const;

/**
 * Online path: ages the stored importances to `now`, then adds each recent action (oldest first) to the cluster
 * whose medoid is most similar, or opens a cluster with the action's item as medoid when none is similar
 * enough. Medoids of existing clusters stay until the next batch. O(actions × clusters × dim).
 */
export function updateProfile(
  profile: UserProfile,
  recent: UserActions,
  space: ItemVectors,
  now: number,
  options: UpdateOptions = {},
): UserProfile {
  requireInput(recent.items.length === recent.times.length, 'recent.times', 'must match recent.items');
  const decay = options.decayPerDay ?? DEFAULT_PROFILE.decayPerDay;
  const joinCosine = options.joinCosine ?? DEFAULT_UPDATE.joinCosine;
  const maxActions = options.maxActions ?? DEFAULT_UPDATE.maxActions;
  const maxClusters = options.maxClusters ?? DEFAULT_UPDATE.maxClusters;
  const { vectors, dim } = space;
  const rows = vectors.length / dim;
  const aged = profileAt(profile, now, decay);
  const clusters = aged.clusters.map((c) => ({ ...c }));
  const order = Array.from({ length: recent.items.length }, (_, a) => a)
    .filter((a) => recent.items[a]! >= 0 && recent.items[a]! < rows && recent.times[a]! <= now)
    .sort((x, y) => recent.times[x]! - recent.times[y]! || x - y)
    .slice(-maxActions);
  for (const a of order) {
    const item = recent.items[a]!;
    const t = recent.times[a]!;
    let best = -1;
    let bestCos = -Infinity;
    clusters.forEach((c, at) => {
      const cos = cosine(vectors, c.medoid * dim, item * dim, dim);
      if (cos > bestCos) {
        bestCos = cos;
        best = at;
      }
    });
    const weight = actionWeight(t, now, decay);
    const target = clusters[best];
    if (target && bestCos >= joinCosine) {
      clusters[best] = {
        ...target,
        importance: target.importance + weight,
        members: target.members + 1,
        lastTime: Math.max(target.lastTime, t),
      };
    } else {
      clusters.push({ medoid: item, importance: weight, members: 1, lastTime: t });
    }
  }
  return { model: profile.model, computedAt: aged.computedAt, clusters: byImportance(clusters).slice(0, maxClusters) };
}

function cosine(v: Float32Array, a: number, b: number, dim: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let d = 0; d < dim; d++) {
    const x = v[a + d]!;
    const y = v[b + d]!;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
