// The NDJSON parser: objects with line numbers, blank lines skipped, bad lines reported without stopping.

import { describe, expect, it } from 'vitest';
import { FormatErrorCode } from './formats.errors.ts';
import { parseNdjson, type NdjsonItem, type NdjsonOptions } from './ndjson.parser.ts';
import type { ChunkSource } from './utf8.decoder.ts';

async function collect(source: ChunkSource, options?: NdjsonOptions): Promise<NdjsonItem[]> {
  const items: NdjsonItem[] = [];
  for await (const batch of parseNdjson(source, options)) items.push(...batch);
  return items;
}

describe('parseNdjson', () => {
  const input =
    '\uFEFF{"type":"view","item":"sku-1"}\r\n' +
    '\n' +
    '   \t\n' +
    '{"type":"buy","qty":2,"meta":{"note":"naïve €"}}\n' +
    '{"type":"view",\n' +
    '[1,2]\n' +
    '42\n' +
    'null\n' +
    '"text"\n' +
    '{"type":"last"}';
  const expected: NdjsonItem[] = [
    { line: 1, value: { type: 'view', item: 'sku-1' } },
    { line: 4, value: { type: 'buy', qty: 2, meta: { note: 'naïve €' } } },
    { line: 5, error: expect.stringMatching(/^invalid JSON: /) as string },
    { line: 6, error: 'expected a JSON object, found an array' },
    { line: 7, error: 'expected a JSON object, found a number' },
    { line: 8, error: 'expected a JSON object, found null' },
    { line: 9, error: 'expected a JSON object, found a string' },
    { line: 10, value: { type: 'last' } },
  ];

  it('parses objects, skips blank lines and reports lines that are not objects', async () => {
    expect(await collect([input])).toEqual(expected);
  });

  it('gives the same result for every cut of the bytes', async () => {
    const bytes = new TextEncoder().encode(input);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
      expect(await collect(chunks), `cut at ${cut}`).toEqual(expected);
    }
    expect(await collect(Array.from(bytes, (byte) => Uint8Array.of(byte)))).toEqual(expected);
  });

  it('ignores a trailing newline and yields batches of at most batchSize', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => `{"i":${i}}\n`).join('');
    const sizes: number[] = [];
    for await (const batch of parseNdjson([lines, '\n'], { batchSize: 2 })) sizes.push(batch.length);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('reports a line over maxLineLength once and goes on with the next, however the input is cut', async () => {
    const long = `{"a":1}\n{"pad":"${'x'.repeat(50)}"}\n{"b":2}\n{"tail":"${'y'.repeat(50)}"}`;
    const expected: NdjsonItem[] = [
      { line: 1, value: { a: 1 } },
      { line: 2, error: 'line is longer than 20 characters' },
      { line: 3, value: { b: 2 } },
      { line: 4, error: 'line is longer than 20 characters' },
    ];
    expect(await collect([long], { maxLineLength: 20 })).toEqual(expected);
    expect(await collect(long.split(''), { maxLineLength: 20 })).toEqual(expected);
  });

  it('keeps __proto__ as plain data', async () => {
    const [item] = await collect(['{"__proto__":{"admin":true}}\n']);
    expect(item?.value && Object.getPrototypeOf(item.value)).toBe(Object.prototype);
    expect(item?.value && Object.keys(item.value)).toEqual(['__proto__']);
  });

  it('rejects bad options before reading anything', () => {
    expect(() => parseNdjson([], { maxLineLength: 0 })).toThrow(
      expect.objectContaining({ code: FormatErrorCode.InvalidOption }) as Error,
    );
    expect(() => parseNdjson([], { batchSize: 1.5 })).toThrow(
      expect.objectContaining({ code: FormatErrorCode.InvalidOption }) as Error,
    );
  });

  it('reports a line with invalid UTF-8 (or a 10,000-deep value) as that line, reading on', async () => {
    const enc = new TextEncoder();
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const bytes = Uint8Array.from([
      ...enc.encode('{"n":1}\n'),
      ...[0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x0a],
      ...enc.encode(`${deep}\n{"n":3}\n`),
    ]);
    const items = await collect([bytes]);
    expect(items.map((i) => i.error ?? (i.value as { n?: number }).n ?? 'deep')).toEqual([
      1,
      'line is not valid UTF-8',
      'deep',
      3,
    ]);
  });

  it('stops with LINE_TOO_LONG at an over-long line when asked', async () => {
    await expect(
      collect([`{"n":1}\n{"s":"${'x'.repeat(100)}"}\n`], { maxLineLength: 50, stopOnLongLine: true }),
    ).rejects.toMatchObject({ code: FormatErrorCode.LineTooLong, message: /line 2: line is longer than 50/ });
    // Without a newline at all, the cap ends the read once the pending text passes it.
    const endless = async function* () {
      for (let i = 0; i < 1_000; i++) yield await Promise.resolve('x'.repeat(64));
      throw new Error('read past the cap');
    };
    await expect(collect(endless(), { maxLineLength: 1_000, stopOnLongLine: true })).rejects.toMatchObject({
      code: FormatErrorCode.LineTooLong,
    });
  });
});
