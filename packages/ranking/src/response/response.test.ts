import { describe, expect, it } from 'vitest';
import { simulateTraffic, SIM_START } from '../testing/response-traffic.fixture.ts';
import { labelTraffic, type TrackedList } from './response-examples.ts';
import { decodeResponseModels, encodeResponseModels } from './response.codec.ts';
import { fitResponse, POSITION_FEATURE, ResponseScorer, type ResponseDesign } from './response-model.ts';

const DAY = 86_400_000;

function designOf(sim: ReturnType<typeof simulateTraffic>, traffic: ReturnType<typeof labelTraffic>): ResponseDesign {
  const d = sim.names.length;
  const x = new Float32Array(traffic.examples.length * d);
  traffic.examples.forEach((e, i) => {
    const row = sim.features.get(sim.lists[e.list]?.requestId ?? '');
    x.set(row?.subarray(e.position * d, (e.position + 1) * d) ?? new Float32Array(d), i * d);
  });
  return { x, names: sim.names };
}

const list = (over: Partial<TrackedList>): TrackedList => ({
  requestId: 'r',
  servedAt: SIM_START,
  user: 'u',
  sessionId: 's',
  skus: ['a', 'b', 'c', 'd'],
  context: [],
  impressed: [0, 1, 2, 3],
  clicked: [],
  ...over,
});

describe('response labels', () => {
  it('counts unclicked impressions as negatives only after the window, or at once above a click', () => {
    const lists = [list({ clicked: [2] }), list({ requestId: 'old', servedAt: SIM_START - 15 * DAY })];
    const fresh = labelTraffic(lists, [], { now: SIM_START + DAY });
    // List 0: a and b above the click are negatives (skip-above), c positive, d pending; list 1: all negatives.
    expect(fresh.examples.filter((e) => e.list === 0).map((e) => [e.sku, e.label])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 1],
    ]);
    expect(fresh.counts).toMatchObject({ impressions: 8, clicks: 1, negatives: 6, skipAbove: 2, pending: 1 });
    const noSkip = labelTraffic(lists, [], { now: SIM_START + DAY, skipAbove: false });
    expect(noSkip.counts).toMatchObject({ negatives: 4, pending: 3 });
    const shortWindow = labelTraffic(lists, [], { now: SIM_START + DAY, negativeWindowMs: DAY });
    expect(shortWindow.counts).toMatchObject({ negatives: 7, pending: 0 });
  });

  it('weights a click by the deepest engagement with the same sku later in the same session', () => {
    const lists = [list({ clicked: [0, 1, 2] })];
    const at = SIM_START + 1000;
    const traffic = labelTraffic(
      lists,
      [
        { sessionId: 's', sku: 'a', kind: 'add-to-cart', at },
        { sessionId: 's', sku: 'b', kind: 'add-to-cart', at },
        { sessionId: 's', sku: 'b', kind: 'purchase', at },
        { sessionId: 's', sku: 'c', kind: 'purchase', at: SIM_START - 1 }, // before the list: not caused by it
        { sessionId: 'other', sku: 'a', kind: 'purchase', at },
      ],
      { now: at, weights: { addToCart: 3, purchase: 5 } },
    );
    expect(traffic.examples.map((e) => [e.sku, e.label, e.weight])).toEqual([
      ['a', 1, 3],
      ['b', 1, 5],
      ['c', 1, 1],
    ]);
    expect(traffic.counts.engaged).toBe(2);
  });
});

