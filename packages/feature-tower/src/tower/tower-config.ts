// Hyper-parameters of tower training, their defaults (Avito's design where it names a value) and validation.
import { requireConfig } from '../feature-tower.errors.ts';
import type { HashingConfig } from '../features/feature-hashing.ts';
import type { PairOptions } from '../contacts/training-pairs.ts';

export interface TowerConfig {
  readonly hashing: Partial<HashingConfig>;
  readonly hidden: number;
  /** Output (served vector) dimension. */
  readonly dim: number;
  /** Logit = logitScale × u_a · u_b; tanh outputs make |u_a · u_b| <= dim, so logits span ±logitScale × dim. */
  readonly logitScale: number;
  /** Items drawn per minibatch from the active set ∝ contacts^negativeExponent, shared by its positives. */
  readonly negatives: number;
  /** Per positive, only this many highest-scored wrong items enter the softmax; 0 = every drawn negative. */
  readonly hardNegatives: number;
  /** 'hardest' (Avito) or 'random' (a uniform choice of hardNegatives among the draw, for comparison). */
  readonly negativeChoice: 'hardest' | 'random';
  /**
   * Share of the first minibatches that choose their negatives at random before switching to the hardest: from
   * random weights the hardest items are arbitrary, and training on them alone can collapse every vector.
   */
  readonly warmupShare: number;
  /** Never use an item paired with the anchor anywhere in training as its negative (not a wrong item). */
  readonly maskPartners: boolean;
  readonly negativeExponent: number;
  /** Positive examples (a pair in one direction) per minibatch. */
  readonly batchSize: number;
  /** Passes over the pairs, both directions of each; a fraction trains on that share of the minibatches. */
  readonly epochs: number;
  /** Training stops after about this many positive examples even if the epochs are not done (a time budget). */
  readonly maxExamples: number;
  /** Adam step size for the dense layers, decayed linearly to finalLearningRateShare of it. */
  readonly learningRate: number;
  /** Adam step size for the embedding rows (sparse, so each row sees few steps). */
  readonly embeddingLearningRate: number;
  readonly finalLearningRateShare: number;
  /** Chance of dropping each feature of an item in training (a field left empty falls back to its ∅ row). */
  readonly featureDropout: number;
  /**
   * Minibatches are drawn within periods of this length, so one negative draw fits every positive of the batch
   * (each positive still masks the items inactive at its own time).
   */
  readonly periodMs: number;
  readonly pairs: PairOptions;
  readonly seed: number;
}

export const DEFAULT_TOWER_CONFIG: TowerConfig = {
  hashing: {},
  hidden: 128,
  dim: 64,
  logitScale: 0.1,
  negatives: 100,
  hardNegatives: 0,
  negativeChoice: 'hardest',
  warmupShare: 0.1,
  maskPartners: false,
  negativeExponent: 0.5,
  batchSize: 256,
  epochs: 3,
  maxExamples: 600_000,
  learningRate: 2e-3,
  embeddingLearningRate: 1e-2,
  finalLearningRateShare: 0.1,
  featureDropout: 0.1,
  periodMs: 7 * 24 * 3600 * 1000,
  pairs: {},
  seed: 1,
};

/**
 * Avito's negatives: 4,000 drawn, the 100 highest-scored in the loss. On a catalog of a few thousand items the
 * draw is most of the catalog, so its hardest items are mostly true co-purchases: without the partner mask and
 * a random warm-up this collapses every vector to one (README, bench:tower).
 */
export const AVITO_NEGATIVES: Partial<TowerConfig> = {
  negatives: 4000,
  hardNegatives: 100,
  negativeChoice: 'hardest',
  maskPartners: true,
  warmupShare: 0.1,
};

export function resolveTowerConfig(overrides: Partial<TowerConfig> = {}): TowerConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const config: TowerConfig = { ...DEFAULT_TOWER_CONFIG, ...defined };
  const int = (field: keyof TowerConfig, min: number, max: number): void => {
    const value = config[field] as number;
    requireConfig(
      Number.isInteger(value) && value >= min && value <= max,
      field,
      `must be an integer in [${min}, ${max}], got ${value}`,
    );
  };
  const real = (field: keyof TowerConfig, min: number, max: number, open = false): void => {
    const value = config[field] as number;
    requireConfig(
      Number.isFinite(value) && (open ? value > min : value >= min) && value <= max,
      field,
      `must be in ${open ? '(' : '['}${min}, ${max}], got ${value}`,
    );
  };
  int('negatives', 1, 1_000_000);
  int('hardNegatives', 0, 1_000_000);
  int('batchSize', 1, 65_536);
  int('seed', -(2 ** 31), 2 ** 32 - 1);
  real('epochs', 0, 10_000, true);
  real('maxExamples', 0, Number.MAX_SAFE_INTEGER, true);
  real('learningRate', 0, 1, true);
  real('embeddingLearningRate', 0, 10, true);
  real('finalLearningRateShare', 0, 1);
  real('featureDropout', 0, 0.9);
  real('negativeExponent', 0, 4);
  real('warmupShare', 0, 1);
  requireConfig(
    config.negativeChoice === 'hardest' || config.negativeChoice === 'random',
    'negativeChoice',
    "must be 'hardest' or 'random'",
  );
  requireConfig(typeof config.maskPartners === 'boolean', 'maskPartners', 'must be a boolean');
  real('periodMs', 0, Number.MAX_VALUE, true);
  return config;
}
