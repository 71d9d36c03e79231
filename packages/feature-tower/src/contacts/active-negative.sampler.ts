// Negatives drawn from the items active at the time of a contact, with probability ∝ contacts^0.5 (Avito's
// sqrt-popularity): popular items are shown often enough to be hard, without drowning the tail. A window's
// active set gets one cumulative table (O(active) to build, cached for the last window), then each draw is a
// binary search (O(log active)).
import type { Rng } from '@shopspace/item2vec';
import { requireConfig, requireInput } from '../feature-tower.errors.ts';
import type { ItemActivity } from './contacts.ts';

export interface ActiveSampler {
  /**
   * Draws `count` items with replacement among those active at some moment of [from, until] (from = until for
   * one instant), ∝ contacts^exponent. Returns fewer (possibly 0) only when no such item has contacts.
   */
  sample(from: number, until: number, count: number, rng: Rng): Int32Array;
  /** Items of the window the sampler can return (active with at least one contact). */
  activeItems(from: number, until: number): Int32Array;
}

export interface ActiveSamplerOptions {
  /** Exponent on the contact count. Default 0.5. */
  readonly exponent?: number;
}

export function createActiveSampler(activity: ItemActivity, options: ActiveSamplerOptions = {}): ActiveSampler {
  const exponent = options.exponent ?? 0.5;
  requireConfig(Number.isFinite(exponent) && exponent >= 0, 'negativeExponent', `must be >= 0, got ${exponent}`);
  const n = activity.contacts.length;
  requireInput(
    activity.activeFrom.length === n && activity.activeUntil.length === n,
    'activity',
    'activeFrom, activeUntil and contacts must have one entry per item',
  );
  const weight = new Float64Array(n);
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = activity.contacts[i]!;
    requireInput(c >= 0 && Number.isFinite(c), `activity.contacts[${i}]`, 'must be a finite count >= 0');
    weight[i] = c > 0 ? Math.pow(c, exponent) : 0;
    if (weight[i]! > 0 && activity.activeFrom[i]! <= activity.activeUntil[i]!) candidates.push(i);
  }
  // Sorted by start so a window's candidates are a prefix (activeFrom <= until) filtered by activeUntil >= from.
  candidates.sort((x, y) => activity.activeFrom[x]! - activity.activeFrom[y]! || x - y);
  const order = Int32Array.from(candidates);
  const starts = Float64Array.from(order, (i) => activity.activeFrom[i]!);

  let cachedFrom = NaN;
  let cachedUntil = NaN;
  let items = new Int32Array(0);
  let cumulative = new Float64Array(0);
  const windowTable = (from: number, until: number): void => {
    if (from === cachedFrom && until === cachedUntil) return;
    const prefix = upperBound(starts, until);
    const chosen: number[] = [];
    for (let p = 0; p < prefix; p++) if (activity.activeUntil[order[p]!]! >= from) chosen.push(order[p]!);
    items = Int32Array.from(chosen);
    cumulative = new Float64Array(chosen.length);
    let total = 0;
    chosen.forEach((item, k) => {
      total += weight[item]!;
      cumulative[k] = total;
    });
    cachedFrom = from;
    cachedUntil = until;
  };

  return {
    sample(from, until, count, rng) {
      requireInput(from <= until, 'window', `from (${from}) must not be after until (${until})`);
      windowTable(from, until);
      if (items.length === 0) return new Int32Array(0);
      const out = new Int32Array(count);
      const total = cumulative[cumulative.length - 1]!;
      for (let s = 0; s < count; s++) {
        const x = rng.nextFloat() * total;
        // First k with cumulative[k] > x.
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cumulative[mid]! > x) hi = mid;
          else lo = mid + 1;
        }
        out[s] = items[lo]!;
      }
      return out;
    },
    activeItems(from, until) {
      windowTable(from, until);
      return items.slice();
    },
  };
}

/** Number of entries of the ascending `values` that are <= x. */
function upperBound(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
