import { describe, expect, it } from 'vitest';
import {
  durationBetween,
  formatCompact,
  formatDateTime,
  formatDay,
  formatDecimal,
  formatDuration,
  formatInteger,
  formatLift,
  formatMoney,
  formatPValue,
  formatPercent,
  localeFromAcceptLanguage,
} from './format.ts';

describe('formatting', () => {
  it('formats integers with the locale’s grouping and a dash for missing values', () => {
    expect(formatInteger(1234567, 'en-GB')).toBe('1,234,567');
    expect(formatInteger(1234567, 'de-DE')).toBe('1.234.567');
    expect(formatInteger(null, 'en-GB')).toBe('—');
    expect(formatInteger(Number.NaN, 'en-GB')).toBe('—');
  });

  it('shortens only large counts', () => {
    expect(formatCompact(9999, 'en-GB')).toBe('9,999');
    expect(formatCompact(495_478, 'en-GB')).toBe('495.5k');
    expect(formatCompact(2_500_000, 'en-US')).toBe('2.5M');
  });

  it('formats fractions as percentages and lifts with a sign', () => {
    expect(formatPercent(0.01234, 'en-GB')).toBe('1.23%');
    expect(formatPercent(0.5, 'en-GB', 0)).toBe('50%');
    expect(formatLift(0.125, 'en-GB')).toBe('+12.5%');
    expect(formatLift(-0.08, 'en-GB')).toBe('-8.0%');
    expect(formatLift(0, 'en-GB')).toBe('0.0%');
    expect(formatLift(null, 'en-GB')).toBe('—');
  });

  it('formats p-values with a floor', () => {
    expect(formatPValue(0.0423, 'en-GB')).toBe('0.042');
    expect(formatPValue(0.00001, 'en-GB')).toBe('< 0.001');
    expect(formatPValue(1.2, 'en-GB')).toBe('1.000');
    expect(formatPValue(0.5, 'de-DE')).toBe('0,500');
  });

  it('formats decimals and money', () => {
    expect(formatDecimal(0.12345, 'en-GB', 3)).toBe('0.123');
    expect(formatMoney(2.55, 'GBP', 'en-GB')).toBe('£2.55');
    expect(formatMoney(2.55, 'EUR', 'de-DE')).toBe('2,55\u00a0€');
    expect(formatMoney(3, 'NOT-A-CURRENCY', 'en-GB')).toBe('3.00 NOT-A-CURRENCY');
  });

  it('formats durations at a readable grain', () => {
    expect(formatDuration(850, 'en-GB')).toBe('850 ms');
    expect(formatDuration(12_400, 'en-GB')).toBe('12.4 s');
    expect(formatDuration(185_000, 'en-GB')).toBe('3 min 05 s');
    expect(formatDuration(7_380_000, 'en-GB')).toBe('2 h 03 min');
    expect(formatDuration(-1, 'en-GB')).toBe('—');
    expect(durationBetween('2024-01-01T00:00:00Z', '2024-01-01T00:00:05Z', 0)).toBe(5000);
    expect(durationBetween('2024-01-01T00:00:00Z', null, Date.parse('2024-01-01T00:01:00Z'))).toBe(60_000);
    expect(durationBetween(null, null, 0)).toBeNull();
  });

  it('formats instants in the locale and time zone, and days without shifting them', () => {
    expect(formatDateTime('2024-03-05T14:30:00Z', 'en-GB', 'UTC')).toBe('5 Mar 2024, 14:30');
    expect(formatDateTime('2024-03-05T14:30:00Z', 'en-US', 'America/New_York')).toBe('Mar 5, 2024, 9:30 AM');
    expect(formatDateTime('not a date', 'en-GB')).toBe('—');
    expect(formatDay('2024-03-05', 'en-GB')).toBe('5 Mar');
    expect(formatDay('2024-03-05', 'en-US')).toBe('Mar 5');
  });

  it('picks the preferred supported locale from Accept-Language', () => {
    expect(localeFromAcceptLanguage('de-DE,de;q=0.9,en;q=0.8')).toBe('de-DE');
    expect(localeFromAcceptLanguage('en;q=0.5, fr-FR;q=0.9')).toBe('fr-FR');
    expect(localeFromAcceptLanguage('*')).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });
});
