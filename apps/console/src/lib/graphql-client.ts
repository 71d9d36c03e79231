// The console's only way to the data: GraphQL over HTTP to the API, with the session's key as the bearer.
// Operations are declared with `operation<Result, Variables>(/* GraphQL */ ...)`; their types are generated
// by GraphQL Code Generator (src/generated/graphql.ts) from the API's SDL.
import { consoleEnv } from './env.ts';

export interface Operation<TResult, TVariables> {
  readonly document: string;
  /** Phantom: carries the generated types; never set. */
  readonly types?: { result: TResult; variables: TVariables };
}

export function operation<TResult, TVariables = Record<string, never>>(
  document: string,
): Operation<TResult, TVariables> {
  return { document };
}

export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR'
  | 'UNAVAILABLE'
  | 'NOT_SUPPORTED';

/** An error answer from the API, reduced to what the console shows. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const KNOWN: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
]);

interface GraphQLErrorBody {
  message?: string;
  extensions?: { code?: string };
}

/**
 * Maps the first GraphQL error to an ApiError. An operation that asks for a field the API does not serve yet
 * (validation "Cannot query field …" / "Unknown argument …") becomes NOT_SUPPORTED, so a page can say
 * "not available yet" instead of failing.
 */
export function toApiError(errors: readonly GraphQLErrorBody[]): ApiError {
  const first = errors[0] ?? {};
  const message = first.message ?? 'The API answered with an error';
  if (/^(Cannot query field|Unknown argument|Unknown type)\b/.test(message))
    return new ApiError('NOT_SUPPORTED', message);
  const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  return new ApiError(KNOWN.has(code) ? (code as ApiErrorCode) : 'INTERNAL_SERVER_ERROR', message);
}

export async function request<TResult, TVariables>(
  key: string,
  op: Operation<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  let res: Response;
  try {
    res = await fetch(consoleEnv().apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: op.document, variables }),
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError('UNAVAILABLE', `The API cannot be reached (${(error as Error).message})`);
  }
  let body: { data?: TResult | null; errors?: GraphQLErrorBody[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError('UNAVAILABLE', `The API answered HTTP ${res.status} without JSON`);
  }
  if (body.errors && body.errors.length > 0) throw toApiError(body.errors);
  if (!body.data) throw new ApiError('INTERNAL_SERVER_ERROR', `The API answered HTTP ${res.status} without data`);
  return body.data;
}

/** The bulk import endpoint's URL for a shop (beside /graphql on the same origin). */
export function bulkImportUrl(shopId: string, kind: 'items' | 'events', params: URLSearchParams): string {
  const url = new URL(`/v1/shops/${encodeURIComponent(shopId)}/imports/${kind}`, consoleEnv().apiUrl);
  for (const [k, v] of params) url.searchParams.set(k, v);
  return url.toString();
}
