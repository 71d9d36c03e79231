// Field readers shared by the row validators. Each returns the value or a message saying what is wrong, so a
// validator can name the exact field of the exact row. `coerce` accepts text forms (CSV cells) of numbers,
// booleans and lists. Nothing is normalised silently: a value the column cannot hold as sent (a price with
// more decimals than it keeps, 2025-02-30, "0x10") is a row error, not a different value stored.

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = <T>(message: string): FieldResult<T> => ({ ok: false, message });

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

// PostgreSQL text and jsonb cannot hold U+0000: one such value would fail the whole batch's statement, so it
// is refused here, as a row error, like any other bad field. Other control characters are refused too: in
// text (titles, descriptions) all but tab, LF and CR; in identifiers (skus, ids) all of them once the
// surrounding whitespace is trimmed (a CSV's trailing CR is whitespace, not part of the sku).
const NUL = '\u0000';
const NUL_MESSAGE = 'must not contain NUL (U+0000) characters';
const CONTROL_MESSAGE = 'must not contain control characters';
// eslint-disable-next-line no-control-regex -- control characters are exactly what these find
const TEXT_CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- as above
const ID_CONTROL = /[\u0000-\u001f\u007f]/;

/** `id`: an identifier (sku, eventId, sessionId, userId), which holds no control character at all. */
export type StringKind = 'text' | 'id';

export function requiredString(v: unknown, maxLength: number, kind: StringKind = 'text'): FieldResult<string> {
  if (isBlank(v)) return fail('is required');
  if (typeof v !== 'string') return fail('must be a string');
  if (v.includes(NUL)) return fail(NUL_MESSAGE);
  const s = v.trim();
  if ((kind === 'id' ? ID_CONTROL : TEXT_CONTROL).test(s)) return fail(CONTROL_MESSAGE);
  if (s.length > maxLength) return fail(`must be at most ${maxLength} characters`);
  return ok(s);
}

export function optionalString(v: unknown, maxLength: number, kind: StringKind = 'text'): FieldResult<string | null> {
  if (isBlank(v)) return ok(null);
  return requiredString(v, maxLength, kind);
}

