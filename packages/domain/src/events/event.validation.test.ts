// validateEvent: ids, type (case-insensitive), sku or query by type, integer quantity within int4, and a
// timestamp between 1990 and a day ahead, read as UTC when it has no zone; each error names index and field.

import { describe, expect, it } from 'vitest';
import { EVENT_LIMITS, validateEvent, type EventRecord } from './event.validation.ts';

const NOW = Date.UTC(2026, 0, 15, 12);
const view = { eventId: 'e1', sessionId: 's1', type: 'VIEW', sku: 'mug', occurredAt: '2026-01-15T10:00:00Z' };

const errorOf = (raw: Record<string, unknown>, index = 0, coerce = false) => {
  const r = validateEvent(raw, index, NOW, coerce);
  return r.ok ? null : r.error;
};

describe('validateEvent', () => {
  it('turns a row into an EventRecord with trimmed ids, an upper-case type and a Date', () => {
    expect(validateEvent({ ...view, eventId: ' e1 ', type: ' view ', userId: 'u7' }, 0, NOW)).toEqual({
      ok: true,
      value: {
        eventId: 'e1',
        sessionId: 's1',
        userId: 'u7',
        type: 'VIEW',
        sku: 'mug',
        query: null,
        quantity: null,
        occurredAt: new Date('2026-01-15T10:00:00Z'),
      },
    });
  });

  it('names the index and field of the first problem', () => {
    expect(errorOf({ ...view, eventId: undefined }, 5)).toEqual({
      index: 5,
      field: 'eventId',
      message: 'eventId is required',
    });
    expect(errorOf({ ...view, sessionId: '' })).toMatchObject({ field: 'sessionId' });
    expect(errorOf({ ...view, type: 'LIKE' })).toEqual({
      index: 0,
      field: 'type',
      message: 'type must be one of VIEW, ADD_TO_CART, PURCHASE, SEARCH, CLICK, got "LIKE"',
    });
    expect(errorOf({ ...view, type: undefined })).toMatchObject({ message: /got null$/ });
    expect(errorOf({ ...view, sku: ' ' })).toEqual({
      index: 0,
      field: 'sku',
      message: 'sku is required for a VIEW event',
    });
    expect(errorOf({ ...view, type: 'SEARCH', sku: null })).toEqual({
      index: 0,
      field: 'query',
      message: 'query is required for a SEARCH event',
    });
    expect(validateEvent({ ...view, type: 'search', sku: null, query: 'red mug' }, 0, NOW).ok).toBe(true);
  });

  it('keeps limits inclusive on ids, sku and query', () => {
    expect(validateEvent({ ...view, eventId: 'e'.repeat(EVENT_LIMITS.id) }, 0, NOW).ok).toBe(true);
    expect(errorOf({ ...view, eventId: 'e'.repeat(EVENT_LIMITS.id + 1) })).toMatchObject({ field: 'eventId' });
    expect(errorOf({ ...view, userId: 'u'.repeat(EVENT_LIMITS.id + 1) })).toMatchObject({ field: 'userId' });
    expect(errorOf({ ...view, sku: 's'.repeat(EVENT_LIMITS.sku + 1) })).toMatchObject({ field: 'sku' });
    expect(errorOf({ ...view, query: 'q'.repeat(EVENT_LIMITS.query + 1) })).toMatchObject({ field: 'query' });
  });

  it('takes an integer quantity that fits int4, as text only when coercing', () => {
    const purchase = { ...view, type: 'PURCHASE' };
    expect(validateEvent({ ...purchase, quantity: -2 }, 0, NOW)).toMatchObject({ value: { quantity: -2 } });
    expect(validateEvent({ ...purchase, quantity: ' 3 ' }, 0, NOW, true)).toMatchObject({ value: { quantity: 3 } });
    expect(errorOf({ ...purchase, quantity: '3' })).toMatchObject({
      field: 'quantity',
      message: 'quantity must be a number',
    });
    expect(errorOf({ ...purchase, quantity: 2.5 })).toMatchObject({ field: 'quantity', message: /integer/ });
    expect(validateEvent({ ...purchase, quantity: EVENT_LIMITS.quantityMax }, 0, NOW).ok).toBe(true);
    expect(validateEvent({ ...purchase, quantity: EVENT_LIMITS.quantityMin }, 0, NOW).ok).toBe(true);
    expect(errorOf({ ...purchase, quantity: '10000000000' }, 0, true)).toMatchObject({ field: 'quantity' });
    expect(errorOf({ ...purchase, quantity: EVENT_LIMITS.quantityMin - 1 })).toMatchObject({ field: 'quantity' });
  });

  it('reads a zoneless timestamp as UTC and accepts Dates and epoch milliseconds', () => {
    const at = (occurredAt: unknown) => {
      const r = validateEvent({ ...view, occurredAt }, 0, NOW);
      return r.ok ? r.value.occurredAt.toISOString() : r.error.message;
    };
    expect(at('2011-12-09 12:50:00')).toBe('2011-12-09T12:50:00.000Z');
    expect(at('2011-12-09')).toBe('2011-12-09T00:00:00.000Z');
    expect(at('2011-12-09T12:50:00+02:00')).toBe('2011-12-09T10:50:00.000Z');
    expect(at(new Date(Date.UTC(2020, 1, 2)))).toBe('2020-02-02T00:00:00.000Z');
    expect(at(Date.UTC(2020, 1, 2))).toBe('2020-02-02T00:00:00.000Z');
  });

  it('refuses timestamps before 1970, more than a day ahead, or unreadable', () => {
    const day = 24 * 3600 * 1000;
    expect(validateEvent({ ...view, occurredAt: new Date(NOW + day) }, 0, NOW).ok).toBe(true);
    expect(errorOf({ ...view, occurredAt: new Date(NOW + day + 1) })).toEqual({
      index: 0,
      field: 'occurredAt',
      message: 'occurredAt is more than 24 hours in the future',
    });
    expect(errorOf({ ...view, occurredAt: '1969-12-31T23:59:59Z' })).toMatchObject({
      message: 'occurredAt is before 1970-01-01',
    });
    expect(validateEvent({ ...view, occurredAt: '1970-01-01T00:00:00Z' }, 0, NOW).ok).toBe(true);
    expect(errorOf({ ...view, occurredAt: 'yesterday' })).toMatchObject({ message: /ISO 8601.*"yesterday"/ });
    expect(errorOf({ ...view, occurredAt: new Date(Number.NaN) })).toMatchObject({ message: /an invalid date/ });
    expect(errorOf({ ...view, occurredAt: undefined })).toMatchObject({ message: 'occurredAt is required' });
  });

  it('refuses dates that are not on the calendar instead of rolling them over, and non-ISO forms', () => {
    for (const text of [
      '2025-02-30',
      '2025-02-29T10:00:00Z',
      '2024-13-01',
      '2024-04-31 10:00',
      '2024-01-01T24:00:00Z',
      '2024-01-01T10:60',
      '2024-01-01T10:00:61Z',
      '2024-1-1',
      '2024-01-01T10:00:00+25:00',
      '12/09/2011 12:50',
    ]) {
      expect(errorOf({ ...view, occurredAt: text })).toMatchObject({ field: 'occurredAt', message: /ISO 8601/ });
    }
    const at = (t: string) => (validateEvent({ ...view, occurredAt: t }, 0, NOW) as { value: EventRecord }).value;
    expect(at('2024-02-29').occurredAt.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(at('2011-12-09 12:50:00.5').occurredAt.toISOString()).toBe('2011-12-09T12:50:00.500Z');
    expect(at('2011-12-09T12:50-0130').occurredAt.toISOString()).toBe('2011-12-09T14:20:00.000Z');
  });

  it('refuses control characters in identifiers, and a quantity written in hex', () => {
    expect(errorOf({ ...view, sessionId: 'a\u0007b' })).toMatchObject({
      field: 'sessionId',
      message: 'sessionId must not contain control characters',
    });
    expect(errorOf({ ...view, sku: 'a\rb' })).toMatchObject({ field: 'sku' });
    expect(validateEvent({ ...view, sku: 'abc\r' }, 0, NOW)).toMatchObject({ ok: true, value: { sku: 'abc' } });
    expect(validateEvent({ ...view, type: 'PURCHASE', quantity: '0x10' }, 0, NOW, true)).toMatchObject({
      ok: false,
      error: { field: 'quantity', message: /must be a number, got "0x10"/ },
    });
    expect(validateEvent({ ...view, type: 'PURCHASE', quantity: ' 16 ' }, 0, NOW, true)).toMatchObject({
      ok: true,
      value: { quantity: 16 },
    });
  });

  it('refuses NUL characters, which the event log cannot store', () => {
    expect(errorOf({ ...view, sessionId: 's\u0000' }, 2)).toEqual({
      index: 2,
      field: 'sessionId',
      message: 'sessionId must not contain NUL (U+0000) characters',
    });
  });
});
