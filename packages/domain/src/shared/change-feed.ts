// Port for telling every process that shared state changed, so in-memory copies are dropped or swapped.

export type Change =
  | { readonly kind: 'api-key-revoked'; readonly tenantId: string; readonly keyId: string }
  | { readonly kind: 'model-activated'; readonly tenantId: string; readonly shopId: string; readonly modelId: string }
  /** Items were upserted or deactivated: serving state must re-read the shop's item metadata. */
  | { readonly kind: 'catalog-changed'; readonly tenantId: string; readonly shopId: string }
  /** The event-based baselines (popularity, item-kNN) of a shop were rebuilt. */
  | { readonly kind: 'baselines-refreshed'; readonly tenantId: string; readonly shopId: string }
  /** A shop's autocomplete query model was rebuilt (a new artifact version is current). */
  | { readonly kind: 'autocomplete-rebuilt'; readonly tenantId: string; readonly shopId: string }
  /** A brand-group alignment was activated for these shops. */
  | {
      readonly kind: 'alignment-activated';
      readonly tenantId: string;
      readonly alignmentId: string;
      readonly shopIds: readonly string[];
    };

export interface ChangeFeed {
  publish(change: Change): Promise<void>;
}
