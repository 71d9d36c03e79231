// maybeGunzip and countingStream on plain, gzipped, corrupt and oddly chunked byte streams.

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.parser.ts';
import { countingStream, maybeGunzip } from './decode.ts';
import { FormatErrorCode } from './formats.errors.ts';

// Sources await between chunks like a socket or a file would.
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function* from(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    await tick();
    yield chunk;
  }
}

async function bytesOf(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of source) parts.push(chunk);
  return Buffer.concat(parts);
}

const text = Buffer.from('id,name\n1,Crème brûlée\n'.repeat(500));
const gz = gzipSync(text);

describe('maybeGunzip', () => {
  it('passes plain bytes through unchanged, whatever the chunking', async () => {
    expect(await bytesOf(maybeGunzip(from([text])))).toEqual(text);
    expect(await bytesOf(maybeGunzip(from([text.subarray(0, 1), new Uint8Array(0), text.subarray(1)])))).toEqual(text);
    expect(await bytesOf(maybeGunzip(from([])))).toEqual(Buffer.alloc(0));
    expect(await bytesOf(maybeGunzip(from([Uint8Array.of(0x1f)])))).toEqual(Buffer.from([0x1f]));
  });

  it('gunzips when the stream starts with 1f 8b, even when the magic is split across chunks', async () => {
    expect(await bytesOf(maybeGunzip(from([gz])))).toEqual(text);
    expect(await bytesOf(maybeGunzip(from([gz.subarray(0, 1), gz.subarray(1, 2), gz.subarray(2)])))).toEqual(text);
  });

  it('gunzips concatenated gzip members as one stream', async () => {
    const twice = Buffer.concat([gzipSync('a,b\n'), gzipSync('c,d\n')]);
    expect((await bytesOf(maybeGunzip(from([twice])))).toString()).toBe('a,b\nc,d\n');
  });

  it('throws INVALID_GZIP on corrupt or truncated gzip', async () => {
    const corrupt = Buffer.from(gz);
    corrupt.fill(0x55, 20, 60);
    await expect(bytesOf(maybeGunzip(from([corrupt])))).rejects.toMatchObject({ code: FormatErrorCode.InvalidGzip });
    const truncated = gz.subarray(0, gz.length - 10);
    await expect(bytesOf(maybeGunzip(from([truncated])))).rejects.toMatchObject({
      code: FormatErrorCode.InvalidGzip,
    });
  });

  it('passes on an error of the source, plain or gzipped', async () => {
    async function* failing(head: Uint8Array): AsyncGenerator<Uint8Array> {
      yield head;
      await tick();
      throw new Error('socket reset');
    }
    await expect(bytesOf(maybeGunzip(failing(text.subarray(0, 100))))).rejects.toThrow('socket reset');
    await expect(bytesOf(maybeGunzip(failing(gz.subarray(0, 100))))).rejects.toThrow('socket reset');
  });

  it('releases the source when the consumer stops early', async () => {
    for (const payload of [text, gz]) {
      let released = false;
      async function* source(): AsyncGenerator<Uint8Array> {
        try {
          for (;;) {
            await tick();
            yield payload;
          }
        } finally {
          released = true;
        }
      }
      for await (const _chunk of maybeGunzip(source())) break;
      // Destroying the gunzip side lets Readable.from finish its return() on the next ticks.
      const deadline = Date.now() + 2_000;
      while (!released && Date.now() < deadline) await tick();
      expect(released, payload === gz ? 'gzipped' : 'plain').toBe(true);
    }
  });
});

describe('countingStream', () => {
  it('counts the bytes that went through, as they go', async () => {
    const counter = countingStream(from([gz.subarray(0, 10), gz.subarray(10)]));
    const seen: number[] = [];
    for await (const chunk of counter) seen.push(counter.bytesRead - chunk.length);
    expect(seen).toEqual([0, 10]);
    expect(counter.bytesRead).toBe(gz.length);
  });

  it('composes with maybeGunzip and the parsers: compressed bytes counted, records parsed', async () => {
    const counter = countingStream(from([gz]));
    let records = 0;
    for await (const batch of parseCsv(maybeGunzip(counter))) records += batch.length;
    expect(records).toBe(1_000);
    expect(counter.bytesRead).toBe(gz.length);
  });
});
