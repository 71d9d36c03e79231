// What an API process compares its in-memory copies against when it reconciles (pub/sub has no replay): each
// shop's pointers to the versions it serves and its catalog version, read for many shops in one query.

export interface ShopStateKey {
  readonly tenantId: string;
  readonly shopId: string;
}

export interface ShopState extends ShopStateKey {
  readonly activeModelId: string | null;
  readonly baselinePath: string | null;
  readonly autocompletePath: string | null;
  readonly activeAlignmentId: string | null;
  readonly catalogVersion: number;
}

export interface ShopStateReader {
  /** The current state of each shop asked for that exists (missing ones are left out). */
  states(shops: readonly ShopStateKey[]): Promise<ShopState[]>;
}
