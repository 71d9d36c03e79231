// Event ingest: row validation, idempotency by eventId (a re-sent event is a counted duplicate), and counts.

import { badInput } from '../shared/errors.ts';
import { MAX_BATCH_ROWS, type RowError } from '../shared/row-error.ts';
import { secretScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import { validateEvent, type EventRecord } from './event.validation.ts';
import type { EventRepository } from './events.ports.ts';
import type { ChangeFeed } from '../changes/change.ts';

export interface IngestResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly errors: RowError[];
}

export class EventService {
  constructor(
    private readonly events: EventRepository,
    private readonly shops: ShopService,
    private readonly now: () => number = Date.now,
    /** Told of stored events (its follow-ups rebuild the shop's baselines and query model, debounced). */
    private readonly changes?: ChangeFeed,
  ) {}

  async ingest(principal: Principal, shopId: string, rows: readonly Record<string, unknown>[]): Promise<IngestResult> {
    const scope = secretScope(principal);
    if (rows.length > MAX_BATCH_ROWS) {
      throw badInput(
        'events',
        `at most ${MAX_BATCH_ROWS} events per call, got ${rows.length}; use the bulk import for files`,
      );
    }
    const shop = await this.shops.require(scope, shopId);
    const now = this.now();
    const errors: RowError[] = [];
    const valid: EventRecord[] = [];
    rows.forEach((raw, index) => {
      const r = validateEvent(raw, index, now);
      if (r.ok) valid.push(r.value);
      else errors.push(r.error);
    });
    return { ...(await this.store(scope.tenantId, shop.id, valid)), errors };
  }

  /**
   * Stores already validated rows (the bulk importer's entry point, which announces once at the end of a file
   * instead of once per chunk).
   */
  async store(
    tenantId: string,
    shopId: string,
    valid: readonly EventRecord[],
    options: { readonly announce?: boolean } = {},
  ): Promise<Omit<IngestResult, 'errors'>> {
    const accepted = valid.length > 0 ? await this.events.insertMany(tenantId, shopId, valid) : 0;
    if (accepted > 0 && options.announce !== false) await this.announce(tenantId, shopId);
    return { accepted, duplicates: valid.length - accepted };
  }

  /** Tells the follow-ups (baselines, autocomplete) that the shop has new events. */
  async announce(tenantId: string, shopId: string): Promise<void> {
    await this.changes?.publish({ kind: 'events-ingested', tenantId, shopId });
  }
}