describe('response model on simulated traffic with planted propensities', () => {
  const sim = simulateTraffic({ seed: 5 });
  const traffic = labelTraffic(sim.lists, sim.engagement, { now: sim.end + 15 * DAY });
  const fit = fitResponse(traffic, sim.lists, designOf(sim, traffic), { now: sim.end });

  it('beats the global-only model on held-out AUC by at least 0.03', () => {
    const { metrics } = fit;
    expect(metrics.testExamples).toBeGreaterThan(0.15 * metrics.examples);
    expect(metrics.testClicks).toBeGreaterThan(100);
    expect(metrics.aucGlobal).toBeGreaterThan(0.55); // the signal and the position are learnt
    expect(metrics.aucFull).toBeGreaterThanOrEqual(metrics.aucGlobal + 0.03);
    expect(fit.full.featureNames).toEqual(['signal', 'noise', POSITION_FEATURE]);
  });

  it('recovers the planted propensities and the position bias', () => {
    const scorer = new ResponseScorer(fit.full);
    const learnt = Array.from(sim.itemPropensity, (_, i) => scorer.propensities(`sku-${i}`, null).item);
    expect(correlation(learnt, Array.from(sim.itemPropensity))).toBeGreaterThan(0.7);
    const users = Array.from(sim.userPropensity, (_, u) => scorer.propensities('', `user-${u}`).user);
    expect(correlation(users, Array.from(sim.userPropensity))).toBeGreaterThan(0.6);
    expect(fit.full.glmix.global[2] ?? 0).toBeLessThan(0); // lower positions are clicked less
  });

  it('round-trips through its files and scores the same', () => {
    const back = decodeResponseModels(encodeResponseModels(fit));
    const raw = Float32Array.of(1.5, 0.2, -0.3, 0.1);
    const skus = ['sku-1', 'sku-2'];
    expect(Array.from(new ResponseScorer(back.full).score(raw, skus, 'user-3'))).toEqual(
      Array.from(new ResponseScorer(fit.full).score(raw, skus, 'user-3')),
    );
    expect(Array.from(new ResponseScorer(back.globalOnly).score(raw, skus, null))).toEqual(
      Array.from(new ResponseScorer(fit.globalOnly).score(raw, skus, null)),
    );
    expect(back.full.globalFittedAt).toBe(fit.full.globalFittedAt);
  });

  it('is deterministic under a seed', () => {
    const again = simulateTraffic({ seed: 5 });
    const t = labelTraffic(again.lists, again.engagement, { now: again.end + 15 * DAY });
    const refit = fitResponse(t, again.lists, designOf(again, t), { now: again.end });
    expect(refit.metrics).toEqual(fit.metrics);
    expect(Array.from(refit.full.glmix.global)).toEqual(Array.from(fit.full.glmix.global));
  });

  it('refits the effects daily warm-started with the global part kept, and the global part weekly', () => {
    const next = simulateTraffic({ seed: 5, lists: 4400 });
    const t = labelTraffic(next.lists, next.engagement, { now: next.end + 15 * DAY });
    const design = designOf(next, t);
    const daily = fitResponse(t, next.lists, design, {
      now: next.end,
      previous: fit,
      refitGlobal: false,
      compare: fit.full,
    });
    // The active model measured on the same held-out lists: a real figure, close to the refit's own.
    expect(daily.metrics.aucCompare).toBeGreaterThan(daily.metrics.aucGlobal);
    expect(Math.abs(daily.metrics.aucCompare - daily.metrics.aucFull)).toBeLessThan(0.02);
    expect(fit.metrics.aucCompare).toBeNaN();
    expect(daily.metrics.refitGlobal).toBe(false);
    expect(Array.from(daily.full.glmix.global)).toEqual(Array.from(fit.full.glmix.global));
    expect(daily.full.globalFittedAt).toBe(fit.full.globalFittedAt);
    expect(daily.full.users.slice(0, fit.full.users.length)).toEqual(fit.full.users);
    const cold = fitResponse(t, next.lists, design, { now: next.end, refitGlobal: false });
    expect(daily.metrics.iterations).toBeLessThan(cold.metrics.iterations);
    expect(daily.metrics.aucFull).toBeGreaterThanOrEqual(daily.metrics.aucGlobal + 0.03);
    const weekly = fitResponse(t, next.lists, design, { now: next.end, previous: fit, refitGlobal: true });
    expect(weekly.metrics.refitGlobal).toBe(true);
    expect(Array.from(weekly.full.glmix.global)).not.toEqual(Array.from(fit.full.glmix.global));
    expect(weekly.full.globalFittedAt).toBe(next.end);
  });
});

function correlation(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  a.forEach((x, i) => {
    num += (x - ma) * ((b[i] ?? 0) - mb);
    da += (x - ma) ** 2;
    db += ((b[i] ?? 0) - mb) ** 2;
  });
  return num / Math.sqrt(da * db);
}
