// POST /v1/track: impressions or a click from `navigator.sendBeacon`, which can send neither headers nor
// preflighted content types. The body is JSON sent as text/plain: {"key": "pk_…", "requestId": "…",
// "impressions": ["sku", …]} or {"key": …, "requestId": …, "click": "sku"}; the key may also come as a
// bearer header. Only a publishable key is accepted in a body (a secret key must never sit in a page).
// Same checks, idempotency and write-ahead as trackImpressions / trackClick; 204 once recorded.

import type { Principal } from '@shopspace/domain';
import { badInput, forbidden } from '@shopspace/domain';
import type { Services } from '../graphql/context.ts';

export const BEACON_PATH = '/v1/track';
/** A beacon carries at most a list's worth of skus; anything bigger is not a beacon. */
export const MAX_BEACON_BYTES = 64 * 1024;

export interface BeaconBody {
  readonly key?: string;
  readonly requestId: string;
  readonly impressions?: string[];
  readonly click?: string;
}

/** Validates the beacon's JSON, naming the field at fault. */
export function parseBeacon(text: string): BeaconBody {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badInput('body', 'must be JSON: {"key", "requestId", "impressions": [skus]} or {..., "click": sku}');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badInput('body', 'must be a JSON object');
  const o = raw as Record<string, unknown>;
  if (typeof o.requestId !== 'string' || o.requestId.length === 0) throw badInput('requestId', 'a string is required');
  if (o.key !== undefined && typeof o.key !== 'string') throw badInput('key', 'must be a string');
  const hasImpressions = o.impressions !== undefined;
  const hasClick = o.click !== undefined;
  if (hasImpressions === hasClick) throw badInput('body', 'give exactly one of "impressions" or "click"');
  if (hasImpressions) {
    if (!Array.isArray(o.impressions)) throw badInput('impressions', 'must be an array of skus');
    o.impressions.forEach((s, i) => {
      if (typeof s !== 'string') throw badInput(`impressions[${i}]`, 'must be a string');
    });
    return { ...(o.key ? { key: o.key } : {}), requestId: o.requestId, impressions: o.impressions as string[] };
  }
  if (typeof o.click !== 'string') throw badInput('click', 'must be a sku string');
  return { ...(o.key ? { key: o.key } : {}), requestId: o.requestId, click: o.click };
}

/** The key to authenticate with: the body's (publishable only) or else the bearer header's. */
export function beaconToken(body: BeaconBody, bearer: string | null): string | null {
  if (body.key !== undefined) {
    if (!body.key.startsWith('pk_')) throw forbidden('only a publishable key (pk_…) may be sent in a beacon body');
    return body.key;
  }
  return bearer;
}

export async function recordBeacon(services: Services, principal: Principal, body: BeaconBody): Promise<void> {
  if (body.impressions) await services.tracking.trackImpressions(principal, body.requestId, body.impressions);
  else if (body.click !== undefined) await services.tracking.trackClick(principal, body.requestId, body.click);
}
