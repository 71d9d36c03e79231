import { describe, expect, it } from 'vitest';
import { carveWindow, DAY_MS } from '../pipeline/time-windows.ts';
import { buildSessionLog } from '../data/session-log.ts';
import { evaluateRecommender, evaluationFromRanks, pairedNdcgDifference } from './next-item.evaluation.ts';

describe('next-item evaluation', () => {
  it('computes HR, NDCG and MRR at k from ranks, with an interval around the mean', () => {
    const e = evaluationFromRanks(Float64Array.from([0, 1, Infinity, 12]), 10);
    expect(e.hitRate.mean).toBe(0.5);
    expect(e.ndcg.mean).toBeCloseTo((1 + 1 / Math.log2(3)) / 4, 12);
    expect(e.mrr.mean).toBeCloseTo(1.5 / 4, 12);
    expect(e.hitRate.low).toBeLessThan(0.5);
    expect(e.hitRate.high).toBeGreaterThan(0.5);
  });

  it('evaluates a recommender on cases and compares two on the same cases', () => {
    const cases = Array.from({ length: 40 }, (_, i) => ({
      query: { items: Int32Array.from([i]), user: -1, now: 0 },
      target: i + 1,
    }));
    const perfect = evaluateRecommender(cases, (q) => ({ items: Int32Array.from([(q.items[0] ?? 0) + 1]) }));
    const second = evaluateRecommender(cases, (q) => ({ items: Int32Array.from([-1, (q.items[0] ?? 0) + 1]) }));
    expect(perfect.ndcg.mean).toBe(1);
    expect(second.hitRate.mean).toBe(1);
    const diff = pairedNdcgDifference(perfect, second);
    expect(diff.mean).toBeCloseTo(1 - 1 / Math.log2(3), 12);
    expect(diff.low).toBeCloseTo(diff.mean, 12); // every case differs by the same amount
  });
});

describe('time windows', () => {
  const rows = Array.from({ length: 100 }, (_, s) => ({ skus: ['a', 'b'], startedAt: s * DAY_MS }));
  const { log } = buildSessionLog(rows);
  const end = 100 * DAY_MS;

  it('takes the days asked when they hold enough sessions', () => {
    expect(carveWindow(log, end, { days: 30, minSessions: 10, maxShare: 0.5 })).toBe(end - 30 * DAY_MS);
  });

  it('widens for a sparse log up to the share of the log', () => {
    expect(carveWindow(log, end, { days: 10, minSessions: 20, maxShare: 0.5 })).toBe(end - 20 * DAY_MS);
    expect(carveWindow(log, end, { days: 10, minSessions: 90, maxShare: 0.25 })).toBe(end - 25 * DAY_MS);
  });

  it('narrows to the share of a log shorter than the days asked, so something is left to fit on', () => {
    // 100 sessions over 100 days, a window of 200 days: the newest quarter.
    expect(carveWindow(log, end, { days: 200, minSessions: 10, maxShare: 0.25 })).toBe(75 * DAY_MS);
    // A young shop: 40 sessions within a day.
    const young = buildSessionLog(
      Array.from({ length: 40 }, (_, s) => ({ skus: ['a', 'b'], startedAt: s * 60_000 })),
    ).log;
    expect(carveWindow(young, 40 * 60_000, { days: 30, minSessions: 150, maxShare: 0.25 })).toBe(30 * 60_000);
  });
});
