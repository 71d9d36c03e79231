// A requestId names the shop it was served for and a random token: `<shopId>.<token>`. Tracking routes by the
// shop without a lookup, and every key it touches is namespaced by tenant and shop. The id is opaque to clients.

import { randomBytes } from 'node:crypto';
import type { RequestLog, ServedRequest } from './tracking.ports.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export function newRequestToken(): string {
  return randomBytes(16).toString('base64url');
}

export function formatRequestId(shopId: string, token: string): string {
  return `${shopId}.${token}`;
}

/** The parts of a well-formed requestId, or null (a malformed id is simply an unknown one). */
export function parseRequestId(requestId: string): { shopId: string; token: string } | null {
  const dot = requestId.indexOf('.');
  if (dot < 0) return null;
  const shopId = requestId.slice(0, dot);
  const token = requestId.slice(dot + 1);
  return UUID.test(shopId) && TOKEN.test(token) ? { shopId, token } : null;
}

/**
 * The requestId of a list served while the request log (Redis) was unavailable: answered all the same, but
 * nothing can be tracked against it, and tracking calls that quote it say so.
 */
export const UNTRACKED_PREFIX = 'untracked.';

export const formatUntrackedId = (token: string): string => `${UNTRACKED_PREFIX}${token}`;

/**
 * Remembers a served list, or says it could not: serving degrades to an untracked answer instead of failing
 * (or hanging) when the request log cannot be written. Returns the requestId to answer with.
 */
export async function rememberServed(
  log: RequestLog | undefined,
  request: ServedRequest,
  onFailure?: (error: unknown) => void,
): Promise<string> {
  try {
    await log?.remember(request);
    return formatRequestId(request.shopId, request.token);
  } catch (error) {
    onFailure?.(error);
    return formatUntrackedId(request.token);
  }
}
