// Daily chart series for an experiment: per variant and day, the counts, cumulative CTR with its Wilson band,
// and the always-valid p-value against control as it stood at the end of that day.
import { ExperimentError, ExperimentErrorCode } from './experiments.errors.ts';
import { SequentialMonitor, clickThroughRate, wilsonInterval } from './statistics.ts';
import type { MsprtOptions } from './statistics.ts';
import { controlKeyOf } from './assignment.ts';

export interface DailyCountRow {
  /** UTC calendar day, YYYY-MM-DD. */
  readonly date: string;
  readonly variant: string;
  readonly impressions: number;
  readonly clicks: number;
}

export interface DailyPoint {
  readonly date: string;
  /** That day's counts. */
  readonly impressions: number;
  readonly clicks: number;
  /** Totals from the first day of the series through this one. */
  readonly cumulativeImpressions: number;
  readonly cumulativeClicks: number;
  readonly cumulativeCtr: number;
  readonly lower: number;
  readonly upper: number;
  /** Running always-valid p-value against control with daily looks; null for the control itself. */
  readonly alwaysValidPValue: number | null;
}

export interface VariantSeries {
  readonly variant: string;
  readonly isControl: boolean;
  readonly points: readonly DailyPoint[];
}

export interface DailySeriesOptions extends MsprtOptions {
  /** Every variant of the experiment, in display order; a variant without rows still gets a (zero) series. */
  readonly variants: readonly string[];
  /** First and last day to cover (e.g. the experiment's start and stop); default: the days present in rows. */
  readonly from?: string;
  readonly to?: string;
}

const DAY_MS = 86_400_000;
/** Ten years of days: anything longer is a bad date, not an experiment. */
export const MAX_SERIES_DAYS = 3660;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a strict YYYY-MM-DD calendar date; rejects 2024-02-30 and friends. */
export function dayNumber(date: string, field = 'date'): number {
  const match = DATE_PATTERN.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  // Date.UTC rolls invalid days over (Feb 30 → Mar 1), so a round trip is the validity check.
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new ExperimentError(
      ExperimentErrorCode.InvalidDate,
      `${field} must be a calendar date YYYY-MM-DD (got ${JSON.stringify(date)})`,
      field,
    );
  }
  return Math.round(ms / DAY_MS);
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Builds one contiguous daily series per variant from per-(day, variant) rows, as a GROUP BY returns them.
 * Several rows for the same day and variant are summed; missing days count zero. Rows outside [from, to] are
 * rejected rather than dropped, so a wrong range cannot silently hide traffic.
 */
export function buildDailySeries(rows: readonly DailyCountRow[], options: DailySeriesOptions): VariantSeries[] {
  const { variants } = options;
  const variantIndex = new Map<string, number>();
  variants.forEach((key, i) => {
    if (variantIndex.has(key)) {
      throw new ExperimentError(
        ExperimentErrorCode.InvalidVariants,
        `variants[${i}] duplicates "${key}"`,
        `variants[${i}]`,
      );
    }
    variantIndex.set(key, i);
  });
  const controlKey = controlKeyOf(variants.map((key) => ({ key })));

  const rowDays = rows.map((row, i) => {
    if (!variantIndex.has(row.variant)) {
      throw new ExperimentError(
        ExperimentErrorCode.InvalidCounts,
        `rows[${i}].variant "${row.variant}" is not one of the experiment's variants`,
        `rows[${i}].variant`,
      );
    }
    // Validates the counts with the row's own path in the message.
    clickThroughRate(row, `rows[${i}]`);
    return dayNumber(row.date, `rows[${i}].date`);
  });

  let first = options.from === undefined ? Infinity : dayNumber(options.from, 'from');
  let last = options.to === undefined ? -Infinity : dayNumber(options.to, 'to');
  if (options.from === undefined) for (const day of rowDays) first = Math.min(first, day);
  if (options.to === undefined) for (const day of rowDays) last = Math.max(last, day);
  if (!Number.isFinite(first) || !Number.isFinite(last)) {
    // No rows and no range: nothing to plot, but every variant is still listed.
    return variants.map((variant) => ({ variant, isControl: variant === controlKey, points: [] }));
  }
  if (last < first) {
    throw new ExperimentError(
      ExperimentErrorCode.InvalidDate,
      `to (${dateOf(last)}) is before from (${dateOf(first)})`,
      'to',
    );
  }
  const dayCount = last - first + 1;
  if (dayCount > MAX_SERIES_DAYS) {
    throw new ExperimentError(
      ExperimentErrorCode.InvalidDate,
      `the series would span ${dayCount} days (at most ${MAX_SERIES_DAYS})`,
      'from',
    );
  }

  const impressions = variants.map(() => new Array<number>(dayCount).fill(0));
  const clicks = variants.map(() => new Array<number>(dayCount).fill(0));
  rows.forEach((row, i) => {
    const day = rowDays[i] ?? first;
    if (day < first || day > last) {
      throw new ExperimentError(
        ExperimentErrorCode.InvalidDate,
        `rows[${i}].date ${row.date} is outside ${dateOf(first)}..${dateOf(last)}`,
        `rows[${i}].date`,
      );
    }
    const v = variantIndex.get(row.variant) ?? 0;
    const slot = day - first;
    const dayImpressions = impressions[v];
    const dayClicks = clicks[v];
    if (dayImpressions === undefined || dayClicks === undefined) return;
    dayImpressions[slot] = (dayImpressions[slot] ?? 0) + row.impressions;
    dayClicks[slot] = (dayClicks[slot] ?? 0) + row.clicks;
  });

  const controlIndex = variantIndex.get(controlKey) ?? 0;
  const cumulative = (counts: number[][], v: number): number[] => {
    let total = 0;
    return (counts[v] ?? []).map((count) => (total += count));
  };
  const controlImpressions = cumulative(impressions, controlIndex);
  const controlClicks = cumulative(clicks, controlIndex);

  return variants.map((variant, v) => {
    const isControl = v === controlIndex;
    const cumImpressions = cumulative(impressions, v);
    const cumClicks = cumulative(clicks, v);
    const monitor = isControl ? undefined : new SequentialMonitor(options);
    const points = cumImpressions.map((n, slot): DailyPoint => {
      const x = cumClicks[slot] ?? 0;
      const totals = { impressions: n, clicks: x };
      const interval = wilsonInterval(totals);
      const look = monitor?.observe({
        control: { impressions: controlImpressions[slot] ?? 0, clicks: controlClicks[slot] ?? 0 },
        treatment: totals,
      });
      return {
        date: dateOf(first + slot),
        impressions: impressions[v]?.[slot] ?? 0,
        clicks: clicks[v]?.[slot] ?? 0,
        cumulativeImpressions: n,
        cumulativeClicks: x,
        cumulativeCtr: clickThroughRate(totals),
        lower: interval.lower,
        upper: interval.upper,
        alwaysValidPValue: look === undefined ? null : look.pValue,
      };
    });
    return { variant, isControl, points };
  });
}
