// Positive pairs for the tower: two different items contacted by the same actor within a time window (8 h by
// default, Avito's definition of "similar"). Each actor's pair counts once however often it recurs; a contact
// pairs with at most `maxPartners` later contacts (the nearest, or a random draw), so a 500-line basket cannot
// swamp the set.
import { createRng } from '@shopspace/item2vec';
import { requireConfig } from '../feature-tower.errors.ts';
import { CONTACT_KINDS, toContactColumns, type Contact, type ContactColumns, type ContactKind } from './contacts.ts';

export interface PairOptions {
  /** Two contacts of one actor at most this far apart make a pair. Default 8 h. */
  readonly windowMs?: number;
  /** Weight of each contact kind; a pair weighs the smaller of its two. 0 drops the kind. Default 1 / 2 / 3. */
  readonly eventWeights?: Partial<Record<ContactKind, number>>;
  /**
   * Later partners kept per contact. Default 1: each contact pairs with the actor's next one (the next cart
   * line), the cleanest positives on Online Retail (validation HR@10 0.248 with 8, 0.263 with 4, 0.296 with 1).
   */
  readonly maxPartners?: number;
  /**
   * Which later contacts of the window become partners when there are more than maxPartners: 'nearest' (default;
   * the next ones in time, then in input order, e.g. cart order within one order) or 'random' (uniform).
   */
  readonly partnerChoice?: 'nearest' | 'random';
  readonly seed?: number;
}

export interface TrainingPairs {
  readonly count: number;
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** Time of the later contact of the pair (both items were live then), ascending. */
  readonly time: Float64Array;
  readonly weight: Float32Array;
}

export const DEFAULT_WINDOW_MS = 8 * 3600 * 1000;
export const DEFAULT_EVENT_WEIGHTS: Readonly<Record<ContactKind, number>> = { VIEW: 1, ADD_TO_CART: 2, PURCHASE: 3 };

export function buildTrainingPairs(
  contacts: readonly Contact[] | ContactColumns,
  options: PairOptions = {},
): TrainingPairs {
  const columns = toContactColumns(contacts);
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const maxPartners = options.maxPartners ?? 1;
  const nearest = (options.partnerChoice ?? 'nearest') === 'nearest';
  requireConfig(
    options.partnerChoice === undefined || options.partnerChoice === 'nearest' || options.partnerChoice === 'random',
    'pairs.partnerChoice',
    "must be 'nearest' or 'random'",
  );
  const weights = { ...DEFAULT_EVENT_WEIGHTS, ...options.eventWeights };
  requireConfig(windowMs >= 0, 'pairs.windowMs', `must be >= 0, got ${windowMs}`);
  requireConfig(Number.isInteger(maxPartners) && maxPartners >= 1, 'pairs.maxPartners', 'must be a positive integer');
  const kindWeight = CONTACT_KINDS.map((kind) => {
    const w = weights[kind];
    requireConfig(Number.isFinite(w) && w >= 0, `pairs.eventWeights.${kind}`, `must be a finite weight >= 0`);
    return w;
  });
  const rng = createRng(options.seed ?? 1);

  // Kept contacts by actor, then time, then input order (a stable order, so the run is deterministic).
  const kept: number[] = [];
  for (let i = 0; i < columns.item.length; i++) if (kindWeight[columns.kind[i]!]! > 0) kept.push(i);
  kept.sort((x, y) => columns.actor[x]! - columns.actor[y]! || columns.time[x]! - columns.time[y]! || x - y);
  const order = Int32Array.from(kept);
  let itemSpan = 1;
  for (const i of order) itemSpan = Math.max(itemSpan, columns.item[i]! + 1);

  const a: number[] = [];
  const b: number[] = [];
  const time: number[] = [];
  const weight: number[] = [];
  const seen = new Map<number, number>();
  const candidates: number[] = [];
  for (let start = 0; start < order.length;) {
    const actor = columns.actor[order[start]!]!;
    let end = start;
    while (end < order.length && columns.actor[order[end]!] === actor) end++;
    seen.clear();
    let hi = start;
    for (let p = start; p < end; p++) {
      const i = order[p]!;
      const t = columns.time[i]!;
      if (hi < p + 1) hi = p + 1;
      while (hi < end && columns.time[order[hi]!]! - t <= windowMs) hi++;
      candidates.length = 0;
      for (let q = p + 1; q < hi; q++) if (columns.item[order[q]!] !== columns.item[i]) candidates.push(order[q]!);
      // Partial Fisher-Yates: the first maxPartners entries become a uniform sample of the window.
      const take = Math.min(maxPartners, candidates.length);
      if (take < candidates.length && !nearest) {
        for (let s = 0; s < take; s++) {
          const r = s + rng.nextInt(candidates.length - s);
          const swap = candidates[s]!;
          candidates[s] = candidates[r]!;
          candidates[r] = swap;
        }
      }
      for (let s = 0; s < take; s++) {
        const j = candidates[s]!;
        const x = columns.item[i]!;
        const y = columns.item[j]!;
        const key = Math.min(x, y) * itemSpan + Math.max(x, y);
        const w = Math.min(kindWeight[columns.kind[i]!]!, kindWeight[columns.kind[j]!]!);
        const at = seen.get(key);
        if (at !== undefined) {
          weight[at] = Math.max(weight[at]!, w);
          continue;
        }
        seen.set(key, a.length);
        a.push(x);
        b.push(y);
        time.push(columns.time[j]!);
        weight.push(w);
      }
    }
    start = end;
  }
  // Ascending time (ties in discovery order) so the trainer can bucket pairs by period.
  const byTime = Array.from({ length: a.length }, (_, k) => k).sort((x, y) => time[x]! - time[y]! || x - y);
  return {
    count: a.length,
    a: Int32Array.from(byTime, (k) => a[k]!),
    b: Int32Array.from(byTime, (k) => b[k]!),
    time: Float64Array.from(byTime, (k) => time[k]!),
    weight: Float32Array.from(byTime, (k) => weight[k]!),
  };
}
