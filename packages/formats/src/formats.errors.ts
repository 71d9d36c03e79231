// Errors that stop a whole stream (bad encoding, corrupt gzip, no header). Problems confined to one record
// are not thrown: they come back in the batch as `{ line, error }` so an import can report them and go on.

export const FormatErrorCode = {
  InvalidOption: 'INVALID_OPTION',
  InvalidEncoding: 'INVALID_ENCODING',
  InvalidGzip: 'INVALID_GZIP',
  MissingHeader: 'MISSING_HEADER',
  MalformedHeader: 'MALFORMED_HEADER',
} as const;
export type FormatErrorCode = (typeof FormatErrorCode)[keyof typeof FormatErrorCode];

export class FormatError extends Error {
  override readonly name = 'FormatError';

  constructor(
    readonly code: FormatErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
