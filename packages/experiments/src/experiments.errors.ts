// The package's one error class: a code the API layer can map once (all are BAD_USER_INPUT there), plus the
// offending field where there is one.

export const ExperimentErrorCode = {
  InvalidVariants: 'INVALID_VARIANTS',
  InvalidCounts: 'INVALID_COUNTS',
  CountsDecreased: 'COUNTS_DECREASED',
  InvalidOption: 'INVALID_OPTION',
  InvalidDate: 'INVALID_DATE',
} as const;
export type ExperimentErrorCode = (typeof ExperimentErrorCode)[keyof typeof ExperimentErrorCode];

export class ExperimentError extends Error {
  override readonly name = 'ExperimentError';

  constructor(
    readonly code: ExperimentErrorCode,
    message: string,
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
