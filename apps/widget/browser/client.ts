// The widget's calls to the Shopspace API, with a publishable key only: the autocomplete query over GraphQL, and
// impressions and clicks through the POST /v1/track beacon (navigator.sendBeacon: no headers, text/plain JSON,
// survives the page unloading), falling back to the trackImpressions / trackClick mutations.

import type { SessionState } from './session.ts';

export interface ClientConfig {
  /** The API's origin, e.g. https://api.example.com. */
  readonly endpoint: string;
  readonly key: string;
  readonly shopId: string;
  readonly placement?: string | undefined;
  readonly userId?: string | undefined;
}

export interface SuggestionAnswer {
  readonly text: string;
  /** Server-escaped HTML with the matched part in <b>…</b>, safe as innerHTML. */
  readonly highlight: string | null;
  readonly trackingId: string;
}

export interface ItemAnswer {
  readonly item: { readonly sku: string; readonly title: string; readonly price: number | null };
}

export interface AutocompleteAnswer {
  readonly requestId: string;
  readonly variant: string | null;
  readonly suggestions: SuggestionAnswer[];
  readonly items: ItemAnswer[];
}

const FIELDS = '{requestId variant suggestions{text highlight trackingId} items{item{sku title price}}}';
const QUERY = `query($s:ID!,$p:String!,$x:SessionInput,$n:Int){a:autocomplete(shopId:$s,prefix:$p,session:$x,first:$n)${FIELDS}}`;
const QUERY_PLACED = `query($s:ID!,$p:String!,$x:SessionInput,$n:Int,$l:String){a:autocompleteFor(shopId:$s,prefix:$p,session:$x,first:$n,placement:$l)${FIELDS}}`;

interface GraphQLBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function graphql<T>(config: ClientConfig, query: string, variables: object, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${config.endpoint}/graphql`, {
    ...init,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLBody<T>;
  const error = body.errors?.[0];
  if (error || !body.data) {
    throw new Error(error ? `${error.extensions?.code ?? 'ERROR'}: ${error.message}` : `HTTP ${response.status}`);
  }
  return body.data;
}

export async function fetchAutocomplete(
  config: ClientConfig,
  prefix: string,
  first: number,
  session: SessionState,
  signal: AbortSignal,
): Promise<AutocompleteAnswer> {
  const variables = {
    s: config.shopId,
    p: prefix,
    n: first,
    x: {
      sessionId: session.id,
      skus: session.skus,
      queries: session.queries,
      ...(config.userId ? { userId: config.userId } : {}),
    },
    ...(config.placement ? { l: config.placement } : {}),
  };
  const data = await graphql<{ a: AutocompleteAnswer }>(config, config.placement ? QUERY_PLACED : QUERY, variables, {
    signal,
  });
  return data.a;
}

export type Tracking = { readonly impressions: readonly string[] } | { readonly click: string };

/** Sends impressions or a click of a served answer; never throws (tracking must not break the storefront). */
export function sendTracking(config: ClientConfig, requestId: string, tracking: Tracking): void {
  const body = JSON.stringify({ key: config.key, requestId, ...tracking });
  try {
    // A string body goes as text/plain: no preflight, and the browser delivers it even as the page unloads.
    if (typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(`${config.endpoint}/v1/track`, body)) {
      return;
    }
  } catch {
    // fall back below
  }
  const mutation =
    'click' in tracking
      ? graphql(
          config,
          'mutation($r:ID!,$s:String!){trackClick(requestId:$r,sku:$s)}',
          {
            r: requestId,
            s: tracking.click,
          },
          { keepalive: true },
        )
      : graphql(
          config,
          'mutation($r:ID!,$s:[String!]!){trackImpressions(requestId:$r,skus:$s)}',
          {
            r: requestId,
            s: tracking.impressions,
          },
          { keepalive: true },
        );
  mutation.catch(() => undefined);
}
