// A shopper's latest actions for the online path of user recommendations: one indexed range read per request
// (events_user_recent: tenant, shop, user, time), scoped by the tenant like every read.

import type { UserActivity } from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

const RECENT = `
SELECT sku FROM (
  SELECT sku, max(occurred_at) AS at
  FROM (
    SELECT sku, occurred_at FROM events
    WHERE tenant_id = $1::uuid AND shop_id = $2::uuid AND user_id = $3 AND occurred_at > $4
      AND sku IS NOT NULL AND type IN ('VIEW', 'CLICK', 'ADD_TO_CART', 'PURCHASE')
      AND (quantity IS NULL OR quantity > 0)
    ORDER BY occurred_at DESC
    LIMIT $5 * 4
  ) latest
  GROUP BY sku
  ORDER BY at DESC
  LIMIT $5
) kept ORDER BY at`;

export class UserActivitySqlSource implements UserActivity {
  constructor(private readonly sql: SqlClient) {}

  async recentSkus(tenantId: string, shopId: string, userId: string, since: Date, limit: number): Promise<string[]> {
    const rows = await this.sql.query<{ sku: string }>(RECENT, [tenantId, shopId, userId, since, limit]);
    return rows.map((r) => r.sku);
  }
}
