// Tracked impressions and clicks: one statement inserts a batch through unnest()ed arrays, skips what is
// already stored (the unique key on tenant, request, kind and sku), and adds only the new rows to the
// experiments' daily counts, by the UTC day the list was served, so a click lands on its impression's day.
// Rows of a deleted shop or experiment are dropped by the joins instead of failing the whole batch.

import type { DailyCount, TrackedEvent, TrackingStore } from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

const INSERT_TRACKED = `
WITH t AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],
                       $8::uuid[], $9::text[], $10::timestamptz[], $11::timestamptz[])
    AS t(tenant_id, shop_id, request_id, kind, sku, position, placement, experiment_id, variant, served_at, occurred_at)
), ins AS (
  INSERT INTO tracked_events (tenant_id, shop_id, request_id, kind, sku, position, placement, experiment_id,
                              variant, served_at, occurred_at)
  SELECT t.tenant_id, t.shop_id, t.request_id, t.kind::"TrackKind", t.sku, t.position, t.placement,
         t.experiment_id, t.variant, t.served_at, t.occurred_at
  FROM t JOIN shops s ON s.id = t.shop_id AND s.tenant_id = t.tenant_id
  ON CONFLICT (tenant_id, request_id, kind, sku) DO NOTHING
  RETURNING tenant_id, experiment_id, variant, kind, served_at
), daily AS (
  INSERT INTO experiment_daily (tenant_id, experiment_id, variant, day, impressions, clicks)
  SELECT i.tenant_id, i.experiment_id, i.variant, (i.served_at AT TIME ZONE 'UTC')::date,
         count(*) FILTER (WHERE i.kind = 'IMPRESSION'), count(*) FILTER (WHERE i.kind = 'CLICK')
  FROM ins i JOIN experiments e ON e.id = i.experiment_id AND e.tenant_id = i.tenant_id
  WHERE i.variant IS NOT NULL
  GROUP BY 1, 2, 3, 4
  ORDER BY 2, 3, 4
  ON CONFLICT (experiment_id, variant, day) DO UPDATE
    SET impressions = experiment_daily.impressions + excluded.impressions,
        clicks = experiment_daily.clicks + excluded.clicks
)
SELECT count(*)::int AS inserted FROM ins`;

// The request contexts of a batch, once per request (ragged arrays travel as one jsonb parameter).
const INSERT_REQUESTS = `
INSERT INTO tracked_requests (tenant_id, shop_id, request_id, placement, experiment_id, variant, session_id,
                              user_id, visitor_id, session_skus, strategy, model_version_id, skus, served_at)
SELECT r.tenant_id, r.shop_id, r.request_id, r.placement, r.experiment_id, r.variant, r.session_id, r.user_id,
       r.visitor_id, ARRAY(SELECT jsonb_array_elements_text(r.session_skus)), r.strategy,
       CASE WHEN r.model_version_id ~ '^[0-9a-f-]{36}$' THEN r.model_version_id::uuid END,
       ARRAY(SELECT jsonb_array_elements_text(r.skus)), r.served_at
FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id uuid, shop_id uuid, request_id text, placement text,
     experiment_id uuid, variant text, session_id text, user_id text, visitor_id text, session_skus jsonb,
     strategy text, model_version_id text, skus jsonb, served_at timestamptz)
JOIN shops s ON s.id = r.shop_id AND s.tenant_id = r.tenant_id
ON CONFLICT (tenant_id, request_id) DO NOTHING`;

const DAILY_COUNTS = `
SELECT variant, to_char(day, 'YYYY-MM-DD') AS date, impressions, clicks
FROM experiment_daily WHERE tenant_id = $1::uuid AND experiment_id = $2::uuid
ORDER BY day, variant`;

export class TrackingSqlRepository implements TrackingStore {
  constructor(private readonly sql: SqlClient) {}

  async insert(events: readonly TrackedEvent[]): Promise<number> {
    const requests = events.flatMap((e) =>
      e.request
        ? [
            {
              tenant_id: e.tenantId,
              shop_id: e.shopId,
              request_id: e.requestId,
              placement: e.placement,
              experiment_id: e.experimentId,
              variant: e.variant,
              session_id: e.request.sessionId,
              user_id: e.request.userId,
              visitor_id: e.request.visitorId,
              session_skus: e.request.sessionSkus,
              strategy: e.request.strategy,
              model_version_id: e.request.modelVersionId,
              skus: e.request.skus,
              served_at: e.servedAt.toISOString(),
            },
          ]
        : [],
    );
    // Stored before the events: a crash in between redelivers the batch, and both inserts skip what exists.
    if (requests.length > 0) await this.sql.query(INSERT_REQUESTS, [JSON.stringify(requests)]);
    // Two flushers upserting the same daily rows in different orders could deadlock; the ORDER BY above
    // prevents most of it and PostgreSQL aborts the rest, which is simply run again.
    for (let attempt = 1; ; attempt++) {
      try {
        const [r] = await this.sql.query<{ inserted: number }>(INSERT_TRACKED, [
          events.map((e) => e.tenantId),
          events.map((e) => e.shopId),
          events.map((e) => e.requestId),
          events.map((e) => e.kind),
          events.map((e) => e.sku),
          events.map((e) => e.position),
          events.map((e) => e.placement),
          events.map((e) => e.experimentId),
          events.map((e) => e.variant),
          events.map((e) => e.servedAt.toISOString()),
          events.map((e) => e.occurredAt.toISOString()),
        ]);
        return r?.inserted ?? 0;
      } catch (error) {
        if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      }
    }
  }

  async dailyCounts(tenantId: string, experimentId: string): Promise<DailyCount[]> {
    return this.sql.query<DailyCount & Record<string, unknown>>(DAILY_COUNTS, [tenantId, experimentId]);
  }
}
