// The synchronous core of the CSV parser: text in, records out, no I/O. Kept apart from the async wrapper
// so the hot loop stays small enough for V8 to optimise as a whole.

import type { CsvItem } from './csv.parser.ts';
import { FormatError, FormatErrorCode } from './formats.errors.ts';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const INCOMPLETE = -1;

export interface CsvSink {
  push(item: CsvItem): void;
}

export interface CsvTokenizerOptions {
  readonly delimiter: string;
  readonly strictFieldCount: boolean;
  readonly maxRecordLength: number;
  /** Throw FormatError LINE_TOO_LONG at an over-long record instead of reporting it and reading on. */
  readonly stopOnLongRecord?: boolean;
}

function countLf(s: string, from: number, to: number): number {
  let count = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) count++;
  return count;
}

function withoutCr(s: string, from: number, to: number): string {
  return to > from && s.charCodeAt(to - 1) === CR ? s.slice(from, to - 1) : s.slice(from, to);
}

/**
 * Feed text with push() in pieces cut anywhere, then call end(). Records are LF- or CRLF-terminated; a lone
 * CR is data. Blank lines are skipped but still counted, so `line` always matches what an editor shows.
 */
export class CsvTokenizer {
  readonly #delimiter: string;
  readonly #delimiterCode: number;
  readonly #strict: boolean;
  readonly #maxLength: number;
  readonly #stopOnLong: boolean;
  #expected = -1; // field count every record must have; taken from the first well-formed record
  #pending = ''; // text after the last complete record
  #line = 1; // physical line on which #pending starts
  #retryAt = 0; // #pending length worth scanning again; doubling keeps a huge record from costing O(n²)
  #skipping = false; // discarding the rest of an over-long line
  // Outcome of the last #quoted call, kept in fields so the slow path allocates no result objects.
  #fields: string[] = [];
  #error: string | null = null;
  #span = 0;

  constructor(options: CsvTokenizerOptions) {
    this.#delimiter = options.delimiter;
    this.#delimiterCode = options.delimiter.charCodeAt(0);
    this.#strict = options.strictFieldCount;
    this.#maxLength = options.maxRecordLength;
    this.#stopOnLong = options.stopOnLongRecord ?? false;
  }

  push(text: string, sink: CsvSink): void {
    if (this.#skipping) {
      const nl = text.indexOf('\n');
      if (nl === -1) return;
      this.#skipping = false;
      this.#line++;
      text = text.slice(nl + 1);
    }
    const s = this.#pending + text;
    if (s.length < this.#retryAt) {
      this.#pending = s;
      return;
    }
    this.#consume(s, false, sink);
  }

  end(sink: CsvSink): void {
    if (!this.#skipping && this.#pending.length > 0) this.#consume(this.#pending, true, sink);
    this.#pending = '';
    this.#skipping = false;
  }

  #consume(s: string, final: boolean, sink: CsvSink): void {
    for (;;) {
      const pos = this.#scan(s, final, sink);
      const rest = s.length - pos;
      if (rest <= this.#maxLength) {
        this.#pending = rest === 0 ? '' : s.slice(pos);
        this.#retryAt = rest * 2;
        return;
      }
      // Most likely an opening quote that is never closed: give up on it and read on from the next line.
      this.#overflow(this.#line, sink);
      const nl = s.indexOf('\n', pos);
      if (nl === -1) {
        this.#pending = '';
        this.#retryAt = 0;
        this.#skipping = true;
        return;
      }
      this.#line++;
      s = s.slice(nl + 1);
    }
  }

