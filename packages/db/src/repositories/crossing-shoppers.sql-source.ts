// Shoppers seen in two shops of a tenant (same userId): their distinct items in each, for every ordered pair
// of shops. The interaction step of alignment turns them into weighted anchor pairs.

import type { CrossingShoppers } from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

const CROSSING = `
WITH u AS (
  SELECT shop_id, user_id, array_agg(DISTINCT sku) AS skus
  FROM events
  WHERE tenant_id = $1::uuid AND shop_id = ANY($2::uuid[]) AND user_id IS NOT NULL AND sku IS NOT NULL
    AND type IN ('VIEW', 'CLICK', 'ADD_TO_CART', 'PURCHASE') AND (quantity IS NULL OR quantity > 0)
  GROUP BY shop_id, user_id
)
SELECT a.shop_id AS "shopId", b.shop_id AS "toShopId", a.skus AS items, b.skus AS "toItems"
FROM u a JOIN u b ON a.user_id = b.user_id AND a.shop_id <> b.shop_id
ORDER BY a.shop_id, b.shop_id, a.user_id`;

export class CrossingShoppersSqlSource {
  constructor(private readonly sql: SqlClient) {}

  async crossingShoppers(tenantId: string, shopIds: readonly string[]): Promise<CrossingShoppers[]> {
    const rows = await this.sql.query<{ shopId: string; toShopId: string; items: string[]; toItems: string[] }>(
      CROSSING,
      [tenantId, [...shopIds]],
    );
    const byPair = new Map<string, CrossingShoppers & { shoppers: Array<{ items: string[]; toItems: string[] }> }>();
    for (const r of rows) {
      const key = `${r.shopId}/${r.toShopId}`;
      let pair = byPair.get(key);
      if (!pair) {
        pair = { shopId: r.shopId, toShopId: r.toShopId, shoppers: [] };
        byPair.set(key, pair);
      }
      pair.shoppers.push({ items: r.items, toItems: r.toItems });
    }
    return [...byPair.values()];
  }
}
