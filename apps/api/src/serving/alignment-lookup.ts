// The storefront's view of each shop's active alignment: one database read per shop every few seconds at most,
// dropped at once when an activation is heard on the change feed (from any process).

import type { AlignmentRepository, AlignmentVersion, Change, ChangeKind, ChangeReactor } from '@shopspace/domain';

export class CachedAlignmentLookup implements Pick<AlignmentRepository, 'activeForShop'>, ChangeReactor {
  readonly reactsTo: readonly ChangeKind[] = ['alignment-activated'];
  private readonly cache = new Map<string, { until: number; value: Promise<AlignmentVersion | null> }>();

  constructor(
    private readonly alignments: Pick<AlignmentRepository, 'activeForShop'>,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  activeForShop(tenantId: string, shopId: string): Promise<AlignmentVersion | null> {
    const key = `${tenantId}/${shopId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    if (this.cache.size > 10_000) this.cache.clear();
    const value = this.alignments.activeForShop(tenantId, shopId);
    this.cache.set(key, { until: this.now() + this.ttlMs, value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  /** Reads past the cache (and refreshes it): for answers that would otherwise refuse on a possibly old view. */
  fresh(tenantId: string, shopId: string): Promise<AlignmentVersion | null> {
    this.cache.delete(`${tenantId}/${shopId}`);
    return this.activeForShop(tenantId, shopId);
  }

  onChange(change: Change): void {
    if (change.kind !== 'alignment-activated') return;
    for (const shopId of change.shopIds) this.cache.delete(`${change.tenantId}/${shopId}`);
  }
}
