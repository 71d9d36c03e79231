// Small pure helpers for the hand-written SVG charts: linear scales, round tick values, series grouping.

export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const f = ((v: number) => r0 + ((v - d0) / span) * (r1 - r0)) as Scale;
  return Object.assign(f, { domain });
}

/** About `count` round tick values (1, 2, 2.5, 5 × 10^k steps) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step + 0); // + 0 turns -0 into 0
  return ticks;
}

/** The upper end of a chart's value axis: the largest value rounded up to a tick, never 0. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const ticks = niceTicks(0, max, 4);
  const step = ticks.length > 1 ? (ticks[1] ?? 0) - (ticks[0] ?? 0) : max;
  const last = ticks.at(-1) ?? max;
  return last >= max ? last : last + step;
}

export interface DailyPoint {
  readonly variant: string;
  readonly date: string;
  readonly ctr: number;
  readonly ctrLow: number;
  readonly ctrHigh: number;
  readonly impressions: number;
  readonly clicks: number;
}

/** Daily points grouped by variant (in first-seen order), each series sorted by date. */
export function seriesByVariant<P extends DailyPoint>(points: readonly P[]): Array<{ variant: string; points: P[] }> {
  const map = new Map<string, P[]>();
  for (const p of points) {
    const list = map.get(p.variant) ?? [];
    list.push(p);
    map.set(p.variant, list);
  }
  return [...map].map(([variant, list]) => ({ variant, points: list.sort((a, b) => a.date.localeCompare(b.date)) }));
}

export const PALETTE = ['#2454d6', '#d9480f', '#2b8a3e', '#862e9c', '#0b7285', '#e67700', '#5c940d', '#c2255c'];
