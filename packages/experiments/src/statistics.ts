// Click-through statistics for A/B results: CTR, Wilson intervals, lift, the fixed-horizon two-proportion z-test
// and an always-valid mSPRT p-value that stays honest however often the results page is refreshed.
import { ExperimentError, ExperimentErrorCode } from './experiments.errors.ts';

export interface BinomialCounts {
  readonly impressions: number;
  readonly clicks: number;
}

/** Cumulative totals of both arms at one look. */
export interface TwoArmCounts {
  readonly control: BinomialCounts;
  readonly treatment: BinomialCounts;
}

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

export interface ZTestResult {
  /** (p_treatment - p_control) / pooled standard error; 0 when undefined. */
  readonly z: number;
  /** Two-sided p-value, valid only if looked at once, at a sample size fixed in advance. */
  readonly pValue: number;
}

export interface MsprtOptions {
  /** τ², the variance of the normal mixing distribution over the true CTR difference. */
  readonly mixingVariance?: number;
}

/** Two-sided 97.5% standard normal quantile, for 95% intervals. */
export const Z_95 = 1.959963984540054;

/**
 * Default τ² = 1e-4, i.e. τ = 1 percentage point of absolute CTR difference: recommendation CTRs run 1-10% and
 * lifts worth detecting are 5-30% relative, so absolute differences of 0.1-3 points. The test is most sensitive
 * where τ² is about 10× the variance of the difference at the sample size where a decision is expected; see
 * README for the trade-off. τ² must be fixed before data arrive, never tuned on the data being tested.
 */
export const DEFAULT_MIXING_VARIANCE = 1e-4;

function checkCounts(counts: BinomialCounts, field: string): void {
  const { impressions, clicks } = counts;
  if (!Number.isSafeInteger(impressions) || impressions < 0) {
    throw new ExperimentError(
      ExperimentErrorCode.InvalidCounts,
      `${field}.impressions must be a non-negative integer (got ${String(impressions)})`,
      `${field}.impressions`,
    );
  }
  if (!Number.isSafeInteger(clicks) || clicks < 0 || clicks > impressions) {
    throw new ExperimentError(
      ExperimentErrorCode.InvalidCounts,
      `${field}.clicks must be an integer in [0, impressions = ${impressions}] (got ${String(clicks)})`,
      `${field}.clicks`,
    );
  }
}

function mixingVarianceFrom(options: MsprtOptions | undefined): number {
  const tau2 = options?.mixingVariance ?? DEFAULT_MIXING_VARIANCE;
  if (!Number.isFinite(tau2) || tau2 <= 0) {
    throw new ExperimentError(
      ExperimentErrorCode.InvalidOption,
      `mixingVariance must be a positive finite number (got ${String(tau2)})`,
      'mixingVariance',
    );
  }
  return tau2;
}

/** Clicks / impressions; 0 with no impressions (the Wilson interval [0, 1] then says "no information"). */
export function clickThroughRate(counts: BinomialCounts, field = 'counts'): number {
  checkCounts(counts, field);
  return counts.impressions === 0 ? 0 : counts.clicks / counts.impressions;
}

/**
 * Wilson score interval. Unlike the Wald interval it stays inside [0, 1] and keeps its coverage at 0 clicks,
 * which is where low-CTR placements live early in an experiment.
 */
export function wilsonInterval(counts: BinomialCounts, z = Z_95, field = 'counts'): Interval {
  checkCounts(counts, field);
  const n = counts.impressions;
  if (n === 0) return { lower: 0, upper: 1 };
  const p = counts.clicks / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n clicks the bound is exactly 0 or 1 in real arithmetic; rounding leaves ±1e-17 otherwise.
  return {
    lower: counts.clicks === 0 ? 0 : Math.max(0, centre - half),
    upper: counts.clicks === n ? 1 : Math.min(1, centre + half),
  };
}

/** Relative lift (p_t - p_c) / p_c; null when the control CTR is 0 and the ratio is undefined. */
export function lift(control: BinomialCounts, treatment: BinomialCounts): number | null {
  const pc = clickThroughRate(control, 'control');
  const pt = clickThroughRate(treatment, 'treatment');
  return pc === 0 ? null : (pt - pc) / pc;
}

/**
 * erfc with relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit `erfcc`): relative, not
 * absolute, accuracy keeps tiny p-values meaningful.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided standard normal tail probability P(|Z| >= |z|). */
