// Where a shop's event-based baselines live: two columns on the shop row, swapped in one statement that also
// returns what they replaced (a row lock keeps two concurrent rebuilds from both seeing the same "previous").

import type { BaselineRecord, BaselineRepository } from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

const REPLACE = `
WITH old AS (
  SELECT baseline_version, baseline_built_at FROM shops WHERE id = $2::uuid AND tenant_id = $1::uuid FOR UPDATE
)
UPDATE shops s SET baseline_version = $3, baseline_built_at = $4::timestamptz
FROM old WHERE s.id = $2::uuid AND s.tenant_id = $1::uuid
RETURNING old.baseline_version AS path, old.baseline_built_at AS "builtAt"`;

export class BaselineSqlRepository implements BaselineRepository {
  constructor(private readonly sql: SqlClient) {}

  async current(tenantId: string, shopId: string): Promise<BaselineRecord | null> {
    const [row] = await this.sql.query<{ path: string | null; builtAt: Date | null }>(
      `SELECT baseline_version AS path, baseline_built_at AS "builtAt" FROM shops WHERE id = $2::uuid AND tenant_id = $1::uuid`,
      [tenantId, shopId],
    );
    return row?.path && row.builtAt ? { path: row.path, builtAt: new Date(row.builtAt) } : null;
  }

  async replace(tenantId: string, shopId: string, record: BaselineRecord): Promise<BaselineRecord | null> {
    const [row] = await this.sql.query<{ path: string | null; builtAt: Date | null }>(REPLACE, [
      tenantId,
      shopId,
      record.path,
      record.builtAt.toISOString(),
    ]);
    return row?.path && row.builtAt ? { path: row.path, builtAt: new Date(row.builtAt) } : null;
  }
}
