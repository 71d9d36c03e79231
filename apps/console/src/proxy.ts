// An early check before any page renders: without a valid session cookie, pages answer with a plain HTTP
// redirect to the sign-in page. (Pages still check the session themselves; the API checks the key.)
import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE, openSession } from './lib/session-cookie.ts';

export function proxy(request: NextRequest): NextResponse {
  if (openSession(request.cookies.get(SESSION_COOKIE)?.value)) return NextResponse.next();
  if (request.method !== 'GET' && request.method !== 'HEAD') return NextResponse.next();
  return NextResponse.redirect(new URL('/sign-in', request.url));
}

export const config = {
  // Everything except the sign-in page, Next's own files and the upload route (which answers 401 itself).
  matcher: ['/((?!sign-in|_next/|favicon.ico|shops/[^/]+/imports/upload).*)'],
};
