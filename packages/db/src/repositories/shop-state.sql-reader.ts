// The serving pointers and catalog version of many shops in one query, for the API's periodic reconciliation.

import type { ShopState, ShopStateKey, ShopStateReader } from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

export class ShopStateSqlReader implements ShopStateReader {
  constructor(private readonly sql: SqlClient) {}

  async states(shops: readonly ShopStateKey[]): Promise<ShopState[]> {
    if (shops.length === 0) return [];
    const rows = await this.sql.query<{
      tenant_id: string;
      id: string;
      active_model_id: string | null;
      baseline_version: string | null;
      autocomplete_version: string | null;
      active_alignment_id: string | null;
      catalog_version: number | string;
    }>(
      `SELECT s.tenant_id, s.id, s.active_model_id, s.baseline_version, s.autocomplete_version,
              s.active_alignment_id, s.catalog_version
       FROM shops s JOIN unnest($1::uuid[], $2::uuid[]) AS k(tenant_id, id) ON s.tenant_id = k.tenant_id AND s.id = k.id`,
      [shops.map((s) => s.tenantId), shops.map((s) => s.shopId)],
    );
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      shopId: r.id,
      activeModelId: r.active_model_id,
      baselinePath: r.baseline_version,
      autocompletePath: r.autocomplete_version,
      activeAlignmentId: r.active_alignment_id,
      catalogVersion: Number(r.catalog_version),
    }));
  }
}
