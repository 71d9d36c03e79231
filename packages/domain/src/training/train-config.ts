// Training configuration: the contract's TrainConfigInput with defaults filled in and every field checked, so
// the stored config is exactly what the worker trains with and a bad value is refused naming its field.

import { badInput } from '../shared/errors.ts';

export const ALGORITHMS = ['item2vec-cbow', 'item2vec-sg'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export interface TrainConfig {
  readonly algorithm: Algorithm;
  readonly dimensions: number;
  /** Context window; 0 means the whole session. */
  readonly window: number;
  readonly negatives: number;
  readonly epochs: number;
  readonly minCount: number;
  readonly subsample: number;
  readonly seed: number;
  /** Sessions starting from here on are the test set; ISO string. null: the last 10% of sessions by start. */
  readonly testFrom: string | null;
  readonly gapDays: number;
  /**
   * Weight of item-kNN (session co-occurrence) in the served score, 0..1; 0 serves item2vec alone. The
   * evaluation reports item2vec, item-kNN and the blend separately.
   */
  readonly blend: number;
  /**
   * Weight of each step back from the session's most recent item when averaging its vectors (1 = plain
   * mean). Chosen on the validation split carved from the training period (packages/item2vec/README.md).
   */
  readonly recencyDecay: number;
  /** Retrain on every session (test period included) for serving after the evaluation. */
  readonly refit: boolean;
  /**
   * Positive examples the feature tower trains on per fit (its time budget; @shopspace/feature-tower); 0 leaves
   * the tower out. The tower is validated with a gap of max(gapDays, 30) days.
   */
  readonly towerExamples: number;
}

export interface TrainConfigInput {
  readonly algorithm?: string | null;
  readonly dimensions?: number | null;
  readonly window?: number | null;
  readonly negatives?: number | null;
  readonly epochs?: number | null;
  readonly minCount?: number | null;
  readonly subsample?: number | null;
  readonly seed?: number | null;
  readonly testFrom?: Date | string | null;
  readonly gapDays?: number | null;
  readonly blend?: number | null;
  readonly recencyDecay?: number | null;
  readonly refit?: boolean | null;
  readonly towerExamples?: number | null;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  algorithm: 'item2vec-cbow',
  dimensions: 64,
  window: 5,
  negatives: 5,
  epochs: 10,
  minCount: 2,
  subsample: 0.001,
  seed: 1,
  testFrom: null,
  gapDays: 0,
  blend: 0,
  recencyDecay: 0.2,
  refit: true,
  towerExamples: 200_000,
};

function intIn(field: string, value: number | null | undefined, fallback: number, min: number, max: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`config.${field}`, `must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function numberIn(field: string, value: number | null | undefined, fallback: number, min: number, max: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw badInput(`config.${field}`, `must be a number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export function resolveTrainConfig(
  input: TrainConfigInput | null | undefined,
  defaults = DEFAULT_TRAIN_CONFIG,
): TrainConfig {
  const i = input ?? {};
  const algorithm = i.algorithm ?? defaults.algorithm;
  if (!(ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw badInput('config.algorithm', `must be one of ${ALGORITHMS.join(', ')}, got ${JSON.stringify(algorithm)}`);
  }
  let testFrom: string | null = defaults.testFrom;
  if (i.testFrom !== null && i.testFrom !== undefined) {
    const d = i.testFrom instanceof Date ? i.testFrom : new Date(i.testFrom);
    if (Number.isNaN(d.getTime())) throw badInput('config.testFrom', 'must be an ISO 8601 date-time');
    testFrom = d.toISOString();
  }
  return {
    algorithm: algorithm as Algorithm,
    dimensions: intIn('dimensions', i.dimensions, defaults.dimensions, 4, 512),
    window: intIn('window', i.window, defaults.window, 0, 100),
    negatives: intIn('negatives', i.negatives, defaults.negatives, 1, 50),
    epochs: intIn('epochs', i.epochs, defaults.epochs, 1, 500),
    minCount: intIn('minCount', i.minCount, defaults.minCount, 1, 1_000_000),
    subsample: numberIn('subsample', i.subsample, defaults.subsample, 0, 1),
    seed: intIn('seed', i.seed, defaults.seed, 0, 2 ** 31 - 1),
    testFrom,
    gapDays: intIn('gapDays', i.gapDays, defaults.gapDays, 0, 3_650),
    blend: numberIn('blend', i.blend, defaults.blend, 0, 1),
    recencyDecay: numberIn('recencyDecay', i.recencyDecay, defaults.recencyDecay, 0, 1),
    refit: i.refit ?? defaults.refit,
    // Stored configs from before the tower have no such field: they train with the default.
    towerExamples: intIn('towerExamples', i.towerExamples, defaults.towerExamples ?? 200_000, 0, 10_000_000),
  };
}