  /** Emits every complete record in s and returns where the first incomplete one starts. */
  #scan(s: string, final: boolean, sink: CsvSink): number {
    const len = s.length;
    const delimiter = this.#delimiter;
    const maxLength = this.#maxLength;
    let pos = 0;
    let line = this.#line;
    let quote = -1; // first quote at or after pos, or len when there is none
    while (pos < len) {
      let nl = s.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) break;
        nl = len;
      }
      if (quote < pos) {
        quote = s.indexOf('"', pos);
        if (quote === -1) quote = len;
      }
      if (quote < nl) {
        const next = this.#quoted(s, pos, line, final);
        if (next === INCOMPLETE) break;
        if (this.#span - pos > maxLength) {
          this.#overflow(line, sink);
          line++;
          pos = nl + 1;
          continue;
        }
        if (this.#error === null) this.#emit(line, this.#fields, sink);
        else sink.push({ line, error: this.#error });
        line += countLf(s, pos, next);
        pos = next;
        continue;
      }
      // The common case: no quote on this line, so the record is the line and String#split does the rest.
      if (nl - pos > maxLength) this.#overflow(line, sink);
      else {
        let end = nl;
        if (end > pos && s.charCodeAt(end - 1) === CR) end--;
        if (end > pos) this.#emit(line, s.slice(pos, end).split(delimiter), sink);
      }
      line++;
      pos = nl + 1;
    }
    this.#line = line;
    return pos > len ? len : pos;
  }

  #overflow(line: number, sink: CsvSink): void {
    if (this.#stopOnLong) {
      throw new FormatError(
        FormatErrorCode.LineTooLong,
        `line ${line}: record is longer than ${this.#maxLength} characters (the line-length cap)`,
      );
    }
    sink.push({ line, error: `record is longer than ${this.#maxLength} characters` });
  }

  #emit(line: number, fields: string[], sink: CsvSink): void {
    if (this.#strict && fields.length !== this.#expected) {
      if (this.#expected !== -1) {
        sink.push({ line, error: `expected ${this.#expected} fields, found ${fields.length}` });
        return;
      }
      this.#expected = fields.length;
    }
    sink.push({ line, fields });
  }

  /**
   * The slow path for a record with a quote in it. Returns the index past the record, or INCOMPLETE, and
   * leaves the outcome in #fields or #error, and in #span the end that counts against maxRecordLength.
   */
  #quoted(s: string, start: number, line: number, final: boolean): number {
    const len = s.length;
    const delimiterCode = this.#delimiterCode;
    const fields: string[] = [];
    this.#fields = fields;
    this.#error = null;
    let i = start;
    for (;;) {
      if (s.charCodeAt(i) === QUOTE) {
        const open = i;
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = s.indexOf('"', from);
          if (q === -1) {
            if (!final) return INCOMPLETE;
            // Re-read what follows the line of the opening quote: that quote was probably a typo. The record
            // spans to the end of input, as it would if the input were cut into chunks anywhere.
            const next = this.#fail(s, start, open, line, fields.length + 1, 'quoted field is never closed', final);
            this.#span = len;
            return next;
          }
          if (s.charCodeAt(q + 1) !== QUOTE) {
            value += s.slice(from, q);
            i = q + 1;
            break;
          }
          value += s.slice(from, q + 1);
          from = q + 2;
        }
        fields.push(value);
        if (i === len) {
          if (!final) return INCOMPLETE; // also when that quote was the first half of a "" cut by the chunk
          return (this.#span = len);
        }
        const c = s.charCodeAt(i);
        if (c === delimiterCode) {
          i++;
          continue;
        }
        if (c === LF) {
          this.#span = i;
          return i + 1;
        }
        if (c === CR && i + 1 === len) {
          if (!final) return INCOMPLETE;
          return (this.#span = len);
        }
        if (c === CR && s.charCodeAt(i + 1) === LF) {
          this.#span = i + 1;
          return i + 2;
        }
        const what = `unexpected ${JSON.stringify(String.fromCharCode(c))} after closing quote`;
        return this.#fail(s, start, i, line, fields.length, what, final);
      }
      let j = i;
      let c = 0;
      while (j < len) {
        c = s.charCodeAt(j);
        if (c === delimiterCode || c === LF || c === QUOTE) break;
        j++;
      }
      if (j === len) {
        if (!final) return INCOMPLETE;
        fields.push(withoutCr(s, i, len));
        return (this.#span = len);
      }
      if (c === QUOTE) return this.#fail(s, start, j, line, fields.length + 1, 'quote inside an unquoted field', final);
      if (c === delimiterCode) {
        fields.push(s.slice(i, j));
        i = j + 1;
        continue;
      }
      fields.push(withoutCr(s, i, j));
      this.#span = j;
      return j + 1;
    }
  }

  /** Records a malformed record; it ends with the line that holds the problem at `at`. */
  #fail(s: string, start: number, at: number, line: number, field: number, what: string, final: boolean): number {
    const nl = s.indexOf('\n', at);
    if (nl === -1 && !final) return INCOMPLETE;
    const atLine = line + countLf(s, start, at);
    this.#error = `${atLine === line ? `field ${field}` : `field ${field} (line ${atLine})`}: ${what}`;
    this.#span = nl === -1 ? s.length : nl;
    return nl === -1 ? s.length : nl + 1;
  }
}
