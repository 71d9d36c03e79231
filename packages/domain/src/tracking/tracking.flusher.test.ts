// TrackingFlusher between the fake write-ahead log and the fake tracking store: a batch is stored, then
// acknowledged; a batch redelivered after a crash is stored once; the experiments' daily counts (by the UTC day
// the list was served) are what the results read.

import { describe, expect, it } from 'vitest';
import { createFakePorts } from '../../../testing/src/fakes/index.ts';
import { ExperimentResultsService } from '../experiments/experiment-results.ts';
import type { Principal } from '../tenancy/principal.ts';
import { formatRequestId, newRequestToken } from './request-id.ts';
import { TrackingFlusher } from './tracking.flusher.ts';
import { TrackingService } from './tracking.service.ts';

async function setup() {
  const ports = createFakePorts();
  const tenantId = (await ports.tenants.create('A')).id;
  const shopId = (await ports.shops.create(tenantId, { handle: 'main', name: 'Main', currency: 'EUR' }))?.id ?? '';
  const experiment = await ports.experiments.create({
    tenantId,
    shopId,
    name: 'Similar',
    placement: 'pdp-similar',
    variants: [
      { key: 'control', weight: 0.5, strategy: { algorithm: 'item2vec' } },
      { key: 'pop', weight: 0.5, strategy: { algorithm: 'popularity' } },
    ],
  });
  const principal: Principal = { kind: 'key', tenantId, keyId: tenantId, keyKind: 'PUBLISHABLE' };
  const tracking = new TrackingService(ports.requestLog, ports.clock.date);
  /** Serves a list for the variant (as the recommendation service would) and returns its requestId. */
  const serve = async (variant: string, skus: string[]) => {
    const token = newRequestToken();
    await ports.requestLog.remember({
      tenantId,
      shopId,
      token,
      placement: 'pdp-similar',
      experimentId: experiment.id,
      variant,
      skus,
      servedAt: ports.clock.date(),
    });
    return formatRequestId(shopId, token);
  };
  const flusher = new TrackingFlusher(ports.outbox, ports.trackingStore, { batchSize: 100 });
  return { ports, tenantId, shopId, experiment, principal, tracking, serve, flusher };
}

describe('TrackingFlusher.flushOnce', () => {
  it('stores a batch, acknowledges it, and feeds the daily counts of the day the list was served', async () => {
    const { ports, principal, tracking, serve, flusher, experiment, tenantId } = await setup();
    ports.clock.set(Date.parse('2026-03-01T23:59:00Z'));
    const control = await serve('control', ['a', 'b', 'c']);
    const pop = await serve('pop', ['x', 'y']);
    await tracking.trackImpressions(principal, control, ['a', 'b', 'c']);
    await tracking.trackImpressions(principal, pop, ['x', 'y']);
    // The click lands after midnight, but counts on its impression's day.
    ports.clock.advance(120_000);
    await tracking.trackClick(principal, pop, 'y');
    expect(await flusher.flushOnce()).toEqual({ read: 6, inserted: 6, malformed: 0 });
    expect(ports.outbox.length(tenantId, experiment.shopId)).toBe(0);
    expect(await ports.trackingStore.dailyCounts(tenantId, experiment.id)).toEqual([
      { variant: 'control', date: '2026-03-01', impressions: 3, clicks: 0 },
      { variant: 'pop', date: '2026-03-01', impressions: 2, clicks: 1 },
    ]);
    expect(await flusher.flushOnce()).toEqual({ read: 0, inserted: 0, malformed: 0 });
    const results = await new ExperimentResultsService(ports.trackingStore).results(experiment);
    expect(results.variants.map((v) => [v.key, v.impressions, v.clicks])).toEqual([
      ['control', 3, 0],
      ['pop', 2, 1],
    ]);
  });

  it('counts a batch redelivered after a crash exactly once', async () => {
    const { ports, principal, tracking, serve, flusher, experiment, tenantId } = await setup();
    await tracking.trackImpressions(principal, await serve('control', ['a', 'b']), ['a', 'b']);
    // A flusher reads and stores the batch, then dies before acknowledging it.
    const batch = await ports.outbox.read(100, 0);
    expect(await ports.trackingStore.insert(batch?.events ?? [])).toBe(2);
    ports.outbox.reclaimPending();
    expect(await flusher.flushOnce()).toEqual({ read: 2, inserted: 0, malformed: 0 });
    expect(await ports.trackingStore.dailyCounts(tenantId, experiment.id)).toEqual([
      { variant: 'control', date: '2026-01-01', impressions: 2, clicks: 0 },
    ]);
    expect(ports.outbox.length(tenantId, experiment.shopId)).toBe(0);
  });

  it('passes malformed entries through as a count and drops them with the batch', async () => {
    const { ports, flusher, tenantId, shopId } = await setup();
    ports.outbox.appendMalformed(tenantId, shopId);
    expect(await flusher.flushOnce()).toEqual({ read: 0, inserted: 0, malformed: 1 });
    expect(ports.outbox.length(tenantId, shopId)).toBe(0);
  });

  it('leaves a batch unacknowledged when the store fails, so it is delivered again', async () => {
    const { ports, principal, tracking, serve, tenantId, shopId } = await setup();
    await tracking.trackClick(principal, await serve('pop', ['a']), 'a');
    const failing = new TrackingFlusher(ports.outbox, {
      insert: () => Promise.reject(new Error('database down')),
      dailyCounts: () => Promise.resolve([]),
    });
    await expect(failing.flushOnce()).rejects.toThrow('database down');
    expect(ports.outbox.pending).toBe(2);
    ports.outbox.reclaimPending();
    const flusher = new TrackingFlusher(ports.outbox, ports.trackingStore);
    expect(await flusher.flushOnce()).toEqual({ read: 2, inserted: 2, malformed: 0 });
    expect(ports.outbox.length(tenantId, shopId)).toBe(0);
  });
});
