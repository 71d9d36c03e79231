// DERIVED DATA. The Online Retail file has no searches, so the demo derives SEARCH events from its purchase
// sessions, reproducibly under a fixed seed (deriveSearchEvents in @shopspace/autocomplete): before each item of
// an invoice, with probability 0.3, the shopper "types" one to three words of that item's title, then views it.
// The derived searches and views are ingested once per shop (deterministic event ids make a repeat a no-op);
// they stand in for a query log in the demo and are not observed behaviour.

import { deriveSearchEvents, type SourceSession } from '@shopspace/autocomplete';
import type { ComposedApi } from '@shopspace/api';
import type { SqlClient } from '@shopspace/db';
import type { EventRecord } from '@shopspace/domain';

/** The seed of the demo's derived searches (the benchmark uses the same). */
export const DEMO_SEARCH_SEED = 20111101;
const CHUNK = 5_000;

const SESSIONS = `
SELECT session_id AS "sessionId", min(first_at) AS start, array_agg(sku ORDER BY first_at, first_id) AS skus
FROM (
  SELECT session_id, sku, min(occurred_at) AS first_at, min(id) AS first_id
  FROM events
  WHERE tenant_id = $1::uuid AND shop_id = $2::uuid AND sku IS NOT NULL AND type <> 'SEARCH'
    AND (quantity IS NULL OR quantity > 0)
  GROUP BY session_id, sku
) AS firsts
GROUP BY session_id
ORDER BY start, session_id`;

/** Derives and ingests the shop's searches unless it has some already; returns how many SEARCH events were added. */
export async function ingestDerivedSearches(
  api: ComposedApi,
  sql: SqlClient,
  tenantId: string,
  shop: { readonly id: string; readonly handle: string },
  log: (line: string) => void,
): Promise<number> {
  const [has] = await sql.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM events WHERE tenant_id = $1::uuid AND shop_id = $2::uuid AND type = 'SEARCH') AS any`,
    [tenantId, shop.id],
  );
  if (has?.any) return 0;
  const rows = await sql.query<{ sessionId: string; start: Date; skus: string[] }>(SESSIONS, [tenantId, shop.id]);
  if (rows.length === 0) return 0;
  const titles = new Map(
    (
      await sql.query<{ sku: string; title: string }>(
        `SELECT sku, title FROM items WHERE tenant_id = $1::uuid AND shop_id = $2::uuid`,
        [tenantId, shop.id],
      )
    ).map((r) => [r.sku, r.title]),
  );
  const sessions: SourceSession[] = rows.map((r) => ({
    sessionId: r.sessionId,
    start: r.start.getTime(),
    items: r.skus,
  }));
  const derived = deriveSearchEvents(sessions, titles, { seed: DEMO_SEARCH_SEED, probability: 0.3 });
  const perSession = new Map<string, number>();
  const records: EventRecord[] = derived.map((e) => {
    const k = perSession.get(e.sessionId) ?? 0;
    perSession.set(e.sessionId, k + 1);
    return {
      eventId: `derived.${e.sessionId}.${k}`,
      sessionId: e.sessionId,
      userId: null,
      type: e.type,
      sku: e.sku ?? null,
      query: e.query ?? null,
      quantity: null,
      occurredAt: new Date(e.timestamp),
    };
  });
  const searches = records.filter((r) => r.type === 'SEARCH').length;
  log(
    `deriving searches for shop ${shop.handle}: ${searches} searches and ${records.length - searches} views (seeded)`,
  );
  for (let i = 0; i < records.length; i += CHUNK) {
    await api.services.events.store(tenantId, shop.id, records.slice(i, i + CHUNK), { announce: false });
  }
  await api.services.events.announce(tenantId, shop.id);
  return searches;
}
