// The storefront's view of running experiments: one database read per (shop, placement) every few seconds at
// most, so a started or stopped experiment takes effect within that time on every API process.

import type { Experiment, ExperimentLookup, ExperimentRepository } from '@shopspace/domain';

export class CachedExperimentLookup implements ExperimentLookup {
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
}
