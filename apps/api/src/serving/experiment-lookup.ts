// The storefront's view of running experiments: one database read per (shop, placement) every few seconds at
// most, dropped at once for a shop whose experiment started or stopped (the change feed), so a change takes
// effect at once where the message arrives and within the TTL everywhere else.

import type {
  Change,
  ChangeKind,
  ChangeReactor,
  Experiment,
  ExperimentLookup,
  ExperimentRepository,
} from '@shopspace/domain';

export class CachedExperimentLookup implements ExperimentLookup, ChangeReactor {
  readonly reactsTo: readonly ChangeKind[] = ['experiment-changed'];

  private readonly cache = new Map<string, { until: number; value: Promise<Experiment | null> }>();

  constructor(
    private readonly experiments: Pick<ExperimentRepository, 'running'>,
    private readonly ttlMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  running(tenantId: string, shopId: string, placement: string): Promise<Experiment | null> {
    const key = `${tenantId}/${shopId}/${placement}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    if (this.cache.size > 10_000) this.cache.clear();
    const value = this.experiments.running(tenantId, shopId, placement);
    this.cache.set(key, { until: this.now() + this.ttlMs, value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  onChange(change: Change): void {
    if (change.kind !== 'experiment-changed') return;
    const prefix = `${change.tenantId}/${change.shopId}/`;
    for (const key of [...this.cache.keys()]) if (key.startsWith(prefix)) this.cache.delete(key);
  }
}
