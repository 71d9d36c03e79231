// A requestId names the shop it was served for and a random token: `<shopId>.<token>`. Tracking routes by the
// shop without a lookup, and every key it touches is namespaced by tenant and shop. The id is opaque to clients.

import { randomBytes } from 'node:crypto';

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
