// The CSV parser against hand-written expectations, and the same expectations with the input cut anywhere.

import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvWithHeader, type CsvItem, type CsvOptions } from './csv.parser.ts';
import { FormatError, FormatErrorCode } from './formats.errors.ts';
import type { ChunkSource } from './utf8.decoder.ts';

const utf8 = new TextEncoder();

async function collect(source: ChunkSource, options?: CsvOptions): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const batch of parseCsv(source, options)) items.push(...batch);
  return items;
}

const rec = (line: number, ...fields: string[]): CsvItem => ({ line, fields });
const err = (line: number, error: string): CsvItem => ({ line, error });

function splitsOf(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const bounds = [0, ...cuts, bytes.length];
  return bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
}

describe('parseCsv', () => {
  it('keeps delimiters inside quoted fields', async () => {
    expect(await collect(['a,"b,c",d\n'])).toEqual([rec(1, 'a', 'b,c', 'd')]);
  });

  it('turns doubled quotes into one and accepts empty quoted fields', async () => {
    expect(await collect(['"say ""hi""","",""""\n'])).toEqual([rec(1, 'say "hi"', '', '"')]);
  });

  it('keeps newlines inside quotes and numbers records by the physical line they start on', async () => {
    const input = 'id,text\n1,"line one\nline two\n"\n2,plain\n';
    expect(await collect([input])).toEqual([
      rec(1, 'id', 'text'),
      rec(2, '1', 'line one\nline two\n'),
      rec(5, '2', 'plain'),
    ]);
  });

  it('accepts CRLF and LF, keeps CRLF inside quotes and treats a lone CR as data', async () => {
    const input = 'a,b\r\n"x\r\ny",z\r\nc\rd,e\n"q",r\r\n';
    expect(await collect([input])).toEqual([
      rec(1, 'a', 'b'),
      rec(2, 'x\r\ny', 'z'),
      rec(4, 'c\rd', 'e'),
      rec(5, 'q', 'r'),
    ]);
  });

  it('handles a last record with no line terminator, quoted or not', async () => {
    expect(await collect(['a,b\nc,d'])).toEqual([rec(1, 'a', 'b'), rec(2, 'c', 'd')]);
    expect(await collect(['a,b\nc,"d"'])).toEqual([rec(1, 'a', 'b'), rec(2, 'c', 'd')]);
    expect(await collect(['a,b\r\nc,"d"\r'])).toEqual([rec(1, 'a', 'b'), rec(2, 'c', 'd')]);
  });

  it('skips an empty trailing line and blank lines without losing the line count', async () => {
    expect(await collect(['a,b\nc,d\n'])).toEqual([rec(1, 'a', 'b'), rec(2, 'c', 'd')]);
    expect(await collect(['a,b\n\n\r\nc,d\n\n'])).toEqual([rec(1, 'a', 'b'), rec(4, 'c', 'd')]);
    expect(await collect([''])).toEqual([]);
  });

  it('reads a trailing delimiter as a last empty field', async () => {
    expect(await collect(['a,\n"b",\n'])).toEqual([rec(1, 'a', ''), rec(2, 'b', '')]);
  });

  it('strips a UTF-8 BOM by default, also when it is split across chunks, and keeps it on request', async () => {
    const bytes = utf8.encode('\uFEFFname,price\n');
    const fields = ['name', 'price'];
    expect(await collect([bytes])).toEqual([{ line: 1, fields }]);
    expect(await collect(splitsOf(bytes, [1, 2]))).toEqual([{ line: 1, fields }]);
    expect(await collect([bytes], { stripBom: false })).toEqual([rec(1, '\uFEFFname', 'price')]);
    // Only the first character of the input is a byte order mark.
    expect(await collect(['a,b\n', '\uFEFFc,d\n'])).toEqual([rec(1, 'a', 'b'), rec(2, '\uFEFFc', 'd')]);
  });

  it('uses another delimiter when asked and rejects unusable ones before reading anything', async () => {
    expect(await collect(['a;"b;c";x,\ty\n'], { delimiter: ';' })).toEqual([rec(1, 'a', 'b;c', 'x,\ty')]);
    expect(await collect(['a;b\t"c\td"\n'], { delimiter: '\t' })).toEqual([rec(1, 'a;b', 'c\td')]);
    for (const delimiter of ['"', '\n', '\r', ';;', '']) {
      expect(() => parseCsv([], { delimiter })).toThrow(
        expect.objectContaining({ code: FormatErrorCode.InvalidOption }) as Error,
      );
    }
    expect(() => parseCsv([], { batchSize: 0 })).toThrow(FormatError);
  });

  it('reports an unclosed quote at EOF and reads on from the line after the quote', async () => {
    const input = 'a,b\n1,"x\n2,y\n3,z';
    expect(await collect([input])).toEqual([
      rec(1, 'a', 'b'),
      err(2, 'field 2: quoted field is never closed'),
      rec(3, '2', 'y'),
      rec(4, '3', 'z'),
    ]);
  });

  it('reports a quote inside an unquoted field and recovers at the next line', async () => {
    const input = 'a,b\nx"y,z\nc,d\n';
    expect(await collect([input])).toEqual([
      rec(1, 'a', 'b'),
      err(2, 'field 1: quote inside an unquoted field'),
      rec(3, 'c', 'd'),
    ]);
  });

  it('reports characters after a closing quote and recovers at the next line', async () => {
    const input = 'a,b\n"x" ,y\n"p"q\nc,d\n';
    expect(await collect([input])).toEqual([
      rec(1, 'a', 'b'),
      err(2, 'field 1: unexpected " " after closing quote'),
      err(3, 'field 1: unexpected "q" after closing quote'),
      rec(4, 'c', 'd'),
    ]);
  });

  it('names the physical line of a problem inside a multi-line record and resumes after it', async () => {
    const input = 'h1,h2\n"ok\nstill ok",x"y\nnext,row\n';
    expect(await collect([input])).toEqual([
      rec(1, 'h1', 'h2'),
      err(2, 'field 2 (line 3): quote inside an unquoted field'),
      rec(4, 'next', 'row'),
    ]);
  });

  it('checks the field count against the first record unless told not to', async () => {
    const input = 'a,b,c\n1,2\n1,2,3\n1,2,3,4\n"1","2,3"\n';
    expect(await collect([input])).toEqual([
      rec(1, 'a', 'b', 'c'),
      err(2, 'expected 3 fields, found 2'),
      rec(3, '1', '2', '3'),
      err(4, 'expected 3 fields, found 4'),
      err(5, 'expected 3 fields, found 2'),
    ]);
    const relaxed = await collect([input], { strictFieldCount: false });
    expect(relaxed.map((item) => item.fields?.length)).toEqual([3, 2, 3, 4, 2]);
  });

  it('yields batches of at most batchSize', async () => {
    const input = Array.from({ length: 7 }, (_, i) => `r${i}\n`).join('');
    const sizes: number[] = [];
    for await (const batch of parseCsv([input.slice(0, 9), input.slice(9)], { batchSize: 3 })) sizes.push(batch.length);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('reports a record over maxRecordLength and resumes at its second line, however the input is cut', async () => {
    const input = `a,b\n"unclosed,${'x'.repeat(30)}\nc,d\n${'y'.repeat(40)}\ne,f\n`;
    const expected = [
      rec(1, 'a', 'b'),
      err(2, 'record is longer than 20 characters'),
      rec(3, 'c', 'd'),
      err(4, 'record is longer than 20 characters'),
      rec(5, 'e', 'f'),
    ];
    expect(await collect([input], { maxRecordLength: 20 })).toEqual(expected);
    expect(await collect(input.split(''), { maxRecordLength: 20 })).toEqual(expected);
    // A closed quoted field over the limit is reported the same way, whole or in pieces.
    const long = `a\n"${'z\n'.repeat(15)}"\nb\n`;
    const whole = await collect([long], { maxRecordLength: 20 });
    expect(whole.slice(0, 2)).toEqual([rec(1, 'a'), err(2, 'record is longer than 20 characters')]);
    expect(await collect(long.split(''), { maxRecordLength: 20 })).toEqual(whole);
  });

  it('reports a line with invalid UTF-8 as the error of its record and reads the valid lines, at any cut', async () => {
    const bytes = Uint8Array.from([
      ...utf8.encode('sku,title\n'),
      ...[0x61, 0x2c, 0xff, 0x0a],
      ...utf8.encode('b,ok €\n'),
      ...[0x63, 0x2c, 0xe2, 0x82, 0x0a],
      ...utf8.encode('d,"two\nlines"\n'),
    ]);
    const expected = [
      rec(1, 'sku', 'title'),
      { line: 2, error: 'line is not valid UTF-8' },
      rec(3, 'b', 'ok €'),
      { line: 4, error: 'line is not valid UTF-8' },
      rec(5, 'd', 'two\nlines'),
    ];
    expect(await collect([bytes])).toEqual(expected);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await collect([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
    // Input that ends inside a character: its last record is the invalid one.
    const truncated = utf8.encode('a,b\nc,€').subarray(0, 7);
    expect(await collect([truncated])).toEqual([rec(1, 'a', 'b'), { line: 2, error: 'line is not valid UTF-8' }]);
  });

  it('stops with LINE_TOO_LONG at an over-long record when asked, instead of skipping it', async () => {
    const input = `a,b\n${'x'.repeat(50)},y\nc,d\n`;
    await expect(collect([input], { maxRecordLength: 20, stopOnLongRecord: true })).rejects.toMatchObject({
      code: FormatErrorCode.LineTooLong,
      message: /line 2: record is longer than 20 characters/,
    });
    expect(await collect([input], { maxRecordLength: 20 })).toHaveLength(3);
  });
});

describe('parseCsv with the input cut at every position', () => {
  // Multi-byte characters of every length, quoted newlines, CRLF, doubled quotes, blank lines and errors.
  const input =
    '\uFEFFsku,name,note\r\n' +
    'é1,"Crème, brûlée","say ""€5"""\r\n' +
    '\r\n' +
    'x2,"two\r\nlines 😀",plain\n' +
    'bad,"unclosed"x,z\n' +
    'q3,mid"quote,z\n' +
    'w4,"ok",\n' +
    'short,row\n' +
    'e5,"last ""one""",ü';
  const expected = [
    rec(1, 'sku', 'name', 'note'),
    rec(2, 'é1', 'Crème, brûlée', 'say "€5"'),
    rec(4, 'x2', 'two\r\nlines 😀', 'plain'),
    err(6, 'field 2: unexpected "x" after closing quote'),
    err(7, 'field 2: quote inside an unquoted field'),
    rec(8, 'w4', 'ok', ''),
    err(9, 'expected 3 fields, found 2'),
    rec(10, 'e5', 'last "one"', 'ü'),
  ];
  const bytes = utf8.encode(input);

  it('matches the expectation when read in one piece', async () => {
    expect(await collect([bytes])).toEqual(expected);
    expect(await collect([input])).toEqual(expected);
  });

  it('gives the same records for every single cut of the bytes and of the text', async () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await collect(splitsOf(bytes, [cut])), `byte cut at ${cut}`).toEqual(expected);
    }
    for (let cut = 0; cut <= input.length; cut++) {
      expect(await collect([input.slice(0, cut), input.slice(cut)]), `text cut at ${cut}`).toEqual(expected);
    }
  });

  it('gives the same records for every pair of cuts, and byte by byte', async () => {
    for (let a = 1; a < bytes.length; a++) {
      for (let b = a; b < bytes.length; b += 3) {
        expect(await collect(splitsOf(bytes, [a, b])), `cuts at ${a} and ${b}`).toEqual(expected);
      }
    }
    const oneByOne = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(await collect(splitsOf(bytes, oneByOne))).toEqual(expected);
  });
});

describe('parseCsvWithHeader', () => {
  it('returns the header apart and checks records against its width', async () => {
    const { header, headerLine, batches } = await parseCsvWithHeader(['\n', 'id,name\n1,a\n2\n3,c\n'], {
      batchSize: 2,
    });
    expect(header).toEqual(['id', 'name']);
    expect(headerLine).toBe(2);
    const seen: CsvItem[][] = [];
    for await (const batch of batches) seen.push(batch);
    expect(seen).toEqual([[rec(3, '1', 'a')], [err(4, 'expected 2 fields, found 1'), rec(5, '3', 'c')]]);
  });

  it('throws MISSING_HEADER on empty input and MALFORMED_HEADER on a broken header row', async () => {
    await expect(parseCsvWithHeader(['\r\n\n'])).rejects.toMatchObject({ code: FormatErrorCode.MissingHeader });
    await expect(parseCsvWithHeader(['id,"na"me\n1,2\n'])).rejects.toMatchObject({
      code: FormatErrorCode.MalformedHeader,
      message: 'header row (line 1): field 2: unexpected "m" after closing quote',
    });
  });

  it('releases the source when the consumer stops early', async () => {
    let released = false;
    async function* source(): AsyncGenerator<string> {
      try {
        yield 'h\n';
        for (let i = 0; ; i++) {
          await Promise.resolve();
          yield `${i}\n`;
        }
      } finally {
        released = true;
      }
    }
    const { batches } = await parseCsvWithHeader(source(), { batchSize: 10 });
    for await (const batch of batches) {
      // The header came out of the first batch.
      expect(batch.map((item) => item.fields?.[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
      break;
    }
    expect(released).toBe(true);
  });
});
