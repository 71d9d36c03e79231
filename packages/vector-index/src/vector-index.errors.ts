// The one error class of @shopspace/vector-index: bad input to a build or search, and artifacts that cannot be
// trusted (truncated, foreign, from a newer format). Callers map the code; the message names the file or field.

export const VectorIndexErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  DimensionMismatch: 'DIMENSION_MISMATCH',
  CorruptArtifact: 'CORRUPT_ARTIFACT',
  UnsupportedArtifact: 'UNSUPPORTED_ARTIFACT',
} as const;
export type VectorIndexErrorCode = (typeof VectorIndexErrorCode)[keyof typeof VectorIndexErrorCode];

export class VectorIndexError extends Error {
  override readonly name = 'VectorIndexError';

  constructor(
    readonly code: VectorIndexErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
