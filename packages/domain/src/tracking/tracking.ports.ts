// Ports of impression and click tracking. A served list is remembered under its requestId (shop, placement,
// experiment, variant, skus shown) for a while; tracking calls are checked against it, de-duplicated and
// written ahead to a durable log before they are acknowledged, then flushed into the database in batches.

export type TrackKind = 'IMPRESSION' | 'CLICK';

/** What a requestId remembers about the answer it was given with. */
export interface ServedRequest {
  readonly tenantId: string;
  readonly shopId: string;
  /** The random part of the requestId (the shop is the other part). */
  readonly token: string;
  readonly placement: string | null;
  readonly experimentId: string | null;
  readonly variant: string | null;
  /** Skus in the order shown. */
  readonly skus: readonly string[];
  readonly servedAt: Date;
  /** What the answer was computed from, kept for training on the traffic (the response model). */
  readonly context?: RequestContext;
}

/** The request a served list answered: what a model needs to featurise it again when it learns from clicks. */
export interface RequestContext {
  readonly sessionId: string | null;
  readonly userId: string | null;
  /** Who the experiment assigned (the userId, else the session id or the caller's visitor id). */
  readonly visitorId: string | null;
  /** The session's skus (or the product page's sku) the list was computed for, oldest first. */
  readonly sessionSkus: readonly string[];
  /** The strategy that served it ('served', 'ranker', 'response', …) and the model version. */
  readonly strategy: string | null;
  readonly modelVersionId: string | null;
}

/** A request's context and its list as the flusher stores them (tracked_requests), once per request. */
export interface TrackedRequestContext extends RequestContext {
  readonly skus: readonly string[];
}

export type TrackOutcome =
  /** `added` of the skus were new for this request and kind; the rest had been tracked before. */
  | { readonly status: 'ok'; readonly added: number }
  /** No such request in this tenant (never served, expired, or another tenant's). */
  | { readonly status: 'unknown-request' }
  /** A sku the request did not show; nothing was recorded. */
  | { readonly status: 'not-shown'; readonly sku: string }
  /** The write-ahead log is over its bound (the flusher is behind or down); nothing was recorded. */
  | { readonly status: 'backlog-full' }
  /**
   * The log did not answer in time (Redis unreachable): not acknowledged. The write may still land; a retry is
   * safe, since tracking is idempotent per (request, kind, sku).
   */
  | { readonly status: 'unavailable' };

export interface RequestLog {
  /** Remembers a served list; resolves once it is stored. */
  remember(request: ServedRequest): Promise<void>;
  /**
   * Atomically: checks the request exists and showed every sku, marks each (kind, sku) as tracked, and appends
   * the new ones to the shop's write-ahead log. All or nothing.
   */
  track(
    tenantId: string,
    shopId: string,
    token: string,
    kind: TrackKind,
    skus: readonly string[],
    at: Date,
  ): Promise<TrackOutcome>;
}

/** One impression or click as the write-ahead log holds it and the database stores it. */
export interface TrackedEvent {
  readonly tenantId: string;
  readonly shopId: string;
  readonly requestId: string;
  readonly kind: TrackKind;
  readonly sku: string;
  readonly position: number;
  readonly placement: string | null;
  readonly experimentId: string | null;
  readonly variant: string | null;
  readonly servedAt: Date;
  readonly occurredAt: Date;
  /** Carried by the first event tracked of a request (the write-ahead log sends a request's context once). */
  readonly request?: TrackedRequestContext;
}

/** A batch read from the write-ahead log, acknowledged once stored. */
export interface OutboxBatch {
  readonly events: readonly TrackedEvent[];
  /** Entries that could not be parsed (logged and dropped rather than blocking the log forever). */
  readonly malformed: number;
  ack(): Promise<void>;
}

export interface TrackingOutbox {
  /** Up to `max` entries not yet stored, waiting up to `blockMs` for some; entries of a dead reader included. */
  read(max: number, blockMs: number): Promise<OutboxBatch | null>;
}

export interface DailyCount {
  readonly variant: string;
  /** UTC day, YYYY-MM-DD. */
  readonly date: string;
  readonly impressions: number;
  readonly clicks: number;
}

export interface TrackingStore {
  /**
   * Inserts the events, ignoring any already stored (same tenant, request, kind and sku), and adds the new ones
   * to the experiments' daily counts in the same statement; the request contexts events carry are stored once
   * per request (tracked_requests). Returns how many events were new.
   */
  insert(events: readonly TrackedEvent[]): Promise<number>;
  dailyCounts(tenantId: string, experimentId: string): Promise<DailyCount[]>;
}
