// Number, percentage, duration and date formatting for the console, in the viewer's locale. Pure: the
// locale comes in as an argument (from Accept-Language on the server, the browser's own on the client).

export type Locale = string | undefined;

/** The first acceptable locale from an Accept-Language header, or undefined for the runtime default. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return undefined;
  const candidates = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((c) => c.tag !== '' && c.tag !== '*' && c.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of candidates) {
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf([tag]);
      if (supported) return supported;
    } catch {
      // a malformed tag: try the next one
    }
  }
  return undefined;
}

const DASH = '—';

export function formatInteger(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Large counts in short form (12.3K, 4.5M) for tight places; exact below 10,000. */
export function formatCompact(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (Math.abs(value) < 10_000) return formatInteger(value, locale);
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

export function formatDecimal(value: number | null | undefined, locale: Locale, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A fraction (0.0123) as a percentage ("1.23%"). */
export function formatPercent(value: number | null | undefined, locale: Locale, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A relative change (0.125) as a signed percentage ("+12.5%"). */
export function formatLift(value: number | null | undefined, locale: Locale, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A p-value: "< 0.001" when tiny, three decimals otherwise. */
export function formatPValue(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value < 0.001) return `< ${formatDecimal(0.001, locale, 3)}`;
  return formatDecimal(Math.min(value, 1), locale, 3);
}

export function formatMoney(value: number | null | undefined, currency: string, locale: Locale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
  } catch {
    return `${formatDecimal(value, locale, 2)} ${currency}`;
  }
}

/** Milliseconds as "850 ms", "12.4 s", "3 min 05 s", "2 h 03 min". */
export function formatDuration(ms: number | null | undefined, locale: Locale): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < 1000) return `${formatInteger(ms, locale)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(s)} s`;
  const totalSeconds = Math.round(s);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The duration between two ISO timestamps, or up to `now` while the second is missing. */
export function durationBetween(
  from: string | null | undefined,
  to: string | null | undefined,
  now: number,
): number | null {
  if (!from) return null;
  const start = Date.parse(from);
  const end = to ? Date.parse(to) : now;
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null;
}

export function formatDateTime(iso: string | null | undefined, locale: Locale, timeZone?: string): string {
  if (!iso) return DASH;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return DASH;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(t);
}

/** A calendar day "2024-03-05" (no time zone: it is a date, not an instant) as "5 Mar" / "Mar 5". */
export function formatDay(day: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}
