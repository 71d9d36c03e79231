// The one error class of @shopspace/ranking: bad input (a malformed log, mismatched lengths), bytes that are not
// a component file of this package, or a configuration the chooser cannot run. Callers map the code once.

export const RankingErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  CorruptComponent: 'CORRUPT_COMPONENT',
  InvalidConfig: 'INVALID_CONFIG',
} as const;
export type RankingErrorCode = (typeof RankingErrorCode)[keyof typeof RankingErrorCode];

export class RankingError extends Error {
  override readonly name = 'RankingError';

  constructor(
    readonly code: RankingErrorCode,
    message: string,
    /** The offending argument or component, e.g. `log.offsets` or `session-knn.bin`. */
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Throws InvalidInput naming `field` unless `ok`. */
export function requireInput(ok: boolean, field: string, why: string): asserts ok {
  if (!ok) throw new RankingError(RankingErrorCode.InvalidInput, `${field} ${why}`, field);
}
