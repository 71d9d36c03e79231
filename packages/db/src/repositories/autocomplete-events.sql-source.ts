// Reads a shop's events for its autocomplete query model: searches and item events with their session and time,
// oldest first (ties in arrival order). Returns and non-positive quantities are left out, and so are queries too
// long to be a suggestion (a suggestion is tracked as `q:<text>`, at most 200 characters).

import type { ShopEvent, ShopEventType } from '@shopspace/autocomplete';
import type { AutocompleteEventSource } from '@shopspace/domain';
import type { SqlClient } from '../database.ts';

/** Longest search query kept in the query log. */
export const MAX_LOGGED_QUERY = 120;

const EVENTS = `
SELECT type::text AS type, session_id AS "sessionId", sku, query, occurred_at AS at
FROM events
WHERE tenant_id = $1::uuid AND shop_id = $2::uuid
  AND (quantity IS NULL OR quantity > 0)
  AND (type <> 'SEARCH' OR char_length(query) <= $3)
ORDER BY occurred_at, id`;

export class SqlAutocompleteEventSource implements AutocompleteEventSource {
  constructor(private readonly sql: SqlClient) {}

  async events(tenantId: string, shopId: string): Promise<ShopEvent[]> {
    const rows = await this.sql.query<{
      type: ShopEventType;
      sessionId: string;
      sku: string | null;
      query: string | null;
      at: Date;
    }>(EVENTS, [tenantId, shopId, MAX_LOGGED_QUERY]);
    return rows.map((r) => ({
      type: r.type,
      sessionId: r.sessionId,
      sku: r.sku,
      query: r.query,
      timestamp: r.at.getTime(),
    }));
  }
}
