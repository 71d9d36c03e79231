// Streaming parsers for bulk imports: CSV and NDJSON in batches with row-level errors, plus byte helpers.

export {
  DEFAULT_MAX_RECORD_LENGTH,
  parseCsv,
  parseCsvWithHeader,
  type CsvBatch,
  type CsvItem,
  type CsvOptions,
  type CsvRecord,
  type CsvRecordError,
  type CsvWithHeader,
} from './csv.parser.ts';
export {
  parseNdjson,
  type NdjsonBatch,
  type NdjsonItem,
  type NdjsonOptions,
  type NdjsonRecord,
  type NdjsonRecordError,
} from './ndjson.parser.ts';
export { countingStream, CountingStream, limitBytes, maybeGunzip, type ByteSource } from './decode.ts';
export { DEFAULT_BATCH_SIZE } from './batch.collector.ts';
export { FormatError, FormatErrorCode } from './formats.errors.ts';
export { INVALID_LINE_MESSAGE, type ChunkSource } from './utf8.decoder.ts';
