// The package's one error class: a code the API layer can map once (both codes are bad input), plus the
// offending argument or field so the message can name it.

export const AutocompleteErrorCode = {
  /** An argument of a call is out of range or malformed (maps to BAD_USER_INPUT). */
  InvalidArgument: 'INVALID_ARGUMENT',
  /** Serialised model bytes are not a query model this version can read. */
  InvalidModel: 'INVALID_MODEL',
} as const;
export type AutocompleteErrorCode = (typeof AutocompleteErrorCode)[keyof typeof AutocompleteErrorCode];

export class AutocompleteError extends Error {
  override readonly name = 'AutocompleteError';

  constructor(
    readonly code: AutocompleteErrorCode,
    message: string,
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** An InvalidArgument error whose message starts with the argument's name. */
export function invalidArgument(field: string, why: string): AutocompleteError {
  return new AutocompleteError(AutocompleteErrorCode.InvalidArgument, `${field} ${why}`, field);
}

export function requirePositiveInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw invalidArgument(field, `must be a positive integer, got ${value}`);
}

export function requireFinite(field: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalidArgument(field, `must be a number in [${min}, ${max}], got ${String(value)}`);
  }
}

/** Takes `unknown`, so callers' readonly array types are not narrowed to any[]. */
export function requireArray(field: string, value: unknown): void {
  if (!Array.isArray(value)) throw invalidArgument(field, 'must be an array');
}
