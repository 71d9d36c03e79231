// The event log's write path: one statement inserts a batch through unnest()ed arrays, skips eventIds the shop
// already has (ON CONFLICT DO NOTHING also absorbs repeats inside the batch) and adds the count to the shop.

import type { EventRecord, EventRepository } from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

const INSERT_EVENTS = `
WITH ins AS (
  INSERT INTO events (tenant_id, shop_id, event_id, session_id, user_id, type, sku, query, quantity, occurred_at)
  SELECT $1::uuid, $2::uuid, t.event_id, t.session_id, t.user_id, t.type::"EventType", t.sku, t.query, t.quantity, t.occurred_at
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::timestamptz[])
       AS t(event_id, session_id, user_id, type, sku, query, quantity, occurred_at)
  ON CONFLICT (tenant_id, shop_id, event_id) DO NOTHING
  RETURNING 1
), n AS (SELECT count(*)::int AS inserted FROM ins),
s AS (UPDATE shops SET event_count = event_count + (SELECT inserted FROM n) WHERE id = $2::uuid AND tenant_id = $1::uuid)
SELECT inserted FROM n`;

export class EventSqlRepository implements EventRepository {
  constructor(private readonly sql: SqlClient) {}

  async insertMany(tenantId: string, shopId: string, rows: readonly EventRecord[]): Promise<number> {
    // Rows keep their order (ids follow it, and break ties between equal timestamps). Two concurrent batches
    // that repeat each other's eventIds can deadlock on the unique index; PostgreSQL then aborts one, which
    // is simply run again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.insertOnce(tenantId, shopId, rows);
      } catch (error) {
        if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      }
    }
  }

  private async insertOnce(tenantId: string, shopId: string, rows: readonly EventRecord[]): Promise<number> {
    const [r] = await this.sql.query<{ inserted: number }>(INSERT_EVENTS, [
      tenantId,
      shopId,
      rows.map((e) => e.eventId),
      rows.map((e) => e.sessionId),
      rows.map((e) => e.userId),
      rows.map((e) => e.type),
      rows.map((e) => e.sku),
      rows.map((e) => e.query),
      rows.map((e) => e.quantity),
      rows.map((e) => e.occurredAt.toISOString()),
    ]);
    return r?.inserted ?? 0;
  }
}
