// The package's one error class: a code the API layer can map once, plus the offending argument where there is one.

export const UsersErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  DimensionMismatch: 'DIMENSION_MISMATCH',
  CorruptProfile: 'CORRUPT_PROFILE',
} as const;
export type UsersErrorCode = (typeof UsersErrorCode)[keyof typeof UsersErrorCode];

export class UsersError extends Error {
  override readonly name = 'UsersError';

  constructor(
    readonly code: UsersErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Throws INVALID_INPUT naming `field` unless `ok`. */
export function requireInput(ok: boolean, field: string, why: string): asserts ok {
  if (!ok) throw new UsersError(UsersErrorCode.InvalidInput, `${field} ${why}`, field);
}
