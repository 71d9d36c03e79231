import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MIXING_VARIANCE,
  ExperimentError,
  ExperimentErrorCode,
  SequentialMonitor,
  alwaysValidPValue,
  clickThroughRate,
  lift,
  msprtLogLikelihoodRatio,
  msprtPValue,
  twoProportionZTest,
  twoSidedNormalPValue,
  wilsonInterval,
} from './index.ts';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const counts = (clicks: number, impressions: number) => ({ clicks, impressions });

describe('wilsonInterval', () => {
  // Reference values: the closed form by hand, and scipy.stats.binomtest(x, n).proportion_ci(0.95, 'wilson').
  it.each([
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [50, 100, 0.4038, 0.5962],
    [1000, 10000, 0.0943, 0.106],
    [3, 1000, 0.001, 0.0088],
  ])('%i / %i → [%f, %f]', (x, n, lower, upper) => {
    const interval = wilsonInterval(counts(x, n));
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it('is exactly [0, ·] at 0 clicks, [·, 1] at all clicks, and [0, 1] without data', () => {
    expect(wilsonInterval(counts(0, 7)).lower).toBe(0);
    expect(wilsonInterval(counts(7, 7)).upper).toBe(1);
    expect(wilsonInterval(counts(0, 0))).toEqual({ lower: 0, upper: 1 });
  });

  it('rejects impossible counts naming the field', () => {
    expect(thrownBy(() => wilsonInterval(counts(11, 10)))).toMatchObject({
      code: ExperimentErrorCode.InvalidCounts,
      field: 'counts.clicks',
    });
    expect(thrownBy(() => clickThroughRate(counts(0, -1), 'rows[3]'))).toMatchObject({
      code: ExperimentErrorCode.InvalidCounts,
      field: 'rows[3].impressions',
    });
    expect(thrownBy(() => clickThroughRate(counts(0.5, 10)))).toBeInstanceOf(ExperimentError);
  });
});

describe('CTR and lift', () => {
  it('computes CTR, 0 without impressions', () => {
    expect(clickThroughRate(counts(5, 200))).toBe(0.025);
    expect(clickThroughRate(counts(0, 0))).toBe(0);
  });

  it('computes relative lift against control, null when control CTR is 0', () => {
    expect(lift(counts(50, 1000), counts(60, 1000))).toBeCloseTo(0.2, 12);
    expect(lift(counts(60, 1000), counts(45, 1000))).toBeCloseTo(-0.25, 12);
    expect(lift(counts(0, 1000), counts(5, 1000))).toBeNull();
    expect(lift(counts(0, 0), counts(5, 1000))).toBeNull();
  });
});

describe('twoProportionZTest (fixed horizon)', () => {
  it('matches the chi-square test without continuity correction', () => {
    // 200/1000 vs 250/1000: pooled p = 0.225, z = 0.05 / sqrt(0.225 · 0.775 · 2/1000) = 2.6774; chi² = z² = 7.1685,
    // p = 0.00742 (R prop.test(correct = FALSE); scipy chi2_contingency(correction=False)).
    const result = twoProportionZTest(counts(200, 1000), counts(250, 1000));
    expect(result.z).toBeCloseTo(2.677397763, 8);
    expect(result.pValue).toBeCloseTo(0.0074196493, 8);
    const reversed = twoProportionZTest(counts(250, 1000), counts(200, 1000));
    expect(reversed.z).toBeCloseTo(-2.677397763, 8);
    expect(reversed.pValue).toBeCloseTo(result.pValue, 12);
  });

  it('has a normal tail accurate in relative terms', () => {
    expect(twoSidedNormalPValue(1.959963984540054)).toBeCloseTo(0.05, 7);
    expect(twoSidedNormalPValue(0)).toBe(1);
    // scipy: 2 · norm.sf(6) = 1.973175290e-9.
    expect(twoSidedNormalPValue(6) / 1.97317529e-9).toBeCloseTo(1, 5);
  });

  it('returns p = 1 rather than NaN where the test is undefined', () => {
    expect(twoProportionZTest(counts(0, 0), counts(5, 100))).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(counts(0, 100), counts(0, 100))).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(counts(100, 100), counts(50, 50))).toEqual({ z: 0, pValue: 1 });
  });
});