export function twoSidedNormalPValue(z: number): number {
  if (Number.isNaN(z)) return 1;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/**
 * Pooled two-proportion z-test, two-sided. FIXED-HORIZON: its p-value is only valid when read once at a sample
 * size chosen in advance; checked repeatedly it rejects a true null far more often than 5%.
 */
export function twoProportionZTest(control: BinomialCounts, treatment: BinomialCounts): ZTestResult {
  checkCounts(control, 'control');
  checkCounts(treatment, 'treatment');
  const { impressions: nc, clicks: xc } = control;
  const { impressions: nt, clicks: xt } = treatment;
  if (nc === 0 || nt === 0) return { z: 0, pValue: 1 };
  const pooled = (xc + xt) / (nc + nt);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt));
  if (!(se > 0)) return { z: 0, pValue: 1 };
  const z = (xt / nt - xc / nc) / se;
  return { z, pValue: twoSidedNormalPValue(z) };
}

/**
 * log Λ of the normal-mixture SPRT for H0: p_t = p_c (Johari, Koomen, Pekelis & Walsh, "Always Valid
 * Inference"). With θ̂ = p̂_t - p̂_c approximately N(θ, V), V = p̂_c(1-p̂_c)/n_c + p̂_t(1-p̂_t)/n_t, and θ ~ N(0, τ²)
 * mixed against θ = 0:
 *   Λ = sqrt(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²))).
 * Returned on the log scale so that overwhelming evidence gives a large finite number, not Infinity or NaN.
 * 0 (no evidence) when an arm is empty or V = 0 (both arms at CTR 0 or 1).
 */
export function msprtLogLikelihoodRatio(state: TwoArmCounts, options?: MsprtOptions): number {
  const tau2 = mixingVarianceFrom(options);
  checkCounts(state.control, 'control');
  checkCounts(state.treatment, 'treatment');
  const { impressions: nc, clicks: xc } = state.control;
  const { impressions: nt, clicks: xt } = state.treatment;
  if (nc === 0 || nt === 0) return 0;
  const pc = xc / nc;
  const pt = xt / nt;
  const v = (pc * (1 - pc)) / nc + (pt * (1 - pt)) / nt;
  if (!(v > 0)) return 0;
  const theta = pt - pc;
  return 0.5 * Math.log(v / (v + tau2)) + (tau2 * theta * theta) / (2 * v * (v + tau2));
}

/**
 * min(1, 1/Λ) at a single look. Always valid only as the running minimum over all looks taken so far: use
 * SequentialMonitor or alwaysValidPValue for the number shown to people.
 */
export function msprtPValue(state: TwoArmCounts, options?: MsprtOptions): number {
  const logLambda = msprtLogLikelihoodRatio(state, options);
  return logLambda <= 0 ? 1 : Math.exp(-logLambda);
}

export interface SequentialLook {
  /** min(1, 1/Λ) at this look alone. */
  readonly lookPValue: number;
  /** The always-valid p-value: the minimum over every look so far. */
  readonly pValue: number;
  readonly looks: number;
}

/**
 * Running always-valid p-value for one treatment against control. Feed it the cumulative totals after each
 * batch (what a results query sums anyway); looking less often than every batch is still valid, only less
 * sensitive, because a minimum over fewer looks is never smaller.
 */
export class SequentialMonitor {
  readonly #options: MsprtOptions;
  #pValue = 1;
  #looks = 0;
  #last: TwoArmCounts | undefined;

  constructor(options?: MsprtOptions) {
    mixingVarianceFrom(options);
    this.#options = { ...options };
  }

  get pValue(): number {
    return this.#pValue;
  }

  get looks(): number {
    return this.#looks;
  }

  rejects(alpha = 0.05): boolean {
    return this.#pValue < alpha;
  }

  /** Records the cumulative totals at a new look. Totals that shrink mean double counting or a wrong feed. */
  observe(totals: TwoArmCounts): SequentialLook {
    const lookPValue = msprtPValue(totals, this.#options);
    const last = this.#last;
    if (last !== undefined) {
      for (const arm of ['control', 'treatment'] as const) {
        for (const count of ['impressions', 'clicks'] as const) {
          if (totals[arm][count] < last[arm][count]) {
            throw new ExperimentError(
              ExperimentErrorCode.CountsDecreased,
              `${arm}.${count} went down from ${last[arm][count]} to ${totals[arm][count]}: pass cumulative totals`,
              `${arm}.${count}`,
            );
          }
        }
      }
    }
    this.#last = {
      control: { impressions: totals.control.impressions, clicks: totals.control.clicks },
      treatment: { impressions: totals.treatment.impressions, clicks: totals.treatment.clicks },
    };
    this.#pValue = Math.min(this.#pValue, lookPValue);
    this.#looks += 1;
    return { lookPValue, pValue: this.#pValue, looks: this.#looks };
  }
}

/** The always-valid p-value after a history of cumulative looks, oldest first (1 for an empty history). */
export function alwaysValidPValue(history: readonly TwoArmCounts[], options?: MsprtOptions): number {
  const monitor = new SequentialMonitor(options);
  for (const look of history) monitor.observe(look);
  return monitor.pValue;
}
