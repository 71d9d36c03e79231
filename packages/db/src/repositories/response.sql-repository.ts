// The response model's data: tracked requests with the positions impressed and clicked (one row per request,
// its events aggregated), the sessions' later add-to-carts and purchases, and the response model versions.

import type {
  EngagementRecord,
  ResponseModelRecord,
  ResponseModelRepository,
  ResponseRunMetrics,
  ResponseTrafficSource,
  TrafficList,
} from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

const LISTS = `
SELECT * FROM (
  SELECT r.request_id AS "requestId", r.served_at AS "servedAt", r.session_id AS "sessionId", r.user_id AS "userId",
         coalesce(r.session_skus, '{}') AS "sessionSkus", coalesce(r.skus, '{}') AS skus, r.strategy,
         r.model_version_id::text AS "modelVersionId",
         coalesce(array_agg(DISTINCT e.position) FILTER (WHERE e.kind = 'IMPRESSION'), '{}') AS impressed,
         coalesce(array_agg(DISTINCT e.position) FILTER (WHERE e.kind = 'CLICK'), '{}') AS clicked
  FROM tracked_requests r
  LEFT JOIN tracked_events e ON e.tenant_id = r.tenant_id AND e.request_id = r.request_id
  WHERE r.tenant_id = $1::uuid AND r.shop_id = $2::uuid AND r.served_at >= $3::timestamptz AND r.served_at < $4::timestamptz
  GROUP BY r.tenant_id, r.request_id
  ORDER BY r.served_at DESC, r.request_id DESC
  LIMIT $5
) newest ORDER BY "servedAt", "requestId"`;

const ENGAGEMENT = `
SELECT session_id AS "sessionId", sku, type::text AS type, occurred_at AS at
FROM events
WHERE tenant_id = $1::uuid AND shop_id = $2::uuid AND session_id = ANY($3::text[]) AND occurred_at >= $4::timestamptz
  AND type IN ('ADD_TO_CART', 'PURCHASE') AND sku IS NOT NULL`;

const COLUMNS = `id, tenant_id AS "tenantId", shop_id AS "shopId", model_version_id AS "modelVersionId",
  artifact_path AS "artifactPath", metrics, global_fitted_at AS "globalFittedAt", activated_at AS "activatedAt",
  rejected_reason AS "rejectedReason", created_at AS "createdAt"`;

type ModelRow = Omit<ResponseModelRecord, 'metrics'> & { metrics: ResponseRunMetrics };

export class ResponseSqlRepository implements ResponseTrafficSource, ResponseModelRepository {
  constructor(private readonly sql: SqlClient) {}

  async lists(tenantId: string, shopId: string, from: Date, to: Date, limit: number): Promise<TrafficList[]> {
    const rows = await this.sql.query<TrafficList & Record<string, unknown>>(LISTS, [
      tenantId,
      shopId,
      from.toISOString(),
      to.toISOString(),
      limit,
    ]);
    return rows.map((r) => ({ ...r, servedAt: new Date(r.servedAt) }));
  }

  async engagement(
    tenantId: string,
    shopId: string,
    sessionIds: readonly string[],
    from: Date,
  ): Promise<EngagementRecord[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.sql.query<{ sessionId: string; sku: string; type: string; at: Date }>(ENGAGEMENT, [
      tenantId,
      shopId,
      sessionIds,
      from.toISOString(),
    ]);
    return rows.map((r) => ({
      sessionId: r.sessionId,
      sku: r.sku,
      kind: r.type === 'PURCHASE' ? 'purchase' : 'add-to-cart',
      at: new Date(r.at),
    }));
  }

  async create(input: Omit<ResponseModelRecord, 'id' | 'createdAt'>): Promise<ResponseModelRecord> {
    const [row] = await this.sql.query<ModelRow>(
      `INSERT INTO response_models (id, tenant_id, shop_id, model_version_id, artifact_path, metrics, global_fitted_at,
                                    activated_at, rejected_reason)
       VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4, $5::jsonb, $6::timestamptz, $7::timestamptz, $8)
       RETURNING ${COLUMNS}`,
      [
        input.tenantId,
        input.shopId,
        input.modelVersionId,
        input.artifactPath,
        JSON.stringify(input.metrics),
        input.globalFittedAt.toISOString(),
        input.activatedAt?.toISOString() ?? null,
        input.rejectedReason,
      ],
    );
    if (!row) throw new Error('response model insert returned no row');
    return record(row);
  }

  async active(tenantId: string, shopId: string): Promise<ResponseModelRecord | null> {
    const [row] = await this.sql.query<ModelRow>(
      `SELECT ${COLUMNS} FROM response_models
       WHERE tenant_id = $1::uuid AND shop_id = $2::uuid AND activated_at IS NOT NULL
       ORDER BY activated_at DESC, created_at DESC LIMIT 1`,
      [tenantId, shopId],
    );
    return row ? record(row) : null;
  }

  async list(tenantId: string, shopId: string, first: number): Promise<ResponseModelRecord[]> {
    const rows = await this.sql.query<ModelRow>(
      `SELECT ${COLUMNS} FROM response_models WHERE tenant_id = $1::uuid AND shop_id = $2::uuid
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [tenantId, shopId, first],
    );
    return rows.map(record);
  }
}

function record(row: ModelRow): ResponseModelRecord {
  return {
    ...row,
    globalFittedAt: new Date(row.globalFittedAt),
    activatedAt: row.activatedAt === null ? null : new Date(row.activatedAt),
    createdAt: new Date(row.createdAt),
  };
}
