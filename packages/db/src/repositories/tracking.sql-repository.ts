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

const DAILY_COUNTS = `
SELECT variant, to_char(day, 'YYYY-MM-DD') AS date, impressions, clicks
FROM experiment_daily WHERE tenant_id = $1::uuid AND experiment_id = $2::uuid
ORDER BY day, variant`;

export class TrackingSqlRepository implements TrackingStore {
  constructor(private readonly sql: SqlClient) {}

  async insert(events: readonly TrackedEvent[]): Promise<number> {
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
