import { describe, expect, it } from 'vitest';
import { experimentVerdict, findControl, type VariantStats } from './verdict.ts';

const v = (key: string, impressions: number, clicks: number, lift: number | null, p: number | null): VariantStats => {
  const ctr = impressions > 0 ? clicks / impressions : 0;
  return { key, impressions, clicks, ctr, ctrLow: ctr * 0.9, ctrHigh: ctr * 1.1, liftVsControl: lift, pValue: p };
};

describe('experimentVerdict', () => {
  it('says a draft has not started', () => {
    expect(experimentVerdict({ status: 'DRAFT', results: [] }, 'en-GB')).toMatchObject({
      kind: 'not-started',
      winner: null,
    });
  });

  it('says a running experiment has no traffic yet, and a stopped one ended without', () => {
    const results = [v('control', 0, 0, null, null), v('b', 0, 0, null, null)];
    const running = experimentVerdict({ status: 'RUNNING', results }, 'en-GB');
    expect(running.kind).toBe('no-data');
    expect(running.headline).toMatch(/^No impressions recorded yet/);
    expect(experimentVerdict({ status: 'STOPPED', results }, 'en-GB').headline).toMatch(/ended without any/);
  });

  it('refuses a verdict while a variant has fewer impressions than the minimum, naming it', () => {
    const r = experimentVerdict(
      { status: 'RUNNING', results: [v('control', 500, 20, null, null), v('item2vec', 40, 9, 4.6, 0.0001)] },
      'en-GB',
    );
    expect(r.kind).toBe('too-early');
    expect(r.headline).toContain('item2vec (40) has fewer');
  });

  it('names a significant winner with its lift and CTRs', () => {
    const r = experimentVerdict(
      { status: 'RUNNING', results: [v('control', 10_000, 200, null, null), v('item2vec', 10_000, 260, 0.3, 0.004)] },
      'en-GB',
    );
    expect(r).toMatchObject({ kind: 'winner', tone: 'good', winner: 'item2vec' });
    expect(r.headline).toBe(
      'item2vec beats control: +30.0% click-through rate (2.60% vs 2.00%). The evidence is strong enough to stop the experiment and roll out item2vec.',
    );
    expect(r.details[0]).toBe(
      'item2vec: CTR 2.60% vs 2.00% for control (+30.0%), always-valid p = 0.004, significant.',
    );
  });

  it('says the control wins when every challenger is significantly worse', () => {
    const r = experimentVerdict(
      { status: 'STOPPED', results: [v('control', 5000, 150, null, null), v('pop', 5000, 90, -0.4, 0.0002)] },
      'en-GB',
    );
    expect(r).toMatchObject({ kind: 'loser', tone: 'bad', winner: 'control' });
    expect(r.headline).toBe('control does better: pop -40.0% click-through rate. Keep the control.');
  });

  it('asks to keep running when nothing is significant, quoting the best so far', () => {
    const r = experimentVerdict(
      { status: 'RUNNING', results: [v('control', 1000, 30, null, null), v('b', 1000, 33, 0.1, 0.41)] },
      'en-GB',
    );
    expect(r.kind).toBe('inconclusive');
    expect(r.headline).toBe(
      'No clear difference yet: keep the experiment running. Best so far: b (+10.0%, p = 0.410).',
    );
  });

  it('calls a stopped experiment without significance a tie', () => {
    const r = experimentVerdict(
      { status: 'STOPPED', results: [v('control', 1000, 30, null, null), v('b', 1000, 31, 0.033, 0.8)] },
      'en-GB',
    );
    expect(r.kind).toBe('no-difference');
    expect(r.headline).toMatch(/^No detectable difference between the variants at the 5% level/);
  });

  it('splits alpha between several challengers (Bonferroni)', () => {
    // p = 0.03 would be a winner alone, but not as one of two comparisons (needs p < 0.025).
    const results = [v('control', 4000, 80, null, null), v('a', 4000, 100, 0.25, 0.03), v('b', 4000, 82, 0.025, 0.9)];
    const r = experimentVerdict({ status: 'RUNNING', results }, 'en-GB');
    expect(r.kind).toBe('inconclusive');
    expect(r.details.at(-1)).toBe(
      'With 2 variants against the control, each needs p < 0.025 to count (0.050 shared between them).',
    );
    const alone = experimentVerdict({ status: 'RUNNING', results: results.slice(0, 2) }, 'en-GB');
    expect(alone.kind).toBe('winner');
  });

  it('writes a tiny p-value as a bound', () => {
    const r = experimentVerdict(
      { status: 'RUNNING', results: [v('control', 1000, 28, null, null), v('b', 1000, 92, 2.29, 0.00001)] },
      'en-GB',
    );
    expect(r.details[0]).toBe('b: CTR 9.20% vs 2.80% for control (+229.0%), always-valid p < 0.001, significant.');
  });

  it('picks the larger of two significant winners', () => {
    const results = [
      v('control', 9000, 90, null, null),
      v('a', 9000, 130, 0.44, 0.001),
      v('b', 9000, 160, 0.78, 0.0001),
    ];
    expect(experimentVerdict({ status: 'RUNNING', results }, 'en-GB').winner).toBe('b');
  });

  it('computes the lift from the CTRs when the API gives none', () => {
    const r = experimentVerdict(
      {
        status: 'STOPPED',
        results: [v('control', 1000, 20, null, null), v('b', 1000, 40, null, 0.001)],
        controlKey: 'control',
      },
      'en-GB',
    );
    expect(r.headline).toMatch(/^b beats control: \+100\.0% click-through rate/);
  });
});

describe('findControl', () => {
  it('prefers the explicit key, then the only variant without a lift, then "control", then the first', () => {
    const rs = [v('a', 1, 0, 0.1, 0.5), v('base', 1, 0, null, null), v('control', 1, 0, 0.2, 0.5)];
    expect(findControl(rs, 'a')?.key).toBe('a');
    expect(findControl(rs)?.key).toBe('base');
    expect(findControl([v('x', 1, 0, 0.1, 0.5), v('control', 1, 0, 0.1, 0.5)])?.key).toBe('control');
    expect(findControl([v('x', 1, 0, 0.1, 0.5), v('y', 1, 0, 0.1, 0.5)])?.key).toBe('x');
  });
});
