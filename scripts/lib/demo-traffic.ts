// SIMULATED DATA. The demo's experiment needs impressions and clicks to show results, and the Online Retail file
// has none, so the demo replays held-out sessions as visitors: for each, a storefront asks for recommendations
// on the experiment's placement after the first items of the session, records an impression of every item
// shown, and clicks the item the shopper really took next when it was shown (or, rarely, another one). The
// clicks are as good as the arm's recommendations, so the results page compares the arms on something real.
// Seeded; everything goes through the real API over HTTP and the real tracking path.

import type { SqlClient } from '@shopspace/db';
import { createRng } from '@shopspace/item2vec';

export interface TrafficResult {
  readonly visitors: number;
  readonly impressions: number;
  readonly clicks: number;
}

const SESSIONS = `
SELECT session_id AS "sessionId", array_agg(sku ORDER BY first_at, first_id) AS skus
FROM (
  SELECT session_id, sku, min(occurred_at) AS first_at, min(id) AS first_id
  FROM events
  WHERE tenant_id = $1::uuid AND shop_id = $2::uuid AND sku IS NOT NULL AND type <> 'SEARCH'
    AND occurred_at >= $3::timestamptz AND event_id NOT LIKE 'derived.%'
  GROUP BY session_id, sku
) AS firsts
GROUP BY session_id
HAVING count(*) >= 2
ORDER BY min(first_at), session_id
LIMIT $4`;

async function gql(url: string, key: string, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors[0]?.message ?? 'GraphQL error');
  return body.data;
}

const RECOMMEND = `query($s: ID!, $skus: [String!]!, $sid: String!, $p: String!) {
  sessionRecommendations(shopId: $s, session: { skus: $skus, sessionId: $sid }, first: 10, placement: $p) {
    requestId items { item { sku } } } }`;

export async function simulateTraffic(options: {
  readonly apiUrl: string;
  readonly publishableKey: string;
  readonly sql: SqlClient;
  readonly tenantId: string;
  readonly shopId: string;
  readonly placement: string;
  /** Sessions from this instant on are replayed (held out of the demo model's training split). */
  readonly from: string;
  readonly visitors: number;
  readonly seed: number;
}): Promise<TrafficResult> {
  const sessions = await options.sql.query<{ sessionId: string; skus: string[] }>(SESSIONS, [
    options.tenantId,
    options.shopId,
    options.from,
    options.visitors,
  ]);
  const rng = createRng(options.seed);
  const plans = sessions.map((s) => {
    const cut = 1 + rng.nextInt(Math.max(1, s.skus.length - 1));
    return {
      sessionId: `sim.${s.sessionId}`,
      // A storefront sends the latest items of a session, not hundreds.
      context: s.skus.slice(Math.max(0, cut - 20), cut),
      next: s.skus[cut] ?? '',
      noise: rng.nextFloat(),
    };
  });
  let impressions = 0;
  let clicks = 0;
  const visit = async (plan: (typeof plans)[number]): Promise<void> => {
    const data = (await gql(options.apiUrl, options.publishableKey, RECOMMEND, {
      s: options.shopId,
      skus: plan.context,
      sid: plan.sessionId,
      p: options.placement,
    })) as { sessionRecommendations: { requestId: string; items: Array<{ item: { sku: string } }> } };
    const list = data.sessionRecommendations;
    const shown = list.items.map((i) => i.item.sku);
    if (shown.length === 0) return;
    await gql(
      options.apiUrl,
      options.publishableKey,
      'mutation($r: ID!, $k: [String!]!) { trackImpressions(requestId: $r, skus: $k) }',
      {
        r: list.requestId,
        k: shown,
      },
    );
    impressions += shown.length;
    // The real next item when it was shown; otherwise a stray click on one in thirty visits.
    const clicked = shown.includes(plan.next) ? plan.next : plan.noise < 1 / 30 ? shown[0] : undefined;
    if (!clicked) return;
    await gql(
      options.apiUrl,
      options.publishableKey,
      'mutation($r: ID!, $k: String!) { trackClick(requestId: $r, sku: $k) }',
      {
        r: list.requestId,
        k: clicked,
      },
    );
    clicks++;
  };
  // A few visitors at a time, as a small storefront would send them.
  for (let i = 0; i < plans.length; i += 8) await Promise.all(plans.slice(i, i + 8).map(visit));
  return { visitors: plans.length, impressions, clicks };
}
