// PinnerSage retrieval: one nearest-neighbour query per sampled medoid, the per-medoid lists merged (round
// robin, or quotas by importance share), near-duplicates dropped (cosine above a threshold to an item already
// taken), and the single-mean-vector query the paper ablates against.
import { requireInput } from '../users.errors.ts';
import type { NeighbourSearch } from './neighbour-search.port.ts';
import type { InterestCluster } from './user-profile.ts';

export type MergePolicy = 'round-robin' | 'importance';

export interface RetrievalOptions {
  readonly k: number;
  readonly merge?: MergePolicy;
  /** Candidates asked per medoid before merging (default 2k: room for duplicates and overlaps). */
  readonly perMedoid?: number;
  /** Drop an item whose cosine to an already taken item is above this (default 0.95; ≥ 1 disables). */
  readonly duplicateCosine?: number;
  /** Items that may be recommended (e.g. not already bought, in stock). */
  readonly allow?: (item: number) => boolean;
}

export interface Recommendations {
  readonly items: Int32Array;
  readonly scores: Float32Array;
  /** Index (into the medoids given) of the medoid each item came from; −1 for the mean-vector query. */
  readonly source: Int32Array;
}

/** Unit item vectors (rows × dim) used for the duplicate test and for queries. */
export interface UnitSpace {
  readonly unit: Float32Array;
  readonly dim: number;
}

export function multiMedoidRecommendations(
  medoids: readonly InterestCluster[],
  space: UnitSpace,
  index: NeighbourSearch,
  options: RetrievalOptions,
): Recommendations {
  const { k } = options;
  requireInput(Number.isInteger(k) && k >= 1, 'options.k', `must be a positive integer, got ${k}`);
  const { unit, dim } = space;
  const perMedoid = options.perMedoid ?? 2 * k;
  const lists = medoids.map((m) =>
    index.search(unit.subarray(m.medoid * dim, (m.medoid + 1) * dim), perMedoid, options.allow),
  );
  const quotas = options.merge === 'importance' ? importanceQuotas(medoids, k) : undefined;
  const taken = new Set<number>();
  const items: number[] = [];
  const scores: number[] = [];
  const source: number[] = [];
  const cursor = new Int32Array(lists.length);
  const got = new Int32Array(lists.length);
  const threshold = options.duplicateCosine ?? 0.95;
  const accept = (item: number): boolean => {
    if (taken.has(item)) return false;
    if (threshold < 1) for (const other of items) if (dotRows(unit, item, other, dim) > threshold) return false;
    return true;
  };
  // Round robin over the lists; with quotas a list that has its share waits until the others are exhausted.
  let progress = true;
  while (items.length < k && progress) {
    progress = false;
    for (let l = 0; l < lists.length && items.length < k; l++) {
      const list = lists[l]!;
      if (quotas && got[l]! >= quotas[l]! && !allCapped(quotas, got, cursor, lists, l)) continue;
      while (cursor[l]! < list.labels.length) {
        const item = list.labels[cursor[l]!]!;
        const score = list.scores[cursor[l]!]!;
        cursor[l]!++;
        progress = true;
        if (!accept(item)) continue;
        taken.add(item);
        items.push(item);
        scores.push(score);
        source.push(l);
        got[l]!++;
        break;
      }
    }
  }
  return { items: Int32Array.from(items), scores: Float32Array.from(scores), source: Int32Array.from(source) };
}

/** True when every other list has reached its quota or has nothing left, so list `l` may exceed its own. */
function allCapped(
  quotas: Int32Array,
  got: Int32Array,
  cursor: Int32Array,
  lists: readonly { labels: Int32Array }[],
  l: number,
): boolean {
  for (let o = 0; o < lists.length; o++) {
    if (o === l) continue;
    if (got[o]! < quotas[o]! && cursor[o]! < lists[o]!.labels.length) return false;
  }
  return true;
}

/** k slots split by importance share, largest remainders first. */
export function importanceQuotas(medoids: readonly InterestCluster[], k: number): Int32Array {
  const total = medoids.reduce((s, m) => s + m.importance, 0);
  const exact = medoids.map((m) => (total > 0 ? (m.importance / total) * k : k / medoids.length));
  const quotas = Int32Array.from(exact, Math.floor);
  let left = k - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    quotas[i]!++;
  }
  return quotas;
}

/** The ablation: one query with the (weighted) mean of the user's item vectors. */
export function meanVectorRecommendations(
  items: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  space: UnitSpace,
  index: NeighbourSearch,
  options: RetrievalOptions,
): Recommendations {
  const { unit, dim } = space;
  const query = new Float32Array(dim);
  for (let a = 0; a < items.length; a++) {
    const w = weights?.[a] ?? 1;
    const off = items[a]! * dim;
    for (let d = 0; d < dim; d++) query[d]! += w * unit[off + d]!;
  }
  const threshold = options.duplicateCosine ?? 0.95;
  const list = index.search(query, options.perMedoid ?? 2 * options.k, options.allow);
  const kept: number[] = [];
  const scores: number[] = [];
  for (let c = 0; c < list.labels.length && kept.length < options.k; c++) {
    const item = list.labels[c]!;
    if (threshold < 1 && kept.some((other) => dotRows(unit, item, other, dim) > threshold)) continue;
    kept.push(item);
    scores.push(list.scores[c]!);
  }
  return {
    items: Int32Array.from(kept),
    scores: Float32Array.from(scores),
    source: new Int32Array(kept.length).fill(-1),
  };
}

function dotRows(unit: Float32Array, a: number, b: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += unit[a * dim + d]! * unit[b * dim + d]!;
  return s;
}
