// Port for the event log.

import type { EventRecord } from './event.validation.ts';

export interface EventRepository {
  /**
   * Inserts events, skipping any whose eventId the shop already has (or that repeats within the batch), and
   * adds the number inserted to Shop.eventCount in the same statement. Returns how many were new.
   */
  insertMany(tenantId: string, shopId: string, rows: readonly EventRecord[]): Promise<number>;
}
