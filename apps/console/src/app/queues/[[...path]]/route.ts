// The job queues' dashboard (bull-board, served by the API at /ops/queues for the operator token) for the
// signed-in operator: this route forwards each request with the operator's token, which stays server-side.
// Anyone else gets 403.
import { consoleEnv } from '../../../lib/env.ts';
import { currentSession } from '../../../lib/session.ts';

async function forward(request: Request, context: { params: Promise<{ path?: string[] }> }): Promise<Response> {
  const session = await currentSession();
  if (session?.role !== 'operator')
    return new Response('The queue dashboard is for the operator: sign in with the operator token.', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  const { path = [] } = await context.params;
  const api = new URL(consoleEnv().apiUrl);
  const target = new URL(`/ops/queues/${path.map(encodeURIComponent).join('/')}`, api);
  target.search = new URL(request.url).search;
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  const upstream = await fetch(target, {
    method: request.method,
    headers: {
      authorization: `Bearer ${session.key}`,
      ...(request.headers.get('content-type') ? { 'content-type': request.headers.get('content-type') ?? '' } : {}),
    },
    ...(body ? { body } : {}),
    redirect: 'manual',
  });
  const headers = new Headers();
  for (const name of ['content-type', 'cache-control', 'location', 'etag', 'last-modified']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers });
}

export const GET = forward;
export const POST = forward;
export const PUT = forward;
export const DELETE = forward;
export const dynamic = 'force-dynamic';
