// Sealing and opening the session cookie: the session (role and key) as JSON, encrypted and authenticated
// with AES-256-GCM under a key derived from CONSOLE_SESSION_SECRET. No Next.js imports, so the proxy can use it.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { consoleEnv } from './env.ts';

export const SESSION_COOKIE = 'shopspace_session';
export const MAX_AGE_SECONDS = 12 * 60 * 60;

export type Session =
  | { readonly role: 'operator'; readonly key: string; readonly expiresAt: number }
  | {
      readonly role: 'tenant';
      readonly key: string;
      readonly tenantId: string;
      readonly tenantName: string;
      readonly expiresAt: number;
    };

let processKey: Buffer | null = null;

function cookieKey(): Buffer {
  const secret = consoleEnv().sessionSecret;
  if (secret) return createHash('sha256').update(`shopspace-console-session:${secret}`).digest();
  // Without a configured secret, sessions last as long as this process.
  processKey ??= randomBytes(32);
  return processKey;
}

export function sealSession(session: Session): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cookieKey(), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(session), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openSession(value: string | undefined, now = Date.now()): Session | null {
  if (!value) return null;
  try {
    const raw = Buffer.from(value, 'base64url');
    if (raw.length < 29) return null;
    const decipher = createDecipheriv('aes-256-gcm', cookieKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const session = JSON.parse(text) as Session;
    if (typeof session.expiresAt !== 'number' || session.expiresAt < now) return null;
    return session;
  } catch {
    return null;
  }
}
