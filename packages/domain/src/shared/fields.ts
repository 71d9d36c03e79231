// Field readers shared by the row validators. Each returns the value or a message saying what is wrong, so a
// validator can name the exact field of the exact row. `coerce` accepts text forms (CSV cells) of numbers,
// booleans and lists.

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = <T>(message: string): FieldResult<T> => ({ ok: false, message });

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

// PostgreSQL text and jsonb cannot hold U+0000: one such value would fail the whole batch's statement, so it
// is refused here, as a row error, like any other bad field.
const NUL = '\u0000';
const NUL_MESSAGE = 'must not contain NUL (U+0000) characters';

export function requiredString(v: unknown, maxLength: number): FieldResult<string> {
  if (isBlank(v)) return fail('is required');
  if (typeof v !== 'string') return fail('must be a string');
  if (v.includes(NUL)) return fail(NUL_MESSAGE);
  const s = v.trim();
  if (s.length > maxLength) return fail(`must be at most ${maxLength} characters`);
  return ok(s);
}

export function optionalString(v: unknown, maxLength: number): FieldResult<string | null> {
  if (isBlank(v)) return ok(null);
  return requiredString(v, maxLength);
}

export function optionalNumber(
  v: unknown,
  coerce: boolean,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): FieldResult<number | null> {
  if (isBlank(v)) return ok(null);
  let n: number;
  if (typeof v === 'number') n = v;
  else if (coerce && typeof v === 'string') n = Number(v.trim());
  else return fail('must be a number');
  if (!Number.isFinite(n)) return fail(`must be a number, got ${JSON.stringify(v)}`);
  if (opts.integer && !Number.isInteger(n)) return fail(`must be an integer, got ${JSON.stringify(v)}`);
  if (opts.min !== undefined && n < opts.min) return fail(`must be at least ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) return fail(`must be at most ${opts.max}`);
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
  const path: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string') return fail('must be a list of strings, root first');
    if (p.includes(NUL)) return fail(NUL_MESSAGE);
    const s = p.trim();
    if (!s) continue;
    if (s.length > maxLength) return fail(`each level must be at most ${maxLength} characters`);
    path.push(s);
  }
  if (path.length > maxDepth) return fail(`must have at most ${maxDepth} levels`);
  return ok(path);
}

export function optionalJsonObject(
  v: unknown,
  coerce: boolean,
  maxBytes: number,
): FieldResult<Record<string, unknown> | null> {
  if (isBlank(v)) return ok(null);
  let value: unknown = v;
  if (coerce && typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return fail('must be a JSON object');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('must be a JSON object');
  const json = JSON.stringify(value);
  // JSON.stringify writes U+0000 as the escape \u0000, in keys and values alike.
  if (json.includes('\\u0000')) return fail(NUL_MESSAGE);
  if (json.length > maxBytes) return fail(`must be at most ${maxBytes} bytes of JSON`);
  return ok(value as Record<string, unknown>);
}

const EARLIEST = Date.UTC(1990, 0, 1);
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

/**
 * A timestamp. Text without a zone ("2011-12-09 12:50:00") is read as UTC so imports are reproducible on any
 * machine; events dated before 1990 or more than a day ahead of now are refused as clock or parsing errors.
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
  if (t < EARLIEST) return fail('is before 1990-01-01');
  if (t > now + FUTURE_SLACK_MS) return fail('is more than 24 hours in the future');
  return ok(d);
}

/** ISO 8601 text to a Date; without a zone it is UTC (never the machine's local time). Invalid text gives NaN. */
export function parseTimestamp(text: string): Date {
  const s = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return new Date(Number.NaN);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return new Date(`${s}T00:00:00Z`);
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(s);
  return new Date(zoned ? s : `${s.replace(' ', 'T')}Z`);
}
