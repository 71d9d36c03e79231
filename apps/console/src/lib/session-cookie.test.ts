import { describe, expect, it } from 'vitest';
import { openSession, sealSession } from './session-cookie.ts';

describe('session cookie', () => {
  const session = {
    role: 'tenant',
    key: 'sk_live_secret',
    tenantId: 't',
    tenantName: 'T',
    expiresAt: Date.now() + 60_000,
  } as const;

  it('round-trips without the key readable in the cookie', () => {
    const sealed = sealSession(session);
    expect(sealed).not.toContain('sk_live');
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('sk_live');
    expect(openSession(sealed)).toEqual(session);
  });

  it('refuses a tampered, truncated or expired cookie', () => {
    const sealed = sealSession(session);
    const raw = Buffer.from(sealed, 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(openSession(raw.toString('base64url'))).toBeNull();
    expect(openSession(sealed.slice(0, 20))).toBeNull();
    expect(openSession('')).toBeNull();
    expect(openSession(sealed, session.expiresAt + 1)).toBeNull();
  });
});