/** Decimal text only: no hex (`0x10`), binary, octal, `Infinity` or digit separators. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function optionalNumber(
  v: unknown,
  coerce: boolean,
  opts: { min?: number; max?: number; integer?: boolean; /** Decimal places the column keeps. */ scale?: number } = {},
): FieldResult<number | null> {
  if (isBlank(v)) return ok(null);
  let n: number;
  if (typeof v === 'number') n = v;
  else if (coerce && typeof v === 'string') {
    const text = v.trim();
    if (!DECIMAL.test(text)) return fail(`must be a number, got ${JSON.stringify(v)}`);
    n = Number(text);
  } else return fail('must be a number');
  if (!Number.isFinite(n)) return fail(`must be a finite number, got ${JSON.stringify(v)}`);
  if (opts.integer && !Number.isInteger(n)) return fail(`must be an integer, got ${JSON.stringify(v)}`);
  if (opts.min !== undefined && n < opts.min) return fail(`must be at least ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) return fail(`must be at most ${opts.max}`);
  if (opts.scale !== undefined && !Number.isInteger(n)) {
    const factor = 10 ** opts.scale;
    // Within the float's own rounding of the decimal it was written as (19.99 is not exactly 19.99 either).
    if (Math.abs(Math.round(n * factor) / factor - n) > Math.abs(n) * 4 * Number.EPSILON) {
      return fail(`must have at most ${opts.scale} decimal places, got ${JSON.stringify(v)}`);
    }
  }
  return ok(n);
}

export function optionalBoolean(v: unknown, coerce: boolean, fallback: boolean): FieldResult<boolean> {
  if (isBlank(v)) return ok(fallback);
  if (typeof v === 'boolean') return ok(v);
  if (coerce && typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1' || s === 'yes') return ok(true);
    if (s === 'false' || s === '0' || s === 'no') return ok(false);
  }
  return fail(`must be true or false, got ${JSON.stringify(v)}`);
}

/** A category path, root first. Text form: "Home > Kitchen > Mugs" (also "/" or "|" as separators). */
export function categoryPath(v: unknown, coerce: boolean, maxDepth: number, maxLength: number): FieldResult<string[]> {
  if (isBlank(v)) return ok([]);
  let parts: unknown[];
  if (Array.isArray(v)) parts = v;
  else if (coerce && typeof v === 'string') parts = v.split(/\s*(?:>|\/|\|)\s*/);
  else return fail('must be a list of strings, root first');
  if (parts.length > maxDepth * 4) return fail(`must have at most ${maxDepth} levels`);
  const path: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string') return fail('must be a list of strings, root first');
    if (p.includes(NUL)) return fail(NUL_MESSAGE);
    const s = p.trim();
    if (!s) continue;
    if (TEXT_CONTROL.test(s)) return fail(CONTROL_MESSAGE);
    if (s.length > maxLength) return fail(`each level must be at most ${maxLength} characters`);
    path.push(s);
  }
  if (path.length > maxDepth) return fail(`must have at most ${maxDepth} levels`);
  return ok(path);
}

/**
 * Whether a parsed JSON value nests deeper than `maxDepth` or has more than `maxNodes` values, found without
 * recursion (a 10,000-deep value would overflow the stack of a recursive walk, and of JSON.stringify).
 */
function tooLarge(value: unknown, maxDepth: number, maxNodes: number): 'depth' | 'size' | null {
  const stack: Array<[unknown, number]> = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (++nodes > maxNodes) return 'size';
    if (typeof v !== 'object' || v === null) continue;
    if (depth > maxDepth) return 'depth';
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return null;
}

export function optionalJsonObject(
  v: unknown,
  coerce: boolean,
  maxBytes: number,
  maxDepth = 32,
): FieldResult<Record<string, unknown> | null> {
  if (isBlank(v)) return ok(null);
  let value: unknown = v;
  if (coerce && typeof v === 'string') {
    if (v.length > maxBytes) return fail(`must be at most ${maxBytes} bytes of JSON`);
    try {
      value = JSON.parse(v);
    } catch {
      return fail('must be a JSON object');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('must be a JSON object');
  // Every value takes at least two bytes of JSON, so more than maxBytes / 2 of them cannot fit.
  const problem = tooLarge(value, maxDepth, Math.ceil(maxBytes / 2));
  if (problem === 'depth') return fail(`must nest at most ${maxDepth} levels deep`);
  if (problem === 'size') return fail(`must be at most ${maxBytes} bytes of JSON`);
  const json = JSON.stringify(value);
  // JSON.stringify writes U+0000 as the escape \u0000, in keys and values alike.
  if (json.includes('\\u0000')) return fail(NUL_MESSAGE);
  if (json.length > maxBytes) return fail(`must be at most ${maxBytes} bytes of JSON`);
  return ok(value as Record<string, unknown>);
}

/** Every date this product keeps is within these years; anything else is a clock or parsing error. */
export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 2100;
const EARLIEST = Date.UTC(EARLIEST_YEAR, 0, 1);
const LATEST = Date.UTC(LATEST_YEAR + 1, 0, 1);
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

/**
 * A timestamp. Text without a zone ("2011-12-09 12:50:00") is read as UTC so imports are reproducible on any
 * machine; events dated before 1970 or more than a day ahead of now are refused as clock or parsing errors.
 */
export function timestamp(v: unknown, now: number): FieldResult<Date> {
  if (isBlank(v)) return fail('is required');
  let d: Date;
  if (v instanceof Date) d = v;
  else if (typeof v === 'string') d = parseTimestamp(v);
  else if (typeof v === 'number') d = new Date(v);
  else return fail('must be an ISO 8601 date-time');
  const t = d.getTime();
  if (Number.isNaN(t))
    return fail(`must be an ISO 8601 date-time, got ${v instanceof Date ? 'an invalid date' : JSON.stringify(v)}`);
  if (t < EARLIEST) return fail(`is before ${EARLIEST_YEAR}-01-01`);
  if (t > now + FUTURE_SLACK_MS) return fail('is more than 24 hours in the future');
  if (t >= LATEST) return fail(`is after ${LATEST_YEAR}`);
  return ok(d);
}

// YYYY-MM-DD, then optionally [T or space]HH:MM[:SS[.fraction]], then optionally Z or ±HH[:]MM.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * ISO 8601 text to a Date; without a zone it is UTC (never the machine's local time). Text that is not a real
 * calendar date and time (2025-02-30, 24:00, a month 13) gives an invalid Date rather than being rolled over
 * into another day; `timestamp` then bounds the years to 1970–2100.
 */
export function parseTimestamp(text: string): Date {
  const m = ISO.exec(text.trim());
  const invalid = new Date(Number.NaN);
  if (!m) return invalid;
  const [, y, mo, d, h, mi, sec, fraction, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  // Date.UTC reads years 0–99 as 1900–1999; no year of this product's range is written that way.
  if (year < 1000) return invalid;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return invalid;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 59)) return invalid;
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  let t = Date.UTC(year, month - 1, day, Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!zm || Number(zm[2]) > 23 || Number(zm[3]) > 59) return invalid;
    t -= (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3])) * 60_000;
  }
  return new Date(t);
}
