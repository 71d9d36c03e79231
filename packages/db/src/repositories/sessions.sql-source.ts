// Reads a shop's sessions for training: item events (no searches, no returns) in time order, grouped by
// session into distinct skus in order of first appearance, with the session's shopper when one is known.

import type { SessionRecord, SessionSource } from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

const SESSIONS = `
SELECT session_id, array_agg(sku ORDER BY first_at, first_id) AS skus, min(first_at) AS started_at,
       max(user_id) AS user_id
FROM (
  SELECT session_id, sku, min(occurred_at) AS first_at, min(id) AS first_id, max(user_id) AS user_id
  FROM events
  WHERE tenant_id = $1::uuid AND shop_id = $2::uuid AND sku IS NOT NULL AND type <> 'SEARCH'
    AND (quantity IS NULL OR quantity > 0)
  GROUP BY session_id, sku
) AS firsts
GROUP BY session_id
ORDER BY started_at, session_id`;

export class SqlSessionSource implements SessionSource {
  constructor(private readonly sql: SqlClient) {}

  async sessions(tenantId: string, shopId: string): Promise<SessionRecord[]> {
    const rows = await this.sql.query<{ skus: string[]; started_at: Date; user_id: string | null }>(SESSIONS, [
      tenantId,
      shopId,
    ]);
    return rows.map((r) => ({
      skus: r.skus,
      startedAt: r.started_at.getTime(),
      ...(r.user_id ? { userId: r.user_id } : {}),
    }));
  }
}
