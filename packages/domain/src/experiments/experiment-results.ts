// Click-through results of an experiment, from the daily counts the tracking flusher keeps: per variant the
// totals, CTR with a Wilson 95% interval, lift against control, the always-valid mSPRT p-value (valid however
// often someone looks; the daily looks are its monitoring schedule) and, labelled as such, the fixed-horizon
// two-proportion z-test, which is only valid if read once at a sample size fixed in advance.

import {
  buildDailySeries,
  controlKeyOf,
  lift,
  twoProportionZTest,
  wilsonInterval,
  type BinomialCounts,
} from '@shopspace/experiments';
import type { TrackingStore } from '../tracking/tracking.ports.ts';
import type { Experiment } from './experiment.ports.ts';

export interface VariantResult {
  readonly key: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly ctr: number;
  readonly ctrLow: number;
  readonly ctrHigh: number;
  /** ctr / control ctr - 1; null for the control, while the control has no click, and while this variant has no impression. */
  readonly liftVsControl: number | null;
  /** Always-valid (mSPRT) p-value against control; null for the control. */
  readonly pValue: number | null;
  /** Fixed-horizon two-proportion z-test against control; null for the control. */
  readonly fixedHorizonPValue: number | null;
}

/** One variant on one UTC day, cumulative from the first tracked day. */
export interface DailyResultPoint {
  readonly variant: string;
  readonly date: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly ctr: number;
  readonly ctrLow: number;
  readonly ctrHigh: number;
  readonly pValue: number | null;
}

export interface ExperimentResults {
  readonly variants: VariantResult[];
  readonly daily: DailyResultPoint[];
}

export class ExperimentResultsService {
  constructor(private readonly store: Pick<TrackingStore, 'dailyCounts'>) {}

  /** `experiment` must come from ExperimentService (already scoped to the caller's tenant). */
  async results(experiment: Experiment): Promise<ExperimentResults> {
    const rows = await this.store.dailyCounts(experiment.tenantId, experiment.id);
    const keys = experiment.variants.map((v) => v.key);
    const series = buildDailySeries(rows, { variants: keys });
    const control = controlKeyOf(experiment.variants);
    const totals = new Map<string, BinomialCounts>(keys.map((k) => [k, { impressions: 0, clicks: 0 }]));
    for (const r of rows) {
      const t = totals.get(r.variant);
      if (t) totals.set(r.variant, { impressions: t.impressions + r.impressions, clicks: t.clicks + r.clicks });
    }
    const controlCounts = totals.get(control) ?? { impressions: 0, clicks: 0 };
    const variants = series.map((s): VariantResult => {
      const counts = totals.get(s.variant) ?? { impressions: 0, clicks: 0 };
      const interval = wilsonInterval(counts);
      const isControl = s.variant === control;
      const last = s.points[s.points.length - 1];
      const comparable = !isControl && counts.impressions > 0 && controlCounts.impressions > 0;
      return {
        key: s.variant,
        impressions: counts.impressions,
        clicks: counts.clicks,
        ctr: counts.impressions > 0 ? counts.clicks / counts.impressions : 0,
        ctrLow: interval.lower,
        ctrHigh: interval.upper,
        // A variant without impressions has no CTR yet; lift() would read it as 0 and report a 100% drop.
        liftVsControl: isControl || counts.impressions === 0 ? null : lift(controlCounts, counts),
        pValue: isControl ? null : (last?.alwaysValidPValue ?? 1),
        fixedHorizonPValue: comparable ? twoProportionZTest(controlCounts, counts).pValue : isControl ? null : 1,
      };
    });
    const daily = series.flatMap((s) =>
      s.points.map((p): DailyResultPoint => ({
        variant: s.variant,
        date: p.date,
        impressions: p.cumulativeImpressions,
        clicks: p.cumulativeClicks,
        ctr: p.cumulativeCtr,
        ctrLow: p.lower,
        ctrHigh: p.upper,
        pValue: p.alwaysValidPValue,
      })),
    );
    return { variants, daily };
  }
}
