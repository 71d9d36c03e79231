// Streams a file from the browser to the API's bulk import endpoint with the session's key, so the key
// stays on the server. The custom header keeps plain cross-site forms out (they cannot set it without CORS).
import { bulkImportUrl } from '../../../../../lib/graphql-client.ts';
import { currentSession } from '../../../../../lib/session.ts';

const ALLOWED = ['format', 'preset', 'where', 'source'] as const;

export async function POST(request: Request, { params }: { params: Promise<{ shopId: string }> }): Promise<Response> {
  const session = await currentSession();
  if (!session || session.role !== 'tenant')
    return Response.json({ error: 'Sign in with a secret key.' }, { status: 401 });
  if (request.headers.get('x-shopspace-console') !== 'upload')
    return Response.json({ error: 'Uploads come from the console’s own page.' }, { status: 403 });
  const { shopId } = await params;
  const url = new URL(request.url);
  const kind = url.searchParams.get('kind');
  if (kind !== 'items' && kind !== 'events')
    return Response.json({ error: 'kind must be items or events' }, { status: 400 });
  const forward = new URLSearchParams();
  for (const name of ALLOWED) {
    const v = url.searchParams.get(name);
    if (v) forward.set(name, v);
  }
  for (const [name, v] of url.searchParams) if (name.startsWith('map.')) forward.set(name, v);
  if (!request.body) return Response.json({ error: 'The file is empty.' }, { status: 400 });
  try {
    const res = await fetch(bulkImportUrl(shopId, kind, forward), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${session.key}`,
        'content-type': request.headers.get('content-type') ?? 'application/octet-stream',
      },
      body: request.body,
      duplex: 'half',
      cache: 'no-store',
    } as RequestInit & { duplex: 'half' });
    const text = await res.text();
    return new Response(text, { status: res.status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  } catch (error) {
    return Response.json({ error: `The API cannot be reached (${(error as Error).message})` }, { status: 502 });
  }
}
