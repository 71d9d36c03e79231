// Binary form of a query model, so the worker that builds it and the API that serves it share one artifact:
// a fixed header, then length-prefixed sections (texts as UTF-8 joined by line breaks, numbers as little-endian
// typed arrays), each padded to 4 bytes. Vectors stay int8, so 100k queries at dim 64 take about 6.4 MB.
import { AutocompleteError, AutocompleteErrorCode, invalidArgument } from '../autocomplete.errors.ts';
import { PrefixIndex } from '../index/prefix-index.ts';
import type { QueryModel, SortedEntries } from './query-model.ts';

const MAGIC = 0x51415353; // "SSAQ" read little-endian
/** 2 adds the prefix indexes' sorted entries; version 1 bytes are still read (the API then sorts). */
const VERSION = 2;
const HEADER_BYTES = 28;

/** The model as bytes (see {@link deserializeQueryModel}). */
export function serializeQueryModel(model: QueryModel): Uint8Array {
  const { queries, items, dim } = model;
  const sections: Uint8Array[] = [
    joinLines(queries.texts, 'model.queries.texts'),
    bytesOf(queries.popularity),
    bytesOf(queries.vectors),
    queries.source,
    joinLines(items.skus, 'model.items.skus'),
    joinLines(items.titles, 'model.items.titles'),
    bytesOf(items.popularity),
    bytesOf(items.vectors),
  ];
  // The sort is done here, where the model is built (the worker), not where it is served.
  for (const texts of [queries.texts, items.titles]) {
    const index = PrefixIndex.build(texts);
    sections.push(bytesOf(index.entryRow), bytesOf(index.entryOffset));
  }
  const size = sections.reduce((sum, section) => sum + 4 + padded(section.byteLength), HEADER_BYTES);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, dim, true);
  view.setUint32(12, queries.texts.length, true);
  view.setUint32(16, items.skus.length, true);
  view.setFloat64(20, model.builtAt, true);
  let at = HEADER_BYTES;
  for (const section of sections) {
    view.setUint32(at, section.byteLength, true);
    out.set(section, at + 4);
    at += 4 + padded(section.byteLength);
  }
  return out;
}

/** Reads bytes written by {@link serializeQueryModel}; throws AutocompleteError INVALID_MODEL if they are not. */
export function deserializeQueryModel(bytes: Uint8Array): QueryModel {
  if (!(bytes instanceof Uint8Array)) throw invalidArgument('bytes', 'must be a Uint8Array');
  if (bytes.byteLength < HEADER_BYTES) throw invalid(`${bytes.byteLength} bytes is shorter than the header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw invalid('not a query model (bad magic number)');
  const version = view.getUint32(4, true);
  if (version !== VERSION && version !== 1)
    throw invalid(`version ${version} is not supported (expected 1 or ${VERSION})`);
  const dim = view.getUint32(8, true);
  const queryCount = view.getUint32(12, true);
  const itemCount = view.getUint32(16, true);
  const builtAt = view.getFloat64(20, true);
  let at = HEADER_BYTES;
  const next = (name: string, expected?: number): Uint8Array => {
    if (at + 4 > bytes.byteLength) throw invalid(`truncated before section ${name}`);
    const length = view.getUint32(at, true);
    if (at + 4 + length > bytes.byteLength) throw invalid(`truncated in section ${name}`);
    if (expected !== undefined && length !== expected) {
      throw invalid(`section ${name} holds ${length} bytes, expected ${expected}`);
    }
    // A copy into a fresh ArrayBuffer, aligned for the typed-array views below and independent of the input
    // (Buffer.prototype.slice is a view into Node's shared pool, so bytes.slice() would not do).
    const section = new Uint8Array(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + padded(length);
    return section;
  };
  const lines = (name: string, count: number): string[] => {
    const section = next(name);
    const texts = count === 0 ? [] : new TextDecoder().decode(section).split('\n');
    if (texts.length !== count) throw invalid(`section ${name} holds ${texts.length} lines, expected ${count}`);
    return texts;
  };
  const texts = lines('queries.texts', queryCount);
  const queryPopularity = new Float32Array(next('queries.popularity', 4 * queryCount).buffer);
  const queryVectors = new Int8Array(next('queries.vectors', queryCount * dim).buffer);
  const source = next('queries.source', queryCount);
  const skus = lines('items.skus', itemCount);
  const titles = lines('items.titles', itemCount);
  const itemPopularity = new Float32Array(next('items.popularity', 4 * itemCount).buffer);
  const itemVectors = new Int8Array(next('items.vectors', itemCount * dim).buffer);
  const entries = (name: string): SortedEntries => {
    const entryRow = new Uint32Array(next(`${name}.entryRow`).buffer);
    const entryOffset = new Uint16Array(next(`${name}.entryOffset`, entryRow.length * 2).buffer);
    return { entryRow, entryOffset };
  };
  const sorted = version >= 2 ? { queries: entries('queries'), items: entries('items') } : undefined;
  return {
    dim,
    builtAt,
    queries: { texts, popularity: queryPopularity, vectors: queryVectors, source },
    items: { skus, titles, popularity: itemPopularity, vectors: itemVectors },
    ...(sorted ? { sorted } : {}),
  };
}

function invalid(why: string): AutocompleteError {
  return new AutocompleteError(AutocompleteErrorCode.InvalidModel, `query model bytes: ${why}`, 'bytes');
}

function joinLines(texts: readonly string[], field: string): Uint8Array {
  const at = texts.findIndex((text) => text.includes('\n'));
  if (at >= 0) throw invalidArgument(`${field}[${at}]`, 'must not contain a line break');
  return new TextEncoder().encode(texts.join('\n'));
}

function bytesOf(array: Float32Array | Int8Array | Uint32Array | Uint16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function padded(length: number): number {
  return (length + 3) & ~3;
}
