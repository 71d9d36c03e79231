// Port for telling every process that shared state changed, so in-memory copies are dropped or swapped.

export type Change = { readonly kind: 'api-key-revoked'; readonly tenantId: string; readonly keyId: string };

export interface ChangeFeed {
  publish(change: Change): Promise<void>;
}
