// ExperimentResultsService on known daily counts: per-variant totals, CTR with its Wilson 95% interval, lift
// against control, the always-valid p-value and the fixed-horizon z-test. The expected figures were computed
// independently from the textbook formulas (Python, math.erfc) and are quoted here as numbers.

import { describe, expect, it } from 'vitest';
import { createFakePorts } from '../../../testing/src/fakes/index.ts';
import type { Experiment } from './experiment.ports.ts';
import { ExperimentResultsService } from './experiment-results.ts';

async function setup(keys: readonly string[]) {
  const ports = createFakePorts();
  const tenantId = (await ports.tenants.create('A')).id;
  const shop = await ports.shops.create(tenantId, { handle: 'main', name: 'Main', currency: 'EUR' });
  const experiment: Experiment = await ports.experiments.create({
    tenantId,
    shopId: shop?.id ?? '',
    name: 'Similar items',
    placement: 'pdp-similar',
    variants: keys.map((key) => ({ key, weight: 1 / keys.length, strategy: { algorithm: 'item2vec' } })),
  });
  const seed = (variant: string, date: string, impressions: number, clicks: number) =>
    ports.trackingStore.seedDaily(tenantId, experiment.id, { variant, date, impressions, clicks });
  return { ports, experiment, seed, results: new ExperimentResultsService(ports.trackingStore) };
}

describe('ExperimentResultsService', () => {
  it('gives CTR, Wilson interval, lift and both p-values per variant on one day of counts', async () => {
    const { experiment, seed, results } = await setup(['control', 'treatment']);
    seed('control', '2026-01-02', 1_000, 50);
    seed('treatment', '2026-01-02', 1_000, 80);
    const r = await results.results(experiment);
    const [control, treatment] = r.variants;
    expect(control).toMatchObject({ key: 'control', impressions: 1_000, clicks: 50, ctr: 0.05 });
    expect(control?.ctrLow).toBeCloseTo(0.03813026239274882, 12);
    expect(control?.ctrHigh).toBeCloseTo(0.06531382024425081, 12);
    expect(control).toMatchObject({ liftVsControl: null, pValue: null, fixedHorizonPValue: null });
    expect(treatment).toMatchObject({ key: 'treatment', impressions: 1_000, clicks: 80, ctr: 0.08 });
    expect(treatment?.ctrLow).toBeCloseTo(0.06474803809836388, 12);
    expect(treatment?.ctrHigh).toBeCloseTo(0.09846643902950242, 12);
    expect(treatment?.liftVsControl).toBeCloseTo(0.6, 12);
    // z = 2.7211: p = 0.0065066 fixed-horizon, but the always-valid mSPRT (tau^2 = 1e-4) says only 0.2517.
    expect(treatment?.fixedHorizonPValue).toBeCloseTo(0.006506597483637838, 6);
    expect(treatment?.pValue).toBeCloseTo(0.2516641373754536, 12);
  });

  it('accumulates days: cumulative counts, and an always-valid p-value that is the running minimum', async () => {
    const { experiment, seed, results } = await setup(['control', 'treatment']);
    seed('control', '2026-01-02', 500, 20);
    seed('treatment', '2026-01-02', 500, 30);
    seed('control', '2026-01-04', 500, 30);
    seed('treatment', '2026-01-04', 500, 50);
    const r = await results.results(experiment);
    const treatment = r.daily.filter((p) => p.variant === 'treatment');
    expect(treatment.map((p) => [p.date, p.impressions, p.clicks])).toEqual([
      ['2026-01-02', 500, 30],
      ['2026-01-03', 500, 30],
      ['2026-01-04', 1_000, 80],
    ]);
    expect(treatment[0]?.pValue).toBeCloseTo(0.8585996330932706, 12);
    expect(treatment[1]?.pValue).toBeCloseTo(0.8585996330932706, 12);
    expect(treatment[2]?.pValue).toBeCloseTo(0.2516641373754536, 12);
    expect(treatment[0]?.ctrLow).toBeCloseTo(0.0423483564809462, 12);
    expect(r.daily.filter((p) => p.variant === 'control').map((p) => p.pValue)).toEqual([null, null, null]);
    expect(r.variants[1]).toMatchObject({ impressions: 1_000, clicks: 80 });
    expect(r.variants[1]?.pValue).toBeCloseTo(0.2516641373754536, 12);
  });

  it('compares against the variant keyed "control" wherever it is listed', async () => {
    const { experiment, seed, results } = await setup(['new-model', 'control']);
    seed('new-model', '2026-01-02', 200, 30);
    seed('control', '2026-01-02', 200, 20);
    const r = await results.results(experiment);
    expect(r.variants.map((v) => [v.key, v.liftVsControl])).toEqual([
      ['new-model', expect.closeTo(0.5, 12) as unknown],
      ['control', null],
    ]);
  });

  it('without a control click: lift unknown, CTR and intervals still shown', async () => {
    const { experiment, seed, results } = await setup(['control', 'treatment']);
    seed('control', '2026-01-02', 100, 0);
    seed('treatment', '2026-01-02', 100, 3);
    const [control, treatment] = (await results.results(experiment)).variants;
    expect(control).toMatchObject({ ctr: 0, ctrLow: 0 });
    expect(control?.ctrHigh).toBeGreaterThan(0);
    expect(treatment).toMatchObject({ ctr: 0.03, liftVsControl: null });
  });

  it('gives no lift for a variant that has had no impression yet, instead of a 100% drop', async () => {
    const { experiment, seed, results } = await setup(['control', 'treatment']);
    seed('control', '2026-01-02', 400, 20);
    const [, treatment] = (await results.results(experiment)).variants;
    expect(treatment).toMatchObject({ impressions: 0, ctr: 0, liftVsControl: null, pValue: 1, fixedHorizonPValue: 1 });
  });

  it('lists every variant before any traffic, with no information rather than numbers', async () => {
    const { experiment, results } = await setup(['control', 'treatment']);
    expect(await results.results(experiment)).toEqual({
      variants: [
        {
          key: 'control',
          impressions: 0,
          clicks: 0,
          ctr: 0,
          ctrLow: 0,
          ctrHigh: 1,
          liftVsControl: null,
          pValue: null,
          fixedHorizonPValue: null,
        },
        {
          key: 'treatment',
          impressions: 0,
          clicks: 0,
          ctr: 0,
          ctrLow: 0,
          ctrHigh: 1,
          liftVsControl: null,
          pValue: 1,
          fixedHorizonPValue: 1,
        },
      ],
      daily: [],
    });
  });
});
