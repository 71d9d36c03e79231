// What can change in shared state, and the port that announces it. Every change goes through one publisher
// (change-publisher.ts), which schedules its follow-up jobs once and tells the other processes when their
// in-memory copies depend on it (change-rules.ts says which).

interface ShopChange {
  readonly tenantId: string;
  readonly shopId: string;
}

export type Change =
  | { readonly kind: 'api-key-revoked'; readonly tenantId: string; readonly keyId: string }
  | ({ readonly kind: 'model-activated'; readonly modelId: string } & ShopChange)
  /** Items were upserted or deactivated: serving state must re-read the shop's item metadata. */
  | ({ readonly kind: 'catalog-changed' } & ShopChange)
  /** New events were stored for the shop (GraphQL batches, bulk imports). */
  | ({ readonly kind: 'events-ingested' } & ShopChange)
  /** The event-based baselines (popularity, item-kNN) of a shop were rebuilt. */
  | ({ readonly kind: 'baselines-refreshed' } & ShopChange)
  /** A shop's autocomplete query model was rebuilt (a new artifact version is current). */
  | ({ readonly kind: 'autocomplete-rebuilt' } & ShopChange)
  /** A response model (GLMix on tracked clicks) now serves the shop's response strategies. */
  | ({ readonly kind: 'response-activated'; readonly responseModelId: string } & ShopChange)
  /** An experiment of the shop started or stopped; `needsBaselines` when one of its arms serves them. */
  | ({ readonly kind: 'experiment-changed'; readonly needsBaselines: boolean } & ShopChange)
  /** A brand-group alignment was activated for these shops. */
  | {
      readonly kind: 'alignment-activated';
      readonly tenantId: string;
      readonly alignmentId: string;
      readonly shopIds: readonly string[];
    };

export type ChangeKind = Change['kind'];
export type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>;

/** Announces a change (services and jobs depend on this; the publisher implements it). */
export interface ChangeFeed {
  publish(change: Change): Promise<void>;
}

/** The transport between processes (Redis pub/sub): no replay, so readers also reconcile on a period. */
export interface ChangeBroadcast {
  broadcast(change: Change): Promise<void>;
  subscribe(onChange: (change: Change) => void): Promise<void>;
}

/** Something in a process that keeps a copy of shared state and drops or reloads it on the kinds it names. */
export interface ChangeReactor {
  readonly reactsTo: readonly ChangeKind[];
  onChange(change: Change): void;
}
