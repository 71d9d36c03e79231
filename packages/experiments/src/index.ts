// @shopspace/experiments: pure A/B-test numerics: sticky variant assignment, click-through statistics with an
// always-valid (mSPRT) p-value beside the fixed-horizon z-test, and daily chart series.
export { ExperimentError, ExperimentErrorCode } from './experiments.errors.ts';
export {
  CONTROL_KEY,
  WEIGHT_SUM_TOLERANCE,
  assignVariant,
  controlKeyOf,
  fnv1a64,
  stableHash64,
  unitHash,
  validateVariants,
} from './assignment.ts';
export type { VariantWeight } from './assignment.ts';
export {
  DEFAULT_MIXING_VARIANCE,
  SequentialMonitor,
  Z_95,
  alwaysValidPValue,
  clickThroughRate,
  lift,
  msprtLogLikelihoodRatio,
  msprtPValue,
  twoProportionZTest,
  twoSidedNormalPValue,
  wilsonInterval,
} from './statistics.ts';
export type {
  BinomialCounts,
  Interval,
  MsprtOptions,
  SequentialLook,
  TwoArmCounts,
  ZTestResult,
} from './statistics.ts';
export { MAX_SERIES_DAYS, buildDailySeries, dayNumber } from './series.ts';
export type { DailyCountRow, DailyPoint, DailySeriesOptions, VariantSeries } from './series.ts';
