// The signed-in key, kept server-side: the cookie holds it encrypted and authenticated (see session-cookie.ts),
// httpOnly and SameSite=Lax, so browser JavaScript never sees the key and a tampered cookie is no session.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { consoleEnv } from './env.ts';
import { MAX_AGE_SECONDS, SESSION_COOKIE, openSession, sealSession, type Session } from './session-cookie.ts';

export { SESSION_COOKIE, type Session } from './session-cookie.ts';

export async function currentSession(): Promise<Session | null> {
  return openSession((await cookies()).get(SESSION_COOKIE)?.value);
}

/** The session, or a redirect to the sign-in page. */
export async function requireSession(): Promise<Session> {
  const session = await currentSession();
  if (!session) redirect('/sign-in');
  return session;
}

type NewSession = Session extends infer S ? (S extends Session ? Omit<S, 'expiresAt'> : never) : never;

export async function startSession(session: NewSession): Promise<void> {
  const expiresAt = Date.now() + MAX_AGE_SECONDS * 1000;
  (await cookies()).set(SESSION_COOKIE, sealSession({ ...session, expiresAt } as Session), {
    httpOnly: true,
    sameSite: 'lax',
    secure: consoleEnv().secureCookies,
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
}

export async function endSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

/** Tenant pages: an operator session is sent to the tenants page (the operator token cannot read shops). */
export async function requireTenantSession(): Promise<Extract<Session, { role: 'tenant' }>> {
  const session = await requireSession();
  if (session.role !== 'tenant') redirect('/tenants?tenantOnly=1');
  return session;
}

export async function requireOperatorSession(): Promise<Extract<Session, { role: 'operator' }>> {
  const session = await requireSession();
  if (session.role !== 'operator') redirect('/shops');
  return session;
}
