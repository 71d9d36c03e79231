// Seeded simulated traffic for the response model: lists of items shown to shoppers with planted per-user and
// per-item click propensities and a position bias; clicks drawn from
// logit P(click) = base + relevance · signal + item propensity + user propensity − position bias, where only
// `signal` (and a noise column) are features every model sees. Some clicks go on to an add-to-cart or a
// purchase of the same sku in the same session.
import { createRng } from '@shopspace/item2vec';
import type { EngagementEvent, TrackedList } from '../response/response-examples.ts';

export interface SimulatedTrafficOptions {
  readonly items?: number;
  readonly users?: number;
  readonly lists?: number;
  readonly listLength?: number;
  readonly days?: number;
  /** Spread (standard deviation) of the planted item and user propensities, in log-odds. */
  readonly itemSpread?: number;
  readonly userSpread?: number;
  /** Share of anonymous lists (no user). */
  readonly anonymous?: number;
  readonly seed?: number;
}

export interface SimulatedTraffic {
  readonly lists: TrackedList[];
  readonly engagement: EngagementEvent[];
  /** Feature names and, per list, per position, their values. */
  readonly names: readonly string[];
  readonly features: Map<string, Float32Array>;
  readonly itemPropensity: Float64Array;
  readonly userPropensity: Float64Array;
  /** The time of the last list (epoch ms). */
  readonly end: number;
}

export const SIM_START = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

export const simSku = (i: number): string => `sku-${i}`;
export const simUser = (u: number): string => `user-${u}`;

/** The click probability the simulation uses (so e2e tests can replay the same population). */
export function simulatedClickLogit(
  signal: number,
  itemPropensity: number,
  userPropensity: number,
  position: number,
): number {
  return -2.2 + 0.8 * signal + itemPropensity + userPropensity - 0.4 * Math.log2(2 + position);
}

export function simulateTraffic(options: SimulatedTrafficOptions = {}): SimulatedTraffic {
  const itemCount = options.items ?? 150;
  const userCount = options.users ?? 250;
  const listCount = options.lists ?? 4000;
  const k = options.listLength ?? 8;
  const days = options.days ?? 42;
  const rng = createRng(options.seed ?? 11);
  const gaussian = (): number => {
    const u = Math.max(1e-12, rng.nextFloat());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const itemPropensity = Float64Array.from({ length: itemCount }, () => (options.itemSpread ?? 1) * gaussian());
  const userPropensity = Float64Array.from({ length: userCount }, () => (options.userSpread ?? 1) * gaussian());
  const lists: TrackedList[] = [];
  const engagement: EngagementEvent[] = [];
  const features = new Map<string, Float32Array>();
  for (let l = 0; l < listCount; l++) {
    const servedAt = SIM_START + Math.floor((l / listCount) * days * DAY);
    const anonymous = rng.nextFloat() < (options.anonymous ?? 0.15);
    const u = rng.nextInt(userCount);
    const shown: number[] = [];
    while (shown.length < k) {
      const item = rng.nextInt(itemCount);
      if (!shown.includes(item)) shown.push(item);
    }
    const requestId = `req-${l}`;
    const sessionId = `session-${l}`;
    const x = new Float32Array(k * 2);
    const clicked: number[] = [];
    shown.forEach((item, position) => {
      const signal = gaussian();
      x[position * 2] = signal;
      x[position * 2 + 1] = gaussian();
      const z = simulatedClickLogit(
        signal,
        itemPropensity[item] ?? 0,
        anonymous ? 0 : (userPropensity[u] ?? 0),
        position,
      );
      if (rng.nextFloat() < 1 / (1 + Math.exp(-z))) {
        clicked.push(position);
        const deeper = rng.nextFloat();
        const kind = deeper < 0.1 ? 'purchase' : deeper < 0.3 ? 'add-to-cart' : null;
        if (kind) engagement.push({ sessionId, sku: simSku(item), kind, at: servedAt + 60_000 });
      }
    });
    features.set(requestId, x);
    lists.push({
      requestId,
      servedAt,
      user: anonymous ? null : simUser(u),
      sessionId,
      skus: shown.map(simSku),
      context: [],
      impressed: shown.map((_, p) => p),
      clicked,
    });
  }
  return {
    lists,
    engagement,
    names: ['signal', 'noise'],
    features,
    itemPropensity,
    userPropensity,
    end: lists[lists.length - 1]?.servedAt ?? SIM_START,
  };
}
