// Errors that stop a whole stream (corrupt gzip, no header, a size cap passed). Problems confined to one
// record (an invalid UTF-8 sequence included) are not thrown: they come back in the batch as `{ line, error }`
// so an import can report them and go on.

export const FormatErrorCode = {
  InvalidOption: 'INVALID_OPTION',
  InvalidEncoding: 'INVALID_ENCODING',
  InvalidGzip: 'INVALID_GZIP',
  MissingHeader: 'MISSING_HEADER',
  MalformedHeader: 'MALFORMED_HEADER',
  /** A line longer than the cap, when the caller asked to stop there rather than skip it. */
  LineTooLong: 'LINE_TOO_LONG',
  /** More (decompressed) bytes than the cap. */
  InputTooLarge: 'INPUT_TOO_LARGE',
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
