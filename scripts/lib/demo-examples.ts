// The examples `pnpm start` prints (and the README shows), each run once against the demo after seeding, so the
// start says, for every one, whether it answered with data: no CONFLICT, no empty list.

export interface DemoIds {
  readonly apiUrl: string;
  readonly secretKey: string;
  readonly publishableKey: string;
  readonly uk: string;
  readonly eu: string;
  readonly experimentId: string | null;
}

export interface Example {
  readonly name: string;
  readonly key: 'secret' | 'publishable';
  readonly query: string;
  /** How many results the answer holds (0 = no data). */
  count(data: Record<string, unknown>): number;
}

const BASKET = '["85123A", "71053"]';
const len = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
const items = (field: string) => (d: Record<string, unknown>) => len((d[field] as { items?: unknown })?.items);

export function demoExamples(ids: DemoIds): Example[] {
  const list: Example[] = [
    {
      name: 'shops with their active models',
      key: 'secret',
      query: '{ shops { handle itemCount eventCount activeModel { id } } }',
      count: (d) => len(d['shops']),
    },
    {
      name: 'next items for a uk basket',
      key: 'publishable',
      query: `{ sessionRecommendations(shopId: "${ids.uk}", session: { skus: ${BASKET} }, first: 5) { items { score reason item { sku title } } } }`,
      count: items('sessionRecommendations'),
    },
    {
      name: 'recommendations for a uk shopper',
      key: 'publishable',
      query: `{ userRecommendations(shopId: "${ids.uk}", userId: "17850", first: 5) { items { score reason item { sku title } } } }`,
      count: items('userRecommendations'),
    },
    {
      name: 'similar items for a product page',
      key: 'publishable',
      query: `{ similarItems(shopId: "${ids.uk}", sku: "85123A", first: 5) { items { score item { sku title } } } }`,
      count: items('similarItems'),
    },
    {
      name: 'the eu twins of a uk item',
      key: 'publishable',
      query: `{ twins(shopId: "${ids.uk}", sku: "85123A", toShopId: "${ids.eu}", first: 3) { items { score item { sku title } } } }`,
      count: items('twins'),
    },
    {
      name: 'eu items for a uk session',
      key: 'publishable',
      query: `{ crossShopRecommendations(fromShopId: "${ids.uk}", toShopId: "${ids.eu}", session: { skus: ${BASKET} }, first: 5) { items { reason item { sku title } } } }`,
      count: items('crossShopRecommendations'),
    },
    {
      name: 'search autocomplete for "hea"',
      key: 'publishable',
      query: `{ autocomplete(shopId: "${ids.uk}", prefix: "hea", session: { skus: ["85123A"] }) { suggestions { text } items { item { sku } } } }`,
      count: (d) => len((d['autocomplete'] as { suggestions?: unknown })?.suggestions),
    },
  ];
  if (ids.experimentId)
    list.push({
      name: 'the running experiment’s results',
      key: 'secret',
      query: `{ experiment(id: "${ids.experimentId}") { name status results { key impressions clicks ctr liftVsControl pValue } } }`,
      count: (d) => {
        const results = ((d['experiment'] as { results?: Array<{ impressions: number }> })?.results ?? []).filter(
          (r) => r.impressions > 0,
        );
        return results.length;
      },
    });
  return list;
}

/** Runs an example; its count, or the error it answered. */
export async function runExample(ids: DemoIds, example: Example): Promise<{ count: number; error?: string }> {
  const res = await fetch(`${ids.apiUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${example.key === 'secret' ? ids.secretKey : ids.publishableKey}`,
    },
    body: JSON.stringify({ query: example.query }),
  });
  const body = (await res.json()) as {
    data?: Record<string, unknown>;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  const error = body.errors?.[0];
  if (error) return { count: 0, error: `${error.extensions?.code ?? 'ERROR'}: ${error.message}` };
  return { count: example.count(body.data ?? {}) };
}

/** The curl line a newcomer can paste. */
export function curlOf(ids: DemoIds, example: Example): string {
  const key = example.key === 'secret' ? ids.secretKey : ids.publishableKey;
  const body = JSON.stringify({ query: example.query }).replace(/'/g, `'\\''`);
  return `curl -s ${ids.apiUrl}/graphql -H 'authorization: Bearer ${key}' -H 'content-type: application/json' -d '${body}'`;
}
