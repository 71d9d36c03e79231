// The one error class of @shopspace/feature-tower: bad input, a config the trainer cannot run, or a model or
// index file that is damaged or of another format. The message names the field; callers map the code once.

export const FeatureTowerErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  InvalidConfig: 'INVALID_CONFIG',
  DimensionMismatch: 'DIMENSION_MISMATCH',
  CorruptArtifact: 'CORRUPT_ARTIFACT',
  UnsupportedArtifact: 'UNSUPPORTED_ARTIFACT',
  NoTrainingPairs: 'NO_TRAINING_PAIRS',
} as const;
export type FeatureTowerErrorCode = (typeof FeatureTowerErrorCode)[keyof typeof FeatureTowerErrorCode];

export class FeatureTowerError extends Error {
  override readonly name = 'FeatureTowerError';

  constructor(
    readonly code: FeatureTowerErrorCode,
    message: string,
    /** The offending argument or config field, e.g. `contacts.time[12]` or `config.hardNegatives`. */
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Throws InvalidInput naming `field` unless `ok`. */
export function requireInput(ok: boolean, field: string, why: string): asserts ok {
  if (!ok) throw new FeatureTowerError(FeatureTowerErrorCode.InvalidInput, `${field} ${why}`, field);
}

/** Throws InvalidConfig naming `field` unless `ok`. */
export function requireConfig(ok: boolean, field: string, why: string): asserts ok {
  if (!ok) throw new FeatureTowerError(FeatureTowerErrorCode.InvalidConfig, `config.${field} ${why}`, field);
}
