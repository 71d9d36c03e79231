// AutocompleteService with typed fakes: the session picks the ranking (own items through the active model; a
// sister shop's session through the SiblingSessionMapper when none of its items is known here), a query model
// built in another model's space is not personalised, inactive items are never shown, and every answer is
// remembered with its item skus and its suggestions as `q:<text>`.

import { describe, expect, it } from 'vitest';
import { AutocompleteIndex, buildQueryModel, type ShopEvent } from '@shopspace/autocomplete';
import { ServingModel } from '@shopspace/serving';
import { ShopService } from '../catalog/shop.service.ts';
import type { Item, Shop, ShopRepository } from '../catalog/catalog.ports.ts';
import type { ServingRegistry, ShopServing } from '../recommend/recommend.ports.ts';
import type { RequestLog, ServedRequest } from '../tracking/tracking.ports.ts';
import type { Principal } from '../tenancy/principal.ts';
import { AutocompleteService } from './autocomplete.service.ts';
import type { AutocompleteRegistry, ShopAutocomplete, SiblingSessionMapper } from './autocomplete.ports.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const SHOP = '00000000-0000-4000-8000-000000000002';
const principal: Principal = { kind: 'key', tenantId: TENANT, keyId: 'k', keyKind: 'PUBLISHABLE' };

// A 2-D item space: apples point along x, balls along y.
const SKUS = ['apple-1', 'apple-2', 'ball-1', 'ball-2'];
const VECTORS = new Float32Array([1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9]);