describe('mSPRT', () => {
  it('matches the closed form', () => {
    // Python reference: V = 0.05·0.95/1e4 + 0.06·0.94/1e4, θ̂ = 0.01, τ² = 1e-4:
    // log Λ = ½ log(V/(V+τ²)) + τ²θ̂²/(2V(V+τ²)) = 3.177792088, p = e^-logΛ = 0.041677574.
    const state = { control: counts(500, 10_000), treatment: counts(600, 10_000) };
    expect(msprtLogLikelihoodRatio(state)).toBeCloseTo(3.177792088, 8);
    expect(msprtPValue(state)).toBeCloseTo(0.041677574, 8);
    // The same data are more significant to the fixed-horizon test: the price of being allowed to peek.
    expect(twoProportionZTest(state.control, state.treatment).pValue).toBeLessThan(0.003);
    expect(DEFAULT_MIXING_VARIANCE).toBe(1e-4);
  });

  it('is 1 with no evidence and on every degenerate input, never NaN', () => {
    const cases = [
      { control: counts(0, 0), treatment: counts(0, 0) },
      { control: counts(0, 0), treatment: counts(10, 100) },
      { control: counts(0, 100), treatment: counts(0, 100) },
      { control: counts(100, 100), treatment: counts(100, 100) },
      { control: counts(0, 1), treatment: counts(1, 1) },
      { control: counts(50, 1000), treatment: counts(50, 1000) },
    ];
    for (const state of cases) expect(msprtPValue(state)).toBe(1);
  });

  it('goes to 0, not NaN, under overwhelming evidence', () => {
    const p = msprtPValue({ control: counts(1000, 1e7), treatment: counts(900_000, 1e7) });
    expect(p).toBe(0);
  });

  it('refuses a non-positive mixing variance', () => {
    expect(thrownBy(() => new SequentialMonitor({ mixingVariance: 0 }))).toMatchObject({
      code: ExperimentErrorCode.InvalidOption,
      field: 'mixingVariance',
    });
  });
});

describe('SequentialMonitor', () => {
  it('keeps the running minimum of the per-look p-values', () => {
    const monitor = new SequentialMonitor();
    expect(monitor.pValue).toBe(1);
    const strong = { control: counts(500, 10_000), treatment: counts(600, 10_000) };
    const weaker = { control: counts(1000, 20_000), treatment: counts(1100, 20_000) };
    const first = monitor.observe(strong);
    const second = monitor.observe(weaker);
    expect(first.pValue).toBeCloseTo(0.041677574, 8);
    expect(second.lookPValue).toBeGreaterThan(first.lookPValue);
    expect(second.pValue).toBe(first.pValue);
    expect(monitor.looks).toBe(2);
    expect(monitor.rejects(0.05)).toBe(true);
    expect(monitor.rejects(0.01)).toBe(false);
    expect(alwaysValidPValue([strong, weaker])).toBe(first.pValue);
    expect(alwaysValidPValue([])).toBe(1);
  });

  it('refuses totals that go down and keeps its state', () => {
    const monitor = new SequentialMonitor();
    monitor.observe({ control: counts(10, 1000), treatment: counts(20, 1000) });
    const before = monitor.pValue;
    expect(thrownBy(() => monitor.observe({ control: counts(10, 900), treatment: counts(20, 1000) }))).toMatchObject({
      code: ExperimentErrorCode.CountsDecreased,
      field: 'control.impressions',
    });
    expect(monitor.looks).toBe(1);
    expect(monitor.pValue).toBe(before);
  });
});
