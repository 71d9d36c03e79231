// RFC 4180 CSV as a stream of record batches, for bulk imports that must not hold the file in memory.
// A malformed record becomes `{ line, error }` in its batch and parsing carries on at the next line.

import { BatchCollector, checkBatchSize, DEFAULT_BATCH_SIZE } from './batch.collector.ts';
import { CsvTokenizer } from './csv.tokenizer.ts';
import { FormatError, FormatErrorCode } from './formats.errors.ts';
import { INVALID_LINE, INVALID_LINE_MESSAGE, decodeUtf8, type ChunkSource, type DecodeState } from './utf8.decoder.ts';

export interface CsvOptions {
  /** One character other than a quote, CR or LF. Default ','. */
  readonly delimiter?: string;
  /** Records per yielded batch. Default 2,000. */
  readonly batchSize?: number;
  /** Drop a UTF-8 byte order mark at the start of the input. Default true. */
  readonly stripBom?: boolean;
  /** Report records whose field count differs from the header's (or the first record's). Default true. */
  readonly strictFieldCount?: boolean;
  /**
   * Longest record, in characters, before it is reported and parsing resumes at its second line. An opening
   * quote that is never closed would otherwise make the rest of the file one field. Default 1,048,576.
   */
  readonly maxRecordLength?: number;
  /** Stop with FormatError LINE_TOO_LONG at a record over maxRecordLength instead of skipping it. Default false. */
  readonly stopOnLongRecord?: boolean;
}

/** `line` is the 1-based physical line on which the record starts. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
  readonly error?: undefined;
}

export interface CsvRecordError {
  readonly line: number;
  readonly error: string;
  readonly fields?: undefined;
}

export type CsvItem = CsvRecord | CsvRecordError;
export type CsvBatch = CsvItem[];

export interface CsvWithHeader {
  readonly header: string[];
  readonly headerLine: number;
  /** The records after the header; field counts are checked against the header unless turned off. */
  readonly batches: AsyncGenerator<CsvBatch, void, undefined>;
}

export const DEFAULT_MAX_RECORD_LENGTH = 1 << 20;

function tokenizerFor(options: CsvOptions): CsvTokenizer {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new FormatError(
      FormatErrorCode.InvalidOption,
      `delimiter must be one character other than a quote, CR or LF, got ${JSON.stringify(delimiter)}`,
    );
  }
  const maxRecordLength = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
  if (!Number.isSafeInteger(maxRecordLength) || maxRecordLength < 1) {
    throw new FormatError(
      FormatErrorCode.InvalidOption,
      `maxRecordLength must be a positive integer, got ${maxRecordLength}`,
    );
  }
  return new CsvTokenizer({
    delimiter,
    strictFieldCount: options.strictFieldCount ?? true,
    maxRecordLength,
    stopOnLongRecord: options.stopOnLongRecord ?? false,
  });
}

async function* batchesOf(
  source: ChunkSource,
  tokenizer: CsvTokenizer,
  batches: BatchCollector<CsvItem>,
  stripBom: boolean,
): AsyncGenerator<CsvBatch, void, undefined> {
  const state: DecodeState = { invalid: false };
  // A record holding the decoder's mark had invalid bytes: it becomes that record's error.
  const checked = (batch: CsvBatch): CsvBatch =>
    state.invalid
      ? batch.map((r) =>
          r.fields?.some((f) => f.includes(INVALID_LINE)) ? { line: r.line, error: INVALID_LINE_MESSAGE } : r,
        )
      : batch;
  for await (const text of decodeUtf8(source, stripBom, state)) {
    tokenizer.push(text, batches);
    for (const batch of batches.take()) yield checked(batch);
  }
  tokenizer.end(batches);
  for (const batch of batches.take(true)) yield checked(batch);
}

/**
 * Every record, the first one included, in batches of at most `batchSize`. Options are checked here rather
 * than on the first next(), so a bad option fails where it was passed.
 */
export function parseCsv(source: ChunkSource, options: CsvOptions = {}): AsyncGenerator<CsvBatch, void, undefined> {
  const tokenizer = tokenizerFor(options);
  const batches = new BatchCollector<CsvItem>(checkBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE));
  return batchesOf(source, tokenizer, batches, options.stripBom ?? true);
}

async function* prepend(
  first: CsvBatch,
  rest: AsyncGenerator<CsvBatch, void, undefined>,
): AsyncGenerator<CsvBatch, void, undefined> {
  try {
    if (first.length > 0) yield first;
    yield* rest;
  } finally {
    // A consumer that stops at the first batch never reached yield*, which would have passed return() on.
    await rest.return();
  }
}

/**
 * Reads up to the header row and returns it with the remaining records. An input without a header, or whose
 * header is malformed, throws: nothing after it could be matched to columns. Iterate `batches` to the end or
 * break out of it (or call its return()): that is what releases the source.
 */
export async function parseCsvWithHeader(source: ChunkSource, options: CsvOptions = {}): Promise<CsvWithHeader> {
  const all = parseCsv(source, options);
  const first = await all.next();
  const head = first.done ? undefined : first.value[0];
  if (first.done || head === undefined) {
    throw new FormatError(FormatErrorCode.MissingHeader, 'input is empty: expected a header row');
  }
  if (head.error !== undefined) {
    await all.return();
    throw new FormatError(FormatErrorCode.MalformedHeader, `header row (line ${head.line}): ${head.error}`);
  }
  return { header: head.fields, headerLine: head.line, batches: prepend(first.value.slice(1), all) };
}
