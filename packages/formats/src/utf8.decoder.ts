// Streaming UTF-8 decoding for the parsers: a character split across chunks is carried over. Invalid bytes
// never turn silently into U+FFFD in someone's catalog: the line that holds them (bytes up to the next LF)
// has each bad sequence replaced by the INVALID_LINE mark, which the parsers report as that record's error,
// so the valid lines of the file are still read. U+FFFF is a noncharacter that no text should carry; one in the input is
// reported the same way.

import { FormatError, FormatErrorCode } from './formats.errors.ts';

/** Stands for a line whose bytes were not valid UTF-8. */
export const INVALID_LINE = '\uFFFF';
export const INVALID_LINE_MESSAGE = 'line is not valid UTF-8';

/** Set when the decoder has replaced a line, so parsers look for the mark only then. */
export interface DecodeState {
  invalid: boolean;
}

/** What the parsers accept: a Node Readable, a web ReadableStream, an async generator or a plain array. */
export type ChunkSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

const BOM = '\uFEFF';

// Non-streaming decode() is about four times faster than decode(chunk, { stream: true }) on Node 20, so the
// split character at a chunk's end is handled here. ignoreBOM keeps a U+FEFF that starts a later chunk:
// only the one at the very start of the input is a byte order mark.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes a sequence starting with this lead byte needs; 1 for anything the decoder will reject anyway. */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** Index where a sequence truncated by the chunk's end starts, or bytes.length when none is. */
function completeLength(bytes: Uint8Array): number {
  const end = bytes.length;
  let i = end - 1;
  while (i >= 0 && i > end - 4 && ((bytes[i] ?? 0) & 0xc0) === 0x80) i--;
  if (i < 0) return end;
  return end - i < sequenceLength(bytes[i] ?? 0) ? i : end;
}

const LF = 10;
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes line by line, marking the bad sequences of invalid lines (the slow path, for a chunk that failed). */
function decodeLines(bytes: Uint8Array): string {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(LF, start);
    const end = nl === -1 ? bytes.length : nl;
    if (end > start) {
      const segment = bytes.subarray(start, end);
      try {
        out.push(decoder.decode(segment));
      } catch {
        // Each bad sequence becomes the mark, so the line keeps its delimiters and its record its fields.
        out.push(lenient.decode(segment).replaceAll('\uFFFD', INVALID_LINE));
      }
    }
    if (nl === -1) break;
    out.push('\n');
    start = nl + 1;
  }
  return out.join('');
}

function decodeAt(bytes: Uint8Array, state: DecodeState): string {
  try {
    const text = decoder.decode(bytes);
    if (text.includes(INVALID_LINE)) state.invalid = true;
    return text;
  } catch {
    state.invalid = true;
    return decodeLines(bytes);
  }
}

/** Text of the source, chunk by chunk; string chunks pass through. Strips a leading BOM when asked. */
export async function* decodeUtf8(
  source: ChunkSource,
  stripBom: boolean,
  state: DecodeState = { invalid: false },
): AsyncGenerator<string, void, undefined> {
  let carry: Uint8Array | null = null; // start of a character whose remaining bytes are in the next chunk
  let atStart = stripBom;
  const chunks = typeof source === 'string' ? [source] : source;
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') {
      if (carry) throw new FormatError(FormatErrorCode.InvalidEncoding, `input ends inside a UTF-8 character`);
      text = chunk;
    } else {
      let bytes = chunk;
      let head = '';
      if (carry) {
        const take = Math.min(sequenceLength(carry[0] ?? 0) - carry.length, bytes.length);
        const joined: Uint8Array = new Uint8Array(carry.length + take);
        joined.set(carry);
        joined.set(bytes.subarray(0, take), carry.length);
        bytes = bytes.subarray(take);
        if (joined.length < sequenceLength(joined[0] ?? 0)) {
          carry = joined;
          continue;
        }
        head = decodeAt(joined, state);
        carry = null;
      }
      const complete = completeLength(bytes);
      if (complete < bytes.length) carry = bytes.slice(complete);
      text = head + decodeAt(complete === bytes.length ? bytes : bytes.subarray(0, complete), state);
    }
    if (text.length === 0) continue;
    if (atStart) {
      atStart = false;
      if (text.startsWith(BOM)) text = text.slice(1);
      if (text.length === 0) continue;
    }
    yield text;
  }
  if (carry) {
    // The input ends inside a character: its last line is not valid UTF-8.
    state.invalid = true;
    yield INVALID_LINE;
  }
}
