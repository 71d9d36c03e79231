import { describe, expect, it } from 'vitest';
import { linearScale, niceMax, niceTicks, seriesByVariant } from './chart.ts';

describe('chart helpers', () => {
  it('maps a domain onto a range, inverted for SVG y', () => {
    const y = linearScale([0, 0.1], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(0.05)).toBe(100);
    expect(y(0.1)).toBe(0);
  });

  it('chooses round ticks', () => {
    expect(niceTicks(0, 0.1, 5)).toEqual([0, 0.02, 0.04, 0.06, 0.08, 0.1]);
    expect(niceTicks(0, 37, 4)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceMax(0.037)).toBe(0.04);
    expect(niceMax(0)).toBe(1);
  });

  it('groups daily points by variant in date order', () => {
    const p = (variant: string, date: string) => ({
      variant,
      date,
      ctr: 0,
      ctrLow: 0,
      ctrHigh: 0,
      impressions: 0,
      clicks: 0,
    });
    const s = seriesByVariant([p('b', '2024-01-02'), p('a', '2024-01-02'), p('b', '2024-01-01')]);
    expect(s.map((x) => [x.variant, x.points.map((q) => q.date)])).toEqual([
      ['b', ['2024-01-01', '2024-01-02']],
      ['a', ['2024-01-02']],
    ]);
  });
});
