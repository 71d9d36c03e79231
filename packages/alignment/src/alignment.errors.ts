// The one error class of @shopspace/alignment: bad input (an empty shop, a dimension that does not match, a
// non-finite value). The message names the argument and, where there is one, the row; callers map the code once.

export const AlignmentErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  DimensionMismatch: 'DIMENSION_MISMATCH',
} as const;
export type AlignmentErrorCode = (typeof AlignmentErrorCode)[keyof typeof AlignmentErrorCode];

export class AlignmentError extends Error {
  override readonly name = 'AlignmentError';

  constructor(
    readonly code: AlignmentErrorCode,
    message: string,
    /** The offending argument, e.g. `shops[1].vectors`. */
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Throws InvalidInput naming `field` unless `ok`. */
export function requireInput(ok: boolean, field: string, why: string): asserts ok {
  if (!ok) throw new AlignmentError(AlignmentErrorCode.InvalidInput, `${field} ${why}`, field);
}

/**
 * Checks a row-major matrix of `rows` × `dim` finite values: positive dim, non-empty, length a multiple of dim
 * (and equal to rows × dim when `rows` is given). Returns the row count.
 */
export function requireMatrix(values: ArrayLike<number>, dim: number, field: string, rows?: number): number {
  requireInput(Number.isInteger(dim) && dim > 0, `${field}`, `needs a positive integer dimension, got ${dim}`);
  requireInput(values.length > 0, field, 'is empty');
  if (values.length % dim !== 0 || (rows !== undefined && values.length !== rows * dim)) {
    const expected = rows === undefined ? `a multiple of ${dim}` : `${rows} × ${dim} = ${rows * dim}`;
    throw new AlignmentError(
      AlignmentErrorCode.DimensionMismatch,
      `${field} has length ${values.length}, expected ${expected}`,
      field,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? NaN;
    if (!Number.isFinite(value)) {
      throw new AlignmentError(
        AlignmentErrorCode.InvalidInput,
        `${field} row ${Math.floor(i / dim)} holds a non-finite value (${value})`,
        field,
      );
    }
  }
  return values.length / dim;
}

/** Throws DimensionMismatch naming `field` unless `actual === expected`. */
export function requireDim(actual: number, expected: number, field: string): void {
  if (actual !== expected) {
    throw new AlignmentError(
      AlignmentErrorCode.DimensionMismatch,
      `${field} is ${actual}-dimensional, expected ${expected}`,
      field,
    );
  }
}
