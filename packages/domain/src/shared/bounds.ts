// Bounds on the strings storefront calls send and the API keeps (the request log in Redis, tracking rows):
// each is refused with BAD_USER_INPUT naming the field, never truncated or stored as sent. One normalisation
// of skus (normalizeSku) is applied where a sku is written and wherever one is looked up.

import { badInput } from './errors.ts';

export const INPUT_LIMITS = {
  /** Placements name a slot on a page ("home-hero"); experiments are keyed by them. */
  placement: 64,
  sessionId: 200,
  userId: 200,
  query: 500,
  sku: 256,
} as const;

/** C0 controls and DEL; identifiers never hold them (a trailing CR from a CSV is the usual one). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The one form of a sku, on write and on every lookup: surrounding whitespace removed. */
export const normalizeSku = (sku: string): string => sku.trim();

/** An identifier-like string: at most `max` characters, no control characters; null and undefined pass. */
export function boundedId(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (value.length > max) throw badInput(field, `must be at most ${max} characters, got ${value.length}`);
  if (CONTROL.test(value)) throw badInput(field, 'must not contain control characters');
  return value;
}

/** A sku a caller looks up: bounded, then normalised as it was when written. */
export function lookupSku(field: string, sku: string): string {
  return boundedId(field, normalizeSku(sku), INPUT_LIMITS.sku) ?? '';
}

export function lookupSkus(field: string, skus: readonly string[]): string[] {
  return skus.map((sku, i) => lookupSku(`${field}[${i}]`, sku));
}

export const checkPlacement = (placement: string | null | undefined): string | null =>
  boundedId('placement', placement, INPUT_LIMITS.placement);

export interface BoundedSession {
  readonly sessionId?: string | null;
  readonly userId?: string | null;
  readonly skus: readonly string[];
  readonly queries?: readonly string[] | null;
}

/** A storefront session with every string bounded and its skus normalised. */
export function checkSession<S extends BoundedSession>(session: S, field = 'session'): S {
  boundedId(`${field}.sessionId`, session.sessionId, INPUT_LIMITS.sessionId);
  boundedId(`${field}.userId`, session.userId, INPUT_LIMITS.userId);
  (session.queries ?? []).forEach((q, i) => boundedId(`${field}.queries[${i}]`, q, INPUT_LIMITS.query));
  return { ...session, skus: lookupSkus(`${field}.skus`, session.skus) };
}
