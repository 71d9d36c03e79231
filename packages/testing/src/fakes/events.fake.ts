// The in-memory event log with the SQL adapter's semantics: one all-or-nothing statement per batch that skips
// eventIds the shop already has (or that repeat within the batch, first one wins) and adds what it inserted to
// Shop.eventCount.

import type { EventRecord, EventRepository } from '@shopspace/domain';
import { FakeDatabaseError, SqlState, copy, rowKey, type EventRow, type FakeDatabase } from './fake-database.ts';
import type { WriteHook } from './catalog.fake.ts';

/** The "EventType" enum as the migrations create it (the database's list, not the validator's). */
const EVENT_TYPE_ENUM = new Set<string>(['VIEW', 'ADD_TO_CART', 'PURCHASE', 'SEARCH', 'CLICK']);

export class FakeEventRepository implements EventRepository {
  /** Rows in each insertMany call, in call order. */
  readonly insertCalls: number[] = [];
  /** Runs before each insertMany writes; a rejection fails that call with nothing written. */
  beforeWrite: WriteHook | null = null;
  #inFlight = 0;
  /** The most insertMany calls that were ever running at once. */
  maxInFlight = 0;

  constructor(private readonly db: FakeDatabase) {}

  async insertMany(tenantId: string, shopId: string, rows: readonly EventRecord[]): Promise<number> {
    this.insertCalls.push(rows.length);
    const call = this.insertCalls.length;
    this.#inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    try {
      await this.beforeWrite?.(call, rows.length);
      return this.insertNow(tenantId, shopId, rows);
    } finally {
      this.#inFlight--;
    }
  }

  /** The shop's stored events in insertion order (for assertions; not a port method). */
  stored(tenantId: string, shopId: string): EventRow[] {
    return [...this.db.events.values()].filter((e) => e.tenantId === tenantId && e.shopId === shopId).map(copy);
  }

  private insertNow(tenantId: string, shopId: string, rows: readonly EventRecord[]): number {
    const { db } = this;
    db.uuid(tenantId, 'events.tenant_id');
    db.uuid(shopId, 'events.shop_id');
    // The arrays are cast as a whole before ON CONFLICT looks at a row, so even a duplicate can fail the batch.
    const checked = rows.map((e): Omit<EventRow, 'tenantId' | 'shopId' | 'receivedAt'> => {
      if (!EVENT_TYPE_ENUM.has(e.type)) {
        throw new FakeDatabaseError(
          SqlState.InvalidTextRepresentation,
          `invalid input value for enum "EventType": ${JSON.stringify(e.type)}`,
        );
      }
      return {
        eventId: db.text(e.eventId, 'events.event_id'),
        sessionId: db.text(e.sessionId, 'events.session_id'),
        userId: db.text(e.userId, 'events.user_id'),
        type: e.type,
        sku: db.text(e.sku, 'events.sku'),
        query: db.text(e.query, 'events.query'),
        quantity: db.int4(e.quantity, 'events.quantity'),
        occurredAt: new Date(e.occurredAt),
      };
    });
    const seen = new Set<string>();
    const fresh = checked.filter((e) => {
      const key = rowKey(tenantId, shopId, e.eventId);
      if (seen.has(key) || db.events.has(key)) return false;
      seen.add(key);
      return true;
    });
    const shop = db.shopOf(tenantId, shopId);
    if (fresh.length > 0 && !shop) {
      throw new FakeDatabaseError(
        SqlState.ForeignKeyViolation,
        `insert into events violates foreign key: no shop (${tenantId}, ${shopId})`,
      );
    }
    const receivedAt = db.now();
    for (const e of fresh) db.events.set(rowKey(tenantId, shopId, e.eventId), { tenantId, shopId, ...e, receivedAt });
    if (shop) shop.eventCount += fresh.length;
    return fresh.length;
  }
}