const item = (sku: string, active = true): Item => ({
  sku,
  shopId: SHOP,
  title: `red ${sku.split('-')[0] ?? ''} ${sku}`,
  description: null,
  category: [],
  brand: null,
  price: 1,
  attributes: null,
  active,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

/** "red apple" searched 3 times then apples viewed; "red ball" 4 times then balls viewed. */
function events(): ShopEvent[] {
  const out: ShopEvent[] = [];
  let t = 1_000;
  for (let s = 0; s < 7; s++) {
    const kind = s < 3 ? 'apple' : 'ball';
    out.push({ type: 'SEARCH', sessionId: `s${s}`, query: `red ${kind}`, timestamp: t++ });
    out.push({ type: 'VIEW', sessionId: `s${s}`, sku: `${kind}-1`, timestamp: t++ });
  }
  return out;
}

function setup(options: { modelVersionId?: string; mapper?: SiblingSessionMapper; inactive?: string[] } = {}) {
  const catalog = SKUS.map((sku) => item(sku, !(options.inactive ?? []).includes(sku)));
  const rowOf = new Map(SKUS.map((sku, i) => [sku, i]));
  const model = buildQueryModel(
    { events: events(), items: catalog, itemSpace: { dim: 2, vectors: VECTORS, rowOf } },
    { now: 2_000 },
  );
  const shop: ShopAutocomplete = {
    index: AutocompleteIndex.fromModel(model),
    meta: { modelVersionId: 'm1', fingerprint: 'f', queries: 0, items: 0, decayedTo: '' },
    items: new Map(catalog.map((i) => [i.sku, i])),
  };
  const registry: AutocompleteRegistry = { get: () => Promise.resolve(shop) };
  const serving: ShopServing = {
    modelVersionId: options.modelVersionId ?? 'm1',
    model: new ServingModel({
      vocabulary: { skus: SKUS, counts: Int32Array.from([1, 1, 1, 1]) },
      vectors: { dim: 2, vectors: VECTORS },
      knn: {
        itemCount: 4,
        offsets: new Int32Array(5),
        neighbours: new Int32Array(0),
        weights: new Float64Array(0),
      },
      settings: { algorithm: 'item2vec-cbow', blend: 0, recencyDecay: 1 },
    }),
    items: catalog,
  };
  const servingRegistry: ServingRegistry = {
    get: () => Promise.resolve(serving),
    getVersion: () => Promise.resolve(null),
    getBaseline: () => Promise.resolve(null),
  };
  const shopRow: Shop = {
    id: SHOP,
    tenantId: TENANT,
    handle: 'uk',
    name: 'UK',
    currency: 'GBP',
    itemCount: 4,
    eventCount: 14,
    createdAt: new Date(0),
  };
  const shops: ShopRepository = {
    create: () => Promise.resolve(null),
    list: () => Promise.resolve([shopRow]),
    find: (tenantId, id) => Promise.resolve(tenantId === TENANT && id === SHOP ? shopRow : null),
    findByHandle: () => Promise.resolve(null),
  };
  const remembered: ServedRequest[] = [];
  const requests: RequestLog = {
    remember: (request) => {
      remembered.push(request);
      return Promise.resolve();
    },
    track: () => Promise.resolve({ status: 'unknown-request' }),
  };
  const service = new AutocompleteService(
    new ShopService(shops),
    registry,
    servingRegistry,
    undefined,
    requests,
    options.mapper,
  );
  return { service, remembered };
}

const texts = (answer: { suggestions: Array<{ text: string }> }): string[] => answer.suggestions.map((s) => s.text);

describe('AutocompleteService', () => {
  it('ranks by popularity without a session and by the session with one', async () => {
    const { service } = setup();
    const none = await service.autocomplete(principal, SHOP, 'red', null, 5);
    expect(texts(none).slice(0, 2)).toEqual(['red ball', 'red apple']);
    expect(none.personalized).toBe(false);
    const apples = await service.autocomplete(principal, SHOP, 'red', { skus: ['apple-2'] }, 5);
    expect(texts(apples).slice(0, 2)).toEqual(['red apple', 'red ball']);
    expect(apples.personalized).toBe(true);
    expect(apples.items[0]?.item.sku.startsWith('apple')).toBe(true);
  });

  it('maps a sister shop’s session through the SiblingSessionMapper when no sku is known here', async () => {
    const asked: string[][] = [];
    const mapper: SiblingSessionMapper = {
      toShopSpace: (_t, _s, skus) => {
        asked.push([...skus]);
        return Promise.resolve(new Float32Array([1, 0]));
      },
    };
    const { service } = setup({ mapper });
    const answer = await service.autocomplete(principal, SHOP, 'red', { skus: ['eu-apple'] }, 5);
    expect(asked).toEqual([['eu-apple']]);
    expect(texts(answer)[0]).toBe('red apple');
    expect(answer.personalized).toBe(true);
    expect(answer.items[0]?.reason).toContain('sister shop session');
    // A known sku never asks the mapper.
    await service.autocomplete(principal, SHOP, 'red', { skus: ['ball-2'] }, 5);
    expect(asked).toHaveLength(1);
  });

  it('does not personalise with a query model built in another model’s space', async () => {
    const { service } = setup({ modelVersionId: 'm2' });
    const answer = await service.autocomplete(principal, SHOP, 'red', { skus: ['apple-2'] }, 5);
    expect(answer.personalized).toBe(false);
    expect(texts(answer)[0]).toBe('red ball');
  });

  it('never shows an inactive item and remembers items and suggestions for tracking', async () => {
    const { service, remembered } = setup({ inactive: ['apple-1'] });
    const answer = await service.autocomplete(principal, SHOP, 'red', { skus: ['apple-2'] }, 2);
    const skus = answer.items.map((r) => r.item.sku);
    expect(skus).not.toContain('apple-1');
    expect(skus).toHaveLength(3);
    expect(remembered).toHaveLength(1);
    expect(remembered[0]?.skus).toEqual([...skus, 'q:red apple', 'q:red ball']);
    expect(answer.requestId.startsWith(`${SHOP}.`)).toBe(true);
  });

  it('refuses bad arguments naming the field, and another tenant’s shop as not found', async () => {
    const { service } = setup();
    await expect(service.autocomplete(principal, SHOP, ' ', null, 5)).rejects.toMatchObject({ field: 'prefix' });
    await expect(service.autocomplete(principal, SHOP, 'red', null, 21)).rejects.toMatchObject({ field: 'first' });
    const stranger: Principal = { kind: 'key', tenantId: SHOP, keyId: 'x', keyKind: 'PUBLISHABLE' };
    await expect(service.autocomplete(stranger, SHOP, 'red', null, 5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
