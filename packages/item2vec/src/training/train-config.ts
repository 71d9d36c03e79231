// Hyper-parameters of the trainer, their defaults and their validation. GENSIM_CONFIG mirrors gensim 4.2's
// Word2Vec defaults (at dim 64) for side-by-side runs; the shipped product default lives in defaults.ts.
import { availableParallelism } from 'node:os';
import { Item2vecError, Item2vecErrorCode } from '../item2vec.errors.ts';

export type Item2vecMode = 'cbow' | 'skipgram';

export interface Item2vecConfig {
  readonly mode: Item2vecMode;
  /** Vector size. */
  readonly dim: number;
  /** Max distance between a centre item and its context (reduced at random per item, as word2vec); 0 = whole session. */
  readonly window: number;
  /** Noise items per positive example. */
  readonly negative: number;
  /** Exponent of the unigram noise distribution (0.75 in word2vec; negative values favour rare items). */
  readonly nsExponent: number;
  /** Frequent-item down-sampling threshold (word2vec `sample`); 0 disables it. */
  readonly sample: number;
  /** Items seen fewer times get no vector. */
  readonly minCount: number;
  readonly epochs: number;
  /** Learning rate, decayed linearly to minAlpha over the whole run by global progress. */
  readonly alpha: number;
  readonly minAlpha: number;
  /** CBOW: average the context vectors (gensim cbow_mean=1) rather than sum them. */
  readonly cbowMean: boolean;
  readonly seed: number;
  /** Worker threads; 'auto' = every core. 1 trains in the calling thread and is bit-for-bit deterministic. */
  readonly threads: number | 'auto';
}

export const GENSIM_CONFIG: Item2vecConfig = {
  mode: 'cbow',
  dim: 64,
  window: 5,
  negative: 5,
  nsExponent: 0.75,
  sample: 1e-3,
  minCount: 2,
  epochs: 10,
  alpha: 0.025,
  minAlpha: 0.0001,
  cbowMean: true,
  seed: 1,
  threads: 'auto',
};

type NumericField = {
  [K in keyof Item2vecConfig]: Item2vecConfig[K] extends number ? K : never;
}[keyof Item2vecConfig];

// [min, max, integer?] for each numeric field.
const RANGES: Record<Exclude<NumericField, 'threads'>, readonly [number, number, boolean]> = {
  dim: [1, 4096, true],
  window: [0, 1_000_000, true],
  negative: [1, 64, true],
  nsExponent: [-4, 4, false],
  sample: [0, 1, false],
  minCount: [1, Number.MAX_SAFE_INTEGER, true],
  epochs: [1, 10_000, true],
  alpha: [0, 1, false],
  minAlpha: [0, 1, false],
  seed: [-(2 ** 31), 2 ** 32 - 1, true],
};

/** Fills defaults from `base` and rejects anything the kernel cannot run, naming the field. */
export function resolveConfig(
  overrides: Partial<Item2vecConfig> = {},
  base: Item2vecConfig = GENSIM_CONFIG,
): Item2vecConfig {
  const config: Item2vecConfig = { ...base, ...stripUndefined(overrides) };
  const invalid = (field: string, why: string): Item2vecError =>
    new Item2vecError(Item2vecErrorCode.InvalidConfig, `item2vec config: ${field} ${why}`, field);
  if (config.mode !== 'cbow' && config.mode !== 'skipgram') throw invalid('mode', "must be 'cbow' or 'skipgram'");
  for (const [field, [min, max, integer]] of Object.entries(RANGES)) {
    const value = config[field as keyof typeof RANGES];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'must be a finite number');
    if (integer && !Number.isInteger(value)) throw invalid(field, 'must be an integer');
    if (value < min || value > max) throw invalid(field, `must be in [${min}, ${max}], got ${value}`);
  }
  if (config.minAlpha > config.alpha) throw invalid('minAlpha', 'must not exceed alpha');
  if (typeof config.cbowMean !== 'boolean') throw invalid('cbowMean', 'must be a boolean');
  if (
    config.threads !== 'auto' &&
    !(Number.isInteger(config.threads) && config.threads >= 1 && config.threads <= 256)
  ) {
    throw invalid('threads', "must be 'auto' or an integer in [1, 256]");
  }
  return config;
}

export function threadCount(config: Item2vecConfig): number {
  return config.threads === 'auto' ? availableParallelism() : config.threads;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
