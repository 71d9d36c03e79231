// Validation of one event row, shared by ingestEvents and the bulk importer.

import type { RowError } from '../shared/row-error.ts';
import { optionalNumber, optionalString, requiredString, timestamp } from '../shared/fields.ts';
import type { Validated } from '../catalog/item.validation.ts';

export const EVENT_TYPES = ['VIEW', 'ADD_TO_CART', 'PURCHASE', 'SEARCH', 'CLICK'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventRecord {
  readonly eventId: string;
  readonly sessionId: string;
  readonly userId: string | null;
  readonly type: EventType;
  readonly sku: string | null;
  readonly query: string | null;
  readonly quantity: number | null;
  readonly occurredAt: Date;
}

/** Quantities are stored as int4. */
export const EVENT_LIMITS = {
  id: 200,
  sku: 256,
  query: 500,
  quantityMin: -2_147_483_648,
  quantityMax: 2_147_483_647,
} as const;

const TYPES = new Set<string>(EVENT_TYPES);

const err = (index: number, field: string, message: string): Validated<EventRecord> => ({
  ok: false,
  error: { index, field, message: `${field} ${message}` } satisfies RowError,
});

export function validateEvent(
  raw: Record<string, unknown>,
  index: number,
  now: number,
  coerce = false,
): Validated<EventRecord> {
  const eventId = requiredString(raw['eventId'], EVENT_LIMITS.id, 'id');
  if (!eventId.ok) return err(index, 'eventId', eventId.message);
  const sessionId = requiredString(raw['sessionId'], EVENT_LIMITS.id, 'id');
  if (!sessionId.ok) return err(index, 'sessionId', sessionId.message);
  const userId = optionalString(raw['userId'], EVENT_LIMITS.id, 'id');
  if (!userId.ok) return err(index, 'userId', userId.message);
  const rawType = typeof raw['type'] === 'string' ? raw['type'].trim().toUpperCase() : raw['type'];
  if (typeof rawType !== 'string' || !TYPES.has(rawType)) {
    return err(index, 'type', `must be one of ${EVENT_TYPES.join(', ')}, got ${JSON.stringify(raw['type'] ?? null)}`);
  }
  const type = rawType as EventType;
  const sku = optionalString(raw['sku'], EVENT_LIMITS.sku, 'id');
  if (!sku.ok) return err(index, 'sku', sku.message);
  const query = optionalString(raw['query'], EVENT_LIMITS.query);
  if (!query.ok) return err(index, 'query', query.message);
  if (type === 'SEARCH') {
    if (query.value === null) return err(index, 'query', 'is required for a SEARCH event');
  } else if (sku.value === null) {
    return err(index, 'sku', `is required for a ${type} event`);
  }
  const quantity = optionalNumber(raw['quantity'], coerce, {
    integer: true,
    min: EVENT_LIMITS.quantityMin,
    max: EVENT_LIMITS.quantityMax,
  });
  if (!quantity.ok) return err(index, 'quantity', quantity.message);
  const occurredAt = timestamp(raw['occurredAt'], now);
  if (!occurredAt.ok) return err(index, 'occurredAt', occurredAt.message);
  return {
    ok: true,
    value: {
      eventId: eventId.value,
      sessionId: sessionId.value,
      userId: userId.value,
      type,
      sku: sku.value,
      query: query.value,
      quantity: quantity.value,
      occurredAt: occurredAt.value,
    },
  };
}
