// The serving registry on in-memory fakes of its ports: lazy loads shared by concurrent requests, swaps on the
// change feed only once the new state is ready, and reconciliation with the database healing a lost message.

import { describe, expect, it } from 'vitest';
import { writeModelVersion } from '@shopspace/serving';
import { FakeShopState, MemoryArtifactStore, createFakePorts } from '../../../../packages/testing/src/fakes/index.ts';
import { InMemoryServingRegistry } from './serving-registry.ts';

async function setup() {
  const ports = createFakePorts();
  const state = new FakeShopState(ports.db);
  const artifacts = new MemoryArtifactStore();
  const tenant = await ports.tenants.create('Shops');
  const shop = (await ports.shops.create(tenant.id, { handle: 'a', name: 'A', currency: 'GBP' }))!;
  await ports.items.upsertMany(tenant.id, shop.id, [
    { sku: 'x', title: 'X', description: null, category: [], brand: null, price: 1, attributes: null, active: true },
    { sku: 'y', title: 'Y', description: null, category: [], brand: null, price: 2, attributes: null, active: true },
  ]);
  /** A model version of the two items whose popularity order is `order`, written to the store. */
  const model = async (order: [string, string]) => {
    const m = ports.models.add(tenant.id, shop.id);
    await writeModelVersion(
      artifacts,
      { tenantId: tenant.id, shopId: shop.id, version: m.id },
      {
        vocabulary: { skus: order, counts: Int32Array.from([2, 1]) },
        knn: {
          itemCount: 2,
          offsets: Int32Array.from([0, 0, 0]),
          neighbours: new Int32Array(0),
          weights: new Float64Array(0),
        },
      },
    );
    return m;
  };
  const registry = new InMemoryServingRegistry(ports.models, ports.items, artifacts, state, state);
  const activate = (id: string) => {
    const row = ports.db.shops.get(shop.id);
    if (row) row.activeModelId = id;
  };
  return { ports, state, artifacts, tenant, shop, model, registry, activate };
}

const popular = async (registry: InMemoryServingRegistry, tenantId: string, shopId: string) => {
  const s = await registry.get(tenantId, shopId);
  return s ? { model: s.modelVersionId, top: s.model.popular(1, () => true)[0]?.sku } : null;
};

describe('InMemoryServingRegistry', () => {
  it('loads a shop once for concurrent requests and names the kinds of change it reacts to', async () => {
    const { tenant, shop, model, registry, activate, artifacts } = await setup();
    expect(await registry.get(tenant.id, shop.id)).toBeNull();
    const m = await model(['x', 'y']);
    activate(m.id);
    // Without a change message, the shop already loaded as "no model" stays so until reconciled.
    expect(await registry.get(tenant.id, shop.id)).toBeNull();
    await registry.reconcile();
    await expect.poll(() => popular(registry, tenant.id, shop.id)).toEqual({ model: m.id, top: 'x' });
    const reads = artifacts.reads.length;
    const [a, b] = await Promise.all([registry.get(tenant.id, shop.id), registry.get(tenant.id, shop.id)]);
    expect(a).toBe(b);
    expect(artifacts.reads.length).toBe(reads);
    expect(registry.reactsTo).toEqual(['model-activated', 'catalog-changed', 'baselines-refreshed']);
  });

  it('keeps serving the old model until the activated one has loaded', async () => {
    const { tenant, shop, model, registry, activate } = await setup();
    const first = await model(['x', 'y']);
    activate(first.id);
    expect(await popular(registry, tenant.id, shop.id)).toEqual({ model: first.id, top: 'x' });
    const second = await model(['y', 'x']);
    activate(second.id);
    registry.onChange({ kind: 'model-activated', tenantId: tenant.id, shopId: shop.id, modelId: second.id });
    // The swap happens in the background; a request meanwhile gets the previous state, never nothing.
    const during = await popular(registry, tenant.id, shop.id);
    expect([first.id, second.id]).toContain(during?.model);
    await expect.poll(() => popular(registry, tenant.id, shop.id)).toEqual({ model: second.id, top: 'y' });
  });

  it('heals a lost activation at the next reconciliation', async () => {
    const { tenant, shop, model, registry, activate } = await setup();
    const first = await model(['x', 'y']);
    activate(first.id);
    await registry.get(tenant.id, shop.id);
    const second = await model(['y', 'x']);
    activate(second.id); // the message is lost
    expect((await popular(registry, tenant.id, shop.id))?.model).toBe(first.id);
    expect(await registry.reconcile()).toBe(1);
    await expect.poll(() => popular(registry, tenant.id, shop.id)).toEqual({ model: second.id, top: 'y' });
    // Nothing differs any more: nothing reloads.
    expect(await registry.reconcile()).toBe(0);
  });

  it('re-reads the items, not the model, when only the catalog version moved', async () => {
    const { ports, tenant, shop, model, registry, activate, artifacts } = await setup();
    const m = await model(['x', 'y']);
    activate(m.id);
    const before = await registry.get(tenant.id, shop.id);
    expect(before?.items.map((i) => i?.active)).toEqual([true, true]);
    await ports.items.deactivate(tenant.id, shop.id, ['x']);
    const reads = artifacts.reads.length;
    expect(await registry.reconcile()).toBe(1);
    await expect
      .poll(async () => (await registry.get(tenant.id, shop.id))?.items.map((i) => i?.active))
      .toEqual([false, true]);
    const after = await registry.get(tenant.id, shop.id);
    expect(after?.model).toBe(before?.model);
    expect(artifacts.reads.length).toBe(reads);
  });

  it('does not keep a failed load: the next request tries again', async () => {
    const { tenant, shop, model, registry, activate, artifacts } = await setup();
    const m = await model(['x', 'y']);
    activate(m.id);
    artifacts.failing.add(m.artifactPath);
    await expect(registry.get(tenant.id, shop.id)).rejects.toThrow('cannot be read');
    artifacts.failing.clear();
    expect((await popular(registry, tenant.id, shop.id))?.model).toBe(m.id);
  });
});
