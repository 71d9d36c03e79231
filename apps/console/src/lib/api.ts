// Calls with the signed-in session's key, for server components, server actions and route handlers.
import { notFound, redirect } from 'next/navigation';
import { ApiError, request, type Operation } from './graphql-client.ts';
import { endSession, requireSession, type Session } from './session.ts';

export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiError };

/** Runs an operation with the session's key; an error comes back as a value. */
export async function query<TResult, TVariables>(
  op: Operation<TResult, TVariables>,
  variables: TVariables,
  session?: Session,
): Promise<Result<TResult>> {
  const s = session ?? (await requireSession());
  try {
    return { ok: true, data: await request(s.key, op, variables) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error };
    throw error;
  }
}

/**
 * For pages: the data, or Next's not-found page when the API says NOT_FOUND (another tenant's object looks
 * the same as a missing one), or the sign-in page when the key stopped working (revoked).
 */
export async function load<TResult, TVariables>(
  op: Operation<TResult, TVariables>,
  variables: TVariables,
): Promise<Result<TResult>> {
  const r = await query(op, variables);
  if (!r.ok && r.error.code === 'NOT_FOUND') notFound();
  if (!r.ok && r.error.code === 'UNAUTHENTICATED') {
    await endSession().catch(() => undefined);
    redirect('/sign-in?expired=1');
  }
  return r;
}

export async function mutate<TResult, TVariables>(
  op: Operation<TResult, TVariables>,
  variables: TVariables,
): Promise<Result<TResult>> {
  return query(op, variables);
}
