// The one error type domain code throws. The API maps `code` to GraphQL `extensions.code` in exactly one place.

export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  Unauthenticated: 'UNAUTHENTICATED',
  RateLimited: 'RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field the error is about, e.g. `input.handle` or `events`. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const badInput = (field: string, message: string): DomainError =>
  new DomainError(ErrorCode.BadUserInput, `${field}: ${message}`, field);

/** Another tenant's object and a missing one must be indistinguishable, so both say exactly this. */
export const notFound = (what: string, id: string): DomainError =>
  new DomainError(ErrorCode.NotFound, `${what} ${JSON.stringify(id)} not found`);

export const forbidden = (message: string): DomainError => new DomainError(ErrorCode.Forbidden, message);

export const conflict = (message: string, field?: string): DomainError =>
  new DomainError(ErrorCode.Conflict, message, field);
