// Newline-delimited JSON (one object per line) as a stream of batches, with the same shape as the CSV
// parser: a line that is not a JSON object becomes `{ line, error }` and parsing carries on.

import { BatchCollector, checkBatchSize, DEFAULT_BATCH_SIZE } from './batch.collector.ts';
import { FormatError, FormatErrorCode } from './formats.errors.ts';
import { INVALID_LINE, INVALID_LINE_MESSAGE, decodeUtf8, type ChunkSource } from './utf8.decoder.ts';

export interface NdjsonOptions {
  /** Records per yielded batch. Default 2,000. */
  readonly batchSize?: number;
  /** Drop a UTF-8 byte order mark at the start of the input. Default true. */
  readonly stripBom?: boolean;
  /** Longest line, in characters, before it is reported and skipped; bounds memory. Default 1,048,576. */
  readonly maxLineLength?: number;
  /** Stop with FormatError LINE_TOO_LONG at a line over maxLineLength instead of skipping it. Default false. */
  readonly stopOnLongLine?: boolean;
}

/** `line` is the 1-based physical line of the object. */
export interface NdjsonRecord {
  readonly line: number;
  readonly value: Record<string, unknown>;
  readonly error?: undefined;
}

export interface NdjsonRecordError {
  readonly line: number;
  readonly error: string;
  readonly value?: undefined;
}

export type NdjsonItem = NdjsonRecord | NdjsonRecordError;
export type NdjsonBatch = NdjsonItem[];

const MAX_ERROR_LENGTH = 200;

function parseLine(text: string, line: number, sink: BatchCollector<NdjsonItem>): void {
  if (text.includes(INVALID_LINE)) {
    sink.push({ line, error: INVALID_LINE_MESSAGE });
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') return; // whitespace-only lines count as blank
    const reason = error instanceof Error ? error.message : String(error);
    const short = reason.length > MAX_ERROR_LENGTH ? `${reason.slice(0, MAX_ERROR_LENGTH)}…` : reason;
    sink.push({ line, error: `invalid JSON: ${short}` });
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    sink.push({ line, error: `expected a JSON object, found ${kind}` });
    return;
  }
  sink.push({ line, value: value as Record<string, unknown> });
}

async function* batchesOf(
  source: ChunkSource,
  sink: BatchCollector<NdjsonItem>,
  stripBom: boolean,
  maxLength: number,
  stopOnLong: boolean,
): AsyncGenerator<NdjsonBatch, void, undefined> {
  // Lines over the limit are reported whether or not they arrive in one chunk, so results never depend on
  // how the input was cut.
  const tooLong = `line is longer than ${maxLength} characters`;
  const overflow = (line: number): void => {
    if (stopOnLong)
      throw new FormatError(FormatErrorCode.LineTooLong, `line ${line}: ${tooLong} (the line-length cap)`);
    sink.push({ line, error: tooLong });
  };
  let pending = ''; // text after the last complete line
  let line = 1; // physical line on which `pending` starts
  let skipping = false; // discarding the rest of an over-long line
  for await (const chunk of decodeUtf8(source, stripBom)) {
    let s = chunk;
    if (skipping) {
      const nl = s.indexOf('\n');
      if (nl === -1) continue;
      skipping = false;
      line++;
      s = s.slice(nl + 1);
    }
    // A line longer than a chunk waits without being rescanned, which would be quadratic in its length.
    if (s.indexOf('\n') === -1) {
      pending += s;
    } else {
      s = pending + s;
      let pos = 0;
      for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', pos)) {
        // A CR before the LF needs no stripping: JSON.parse reads it as whitespace.
        if (nl - pos > maxLength) overflow(line);
        else if (nl > pos) parseLine(s.slice(pos, nl), line, sink);
        line++;
        pos = nl + 1;
      }
      pending = s.slice(pos);
    }
    if (pending.length > maxLength) {
      overflow(line);
      pending = '';
      skipping = true;
    }
    for (const batch of sink.take()) yield batch;
  }
  if (!skipping && pending.length > 0) parseLine(pending, line, sink);
  for (const batch of sink.take(true)) yield batch;
}

/** Every object in the input, in batches of at most `batchSize`; blank lines are skipped. */
export function parseNdjson(
  source: ChunkSource,
  options: NdjsonOptions = {},
): AsyncGenerator<NdjsonBatch, void, undefined> {
  const maxLength = options.maxLineLength ?? 1 << 20;
  if (!Number.isSafeInteger(maxLength) || maxLength < 1) {
    throw new FormatError(FormatErrorCode.InvalidOption, `maxLineLength must be a positive integer, got ${maxLength}`);
  }
  const sink = new BatchCollector<NdjsonItem>(checkBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE));
  return batchesOf(source, sink, options.stripBom ?? true, maxLength, options.stopOnLongLine ?? false);
}
