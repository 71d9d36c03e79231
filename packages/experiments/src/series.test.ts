import { describe, expect, it } from 'vitest';
import { ExperimentErrorCode, alwaysValidPValue, buildDailySeries, dayNumber, wilsonInterval } from './index.ts';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const VARIANTS = ['control', 'item2vec'];

describe('buildDailySeries', () => {
  const rows = [
    { date: '2024-02-28', variant: 'control', impressions: 1000, clicks: 50 },
    { date: '2024-02-28', variant: 'item2vec', impressions: 1000, clicks: 70 },
    // No rows on the leap day: it must still appear, with zero counts.
    { date: '2024-03-01', variant: 'control', impressions: 600, clicks: 30 },
    { date: '2024-03-01', variant: 'control', impressions: 400, clicks: 20 },
    { date: '2024-03-01', variant: 'item2vec', impressions: 1000, clicks: 75 },
  ];

  it('fills missing days, sums duplicate rows and accumulates', () => {
    const [control, treatment] = buildDailySeries(rows, { variants: VARIANTS });
    expect(control?.variant).toBe('control');
    expect(control?.isControl).toBe(true);
    expect(treatment?.isControl).toBe(false);
    expect(control?.points.map((p) => p.date)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(control?.points.map((p) => [p.impressions, p.clicks])).toEqual([
      [1000, 50],
      [0, 0],
      [1000, 50],
    ]);
    expect(control?.points.map((p) => [p.cumulativeImpressions, p.cumulativeClicks])).toEqual([
      [1000, 50],
      [1000, 50],
      [2000, 100],
    ]);
    expect(treatment?.points.at(-1)?.cumulativeCtr).toBeCloseTo(0.0725, 12);
    const last = treatment?.points.at(-1);
    expect(last && { lower: last.lower, upper: last.upper }).toEqual(
      wilsonInterval({ impressions: 2000, clicks: 145 }),
    );
  });

  it('carries the running always-valid p-value of each treatment against control, none for the control', () => {
    const [control, treatment] = buildDailySeries(rows, { variants: VARIANTS, mixingVariance: 4e-4 });
    expect(control?.points.every((p) => p.alwaysValidPValue === null)).toBe(true);
    const expected = alwaysValidPValue(
      [
        [1000, 50, 1000, 70],
        [1000, 50, 1000, 70],
        [2000, 100, 2000, 145],
      ].map(([nc = 0, xc = 0, nt = 0, xt = 0]) => ({
        control: { impressions: nc, clicks: xc },
        treatment: { impressions: nt, clicks: xt },
      })),
      { mixingVariance: 4e-4 },
    );
    expect(treatment?.points.at(-1)?.alwaysValidPValue).toBe(expected);
    expect(expected).toBeLessThan(1);
    const ps = treatment?.points.map((p) => p.alwaysValidPValue ?? 1) ?? [];
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeLessThanOrEqual(ps[i - 1] ?? 1);
  });

  it('pads to the requested range and lists variants without rows', () => {
    const series = buildDailySeries([{ date: '2024-12-31', variant: 'control', impressions: 10, clicks: 1 }], {
      variants: ['control', 'b', 'c'],
      from: '2024-12-30',
      to: '2025-01-02',
    });
    expect(series.map((s) => s.variant)).toEqual(['control', 'b', 'c']);
    expect(series[1]?.points.map((p) => p.date)).toEqual(['2024-12-30', '2024-12-31', '2025-01-01', '2025-01-02']);
    expect(series[1]?.points.every((p) => p.cumulativeImpressions === 0 && p.lower === 0 && p.upper === 1)).toBe(true);
    expect(series[1]?.points.every((p) => p.alwaysValidPValue === 1)).toBe(true);
  });

  it('uses the first variant as control when none is keyed "control"', () => {
    const series = buildDailySeries([], { variants: ['popularity', 'item2vec'], from: '2024-01-01', to: '2024-01-01' });
    expect(series.map((s) => s.isControl)).toEqual([true, false]);
    expect(buildDailySeries([], { variants: VARIANTS }).map((s) => s.points.length)).toEqual([0, 0]);
  });

  it('rejects bad input with the offending field', () => {
    const row = { date: '2024-02-30', variant: 'control', impressions: 1, clicks: 0 };
    expect(thrownBy(() => buildDailySeries([row], { variants: VARIANTS }))).toMatchObject({
      code: ExperimentErrorCode.InvalidDate,
      field: 'rows[0].date',
    });
    expect(
      thrownBy(() => buildDailySeries([{ ...row, date: '2024-02-01', variant: 'other' }], { variants: VARIANTS })),
    ).toMatchObject({ code: ExperimentErrorCode.InvalidCounts, field: 'rows[0].variant' });
    expect(
      thrownBy(() => buildDailySeries([{ ...row, date: '2024-02-01', clicks: 2 }], { variants: VARIANTS })),
    ).toMatchObject({ code: ExperimentErrorCode.InvalidCounts, field: 'rows[0].clicks' });
    expect(
      thrownBy(() =>
        buildDailySeries([{ ...row, date: '2024-02-01' }], {
          variants: VARIANTS,
          from: '2024-02-02',
          to: '2024-02-03',
        }),
      ),
    ).toMatchObject({ code: ExperimentErrorCode.InvalidDate, field: 'rows[0].date' });
    expect(
      thrownBy(() => buildDailySeries([], { variants: VARIANTS, from: '2000-01-01', to: '2024-01-01' })),
    ).toMatchObject({ code: ExperimentErrorCode.InvalidDate, field: 'from' });
    expect(thrownBy(() => buildDailySeries([], { variants: ['a', 'a'] }))).toMatchObject({
      code: ExperimentErrorCode.InvalidVariants,
      field: 'variants[1]',
    });
  });
});

describe('dayNumber', () => {
  it('counts UTC days and accepts only real calendar dates', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
    for (const bad of ['2024-2-01', '2023-02-29', '2024-13-01', '2024-01-01T00:00:00Z', '']) {
      expect(thrownBy(() => dayNumber(bad))).toMatchObject({ code: ExperimentErrorCode.InvalidDate, field: 'date' });
    }
  });
});
