// Where a shop's autocomplete query model lives: two columns on the shop row, swapped in one statement that
// also returns what they replaced (a row lock keeps two concurrent builds from both seeing the same "previous"),
// and the fingerprint of what a build reads, so a build with nothing new to read can be skipped.

import type { AutocompleteRepository, QueryModelRecord } from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

const REPLACE = `
WITH old AS (
  SELECT autocomplete_version, autocomplete_built_at FROM shops WHERE id = $2::uuid AND tenant_id = $1::uuid FOR UPDATE
)
UPDATE shops s SET autocomplete_version = $3, autocomplete_built_at = $4::timestamptz
FROM old WHERE s.id = $2::uuid AND s.tenant_id = $1::uuid
RETURNING old.autocomplete_version AS path, old.autocomplete_built_at AS "builtAt"`;

const FINGERPRINT = `
SELECT concat_ws('/', coalesce(s.active_model_id::text, 'no-model'), s.event_count, s.item_count,
  (SELECT coalesce(to_char(max(i.updated_at) AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSMS'), '-')
   FROM items i WHERE i.tenant_id = $1::uuid AND i.shop_id = $2::uuid)) AS fingerprint
FROM shops s WHERE s.id = $2::uuid AND s.tenant_id = $1::uuid`;

type Row = { path: string | null; builtAt: Date | null };

const record = (row: Row | undefined): QueryModelRecord | null =>
  row?.path && row.builtAt ? { path: row.path, builtAt: new Date(row.builtAt) } : null;

export class AutocompleteSqlRepository implements AutocompleteRepository {
  constructor(private readonly sql: SqlClient) {}

  async current(tenantId: string, shopId: string): Promise<QueryModelRecord | null> {
    const [row] = await this.sql.query<Row>(
      `SELECT autocomplete_version AS path, autocomplete_built_at AS "builtAt" FROM shops WHERE id = $2::uuid AND tenant_id = $1::uuid`,
      [tenantId, shopId],
    );
    return record(row);
  }

  async replace(tenantId: string, shopId: string, next: QueryModelRecord): Promise<QueryModelRecord | null> {
    const [row] = await this.sql.query<Row>(REPLACE, [tenantId, shopId, next.path, next.builtAt.toISOString()]);
    return record(row);
  }

  async fingerprint(tenantId: string, shopId: string): Promise<string> {
    const [row] = await this.sql.query<{ fingerprint: string }>(FINGERPRINT, [tenantId, shopId]);
    return row?.fingerprint ?? 'no-shop';
  }
}
