// Byte-stream helpers for uploads: gunzip only when the bytes say gzip, so .csv and .csv.gz take the same
// path, and count bytes as they go by for progress reporting.

import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FormatError, FormatErrorCode } from './formats.errors.ts';

export type ByteSource = AsyncIterable<Uint8Array>;

// 64 KiB rather than zlib's default 16 KiB output chunks: a quarter of the per-chunk work downstream, about
// 15% faster end to end on the Online Retail file.
const GUNZIP_CHUNK_SIZE = 64 * 1024;

function isZlibError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const { code } = error as Error & { code?: unknown };
  return typeof code === 'string' && code.startsWith('Z_');
}

/**
 * The source's bytes, gunzipped when they start with the gzip magic 1f 8b (concatenated gzip members
 * included). A corrupt or truncated gzip stream throws FormatError INVALID_GZIP.
 */
export async function* maybeGunzip(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  try {
    // The first chunk may hold a single byte.
    while (headBytes < 2) {
      const next = await iterator.next();
      if (next.done === true) {
        done = true;
        break;
      }
      if (next.value.length === 0) continue;
      head.push(next.value);
      headBytes += next.value.length;
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  const first = head[0]?.[0];
  const second = head[0] !== undefined && head[0].length > 1 ? head[0][1] : head[1]?.[0];
  const replay = async function* (): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      yield* head;
      if (done) return;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
      done = true;
    } finally {
      // Reached when the consumer stops early: let the source release its file handle or socket.
      if (!done) await iterator.return?.();
    }
  };
  if (first !== 0x1f || second !== 0x8b) {
    yield* replay();
    return;
  }
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_SIZE });
  const input = Readable.from(replay(), { objectMode: false });
  // pipe() would not pass the source's errors on; destroying gunzip with them ends the loop below.
  input.once('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Uint8Array;
  } catch (error) {
    if (isZlibError(error)) {
      throw new FormatError(FormatErrorCode.InvalidGzip, `input is not a valid gzip stream: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

/**
 * The source's bytes, throwing FormatError INPUT_TOO_LARGE once more than `maxBytes` have passed: put after
 * gunzip, it bounds what a small compressed upload can make the server read.
 */
export async function* limitBytes(source: ByteSource, maxBytes: number): AsyncGenerator<Uint8Array, void, undefined> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new FormatError(
        FormatErrorCode.InputTooLarge,
        `input is larger than ${maxBytes} bytes (decompressed); split the file or raise IMPORT_MAX_BYTES`,
      );
    }
    yield chunk;
  }
}

/** Passes bytes through and counts them; read `bytesRead` whenever a progress bar wants it. */
export class CountingStream implements AsyncIterable<Uint8Array> {
  #bytesRead = 0;

  constructor(private readonly source: ByteSource) {}

  get bytesRead(): number {
    return this.#bytesRead;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    for await (const chunk of this.source) {
      this.#bytesRead += chunk.length;
      yield chunk;
    }
  }
}

export function countingStream(source: ByteSource): CountingStream {
  return new CountingStream(source);
}
