// The demo tenant: "Demo Retail Group" with shops `uk` (United Kingdom invoices) and `eu` (every other country),
// their catalogs and events imported from the repository's Online Retail file (Chen, Sain & Guo, 2012, UCI
// Machine Learning Repository, CC BY 4.0) through the real bulk endpoint, both shops trained, aligned, and an
// experiment running with simulated traffic (demo-group.ts). Idempotent: a second start reuses all of it.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Principal } from '@shopspace/domain';
import type { ComposedApi } from '@shopspace/api';
import { uploadFile } from '@shopspace/cli';
import type { SqlClient } from '@shopspace/db';
import { ingestDerivedSearches } from './demo-searches.ts';

export const DEMO_TENANT = 'Demo Retail Group';
const SHOPS = [
  { handle: 'uk', name: 'Demo Retail UK', where: 'Country=United Kingdom' },
  { handle: 'eu', name: 'Demo Retail Europe', where: 'Country!=United Kingdom' },
] as const;

export interface DemoKeys {
  readonly tenantId: string;
  readonly secretKey: string;
  readonly publishableKey: string;
}

export interface DemoShop {
  readonly id: string;
  readonly handle: string;
  readonly itemCount: number;
  readonly eventCount: number;
  readonly activeModelId: string | null;
}

/** The shared protocol's split: invoices from 2011-11-01 on are the held-out test sessions. */
export const DEMO_TEST_FROM = '2011-11-01T00:00:00Z';

/** Trains every demo shop that has events but no model yet, waiting with a progress line per shop. */
export async function trainShops(
  api: ComposedApi,
  principal: Principal,
  shops: DemoShop[],
  log: (line: string) => void,
): Promise<DemoShop[]> {
  const out: DemoShop[] = [];
  for (const shop of shops) {
    if (shop.activeModelId || shop.eventCount === 0) {
      out.push(shop);
      continue;
    }
    let run = await api.services.training.start(principal, shop.id, { testFrom: DEMO_TEST_FROM });
    const started = Date.now();
    let shown = -1;
    while (run.status === 'QUEUED' || run.status === 'RUNNING') {
      const percent = Math.floor(run.progress * 10) * 10;
      if (percent !== shown) log(`training shop ${shop.handle}: ${percent}%`);
      shown = percent;
      await new Promise((r) => setTimeout(r, 500));
      run = await api.services.training.get(principal, run.id);
    }
    const served = (run.metrics?.['served'] ?? {}) as Record<string, number>;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log(
      `  ${run.status} in ${seconds} s${run.error ? `: ${run.error}` : ''}; held-out HR@10 ${served['hr@10'] ?? '?'}, NDCG@10 ${served['ndcg@10'] ?? '?'}`,
    );
    out.push({ ...shop, activeModelId: run.modelVersionId });
  }
  return out;
}

/** Keys are stored hashed, so the demo keeps its own plain copy in .data/ to print them on every start. */
async function demoKeys(api: ComposedApi, operator: Principal, dataDir: string): Promise<DemoKeys> {
  const file = join(dataDir, 'demo-keys.json');
  const { tenants, keys } = api.services;
  const existing = (await tenants.list(operator)).find((t) => t.name === DEMO_TENANT);
  if (existing && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoKeys;
    const [sk, pk] = await Promise.all([keys.authenticate(saved.secretKey), keys.authenticate(saved.publishableKey)]);
    if (saved.tenantId === existing.id && sk.kind === 'key' && pk.kind === 'key') return saved;
  }
  let result: DemoKeys;
  if (existing) {
    const sk = await keys.createAsOperator(operator, existing.id, 'SECRET', 'demo secret key');
    const pk = await keys.createAsOperator(operator, existing.id, 'PUBLISHABLE', 'demo publishable key');
    result = { tenantId: existing.id, secretKey: sk.secret, publishableKey: pk.secret };
  } else {
    const created = await tenants.create(operator, DEMO_TENANT);
    result = { tenantId: created.tenant.id, secretKey: created.secretKey, publishableKey: created.publishableKey };
  }
  writeFileSync(file, JSON.stringify(result, null, 2), { mode: 0o600 });
  return result;
}

/** Imports the demo's data into its shops; afterwards the keys and shops, before any training. */
export async function importDemo(
  api: ComposedApi,
  apiUrl: string,
  operatorToken: string,
  dataDir: string,
  dataFile: string | null,
  log: (line: string) => void,
  /** With the database, the demo also derives SEARCH events from the sessions (seeded; see demo-searches.ts). */
  sql?: SqlClient,
  /** Called once a shop's data is in (the next shop's import goes on meanwhile). */
  onImported: (shop: DemoShop, keys: DemoKeys) => void = () => undefined,
): Promise<{ keys: DemoKeys; principal: Principal; shops: DemoShop[] }> {
  const operator = await api.services.keys.authenticate(operatorToken);
  const keys = await demoKeys(api, operator, dataDir);
  const principal = await api.services.keys.authenticate(keys.secretKey);
  const shops: DemoShop[] = [];
  for (const spec of SHOPS) {
    const list = await api.services.shops.list(principal);
    let shop = list.find((s) => s.handle === spec.handle);
    shop ??= await api.services.shops.create(principal, { handle: spec.handle, name: spec.name, currency: 'GBP' });
    if (dataFile) {
      for (const kind of ['items', 'events'] as const) {
        const count = kind === 'items' ? shop.itemCount : shop.eventCount;
        if (count > 0) continue;
        log(`importing ${kind} of shop ${spec.handle} from ${dataFile}`);
        const started = Date.now();
        const r = await uploadFile({
          apiUrl,
          key: keys.secretKey,
          shopId: shop.id,
          kind,
          file: dataFile,
          params: { format: 'csv', preset: 'online-retail', where: spec.where, source: 'online-retail.csv.gz' },
        });
        const body = r.body as { accepted?: number; skipped?: number; status?: string };
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        log(
          `  ${body.status ?? `HTTP ${r.status}`}: ${body.accepted ?? 0} rows accepted, ${body.skipped ?? 0} skipped, in ${seconds} s`,
        );
      }
      if (sql) await ingestDerivedSearches(api, sql, keys.tenantId, shop, log);
      // Popularity and item-kNN from the events at once (not at the end of the debounce window), so the shop
      // recommends before its first model is trained.
      await api.jobs.enqueue('baselines', { tenantId: keys.tenantId, shopId: shop.id }, { now: true });
      shop = (await api.services.shops.get(principal, shop.id)) ?? shop;
    }
    const active = await api.services.training.activeModel(keys.tenantId, shop.id);
    const imported: DemoShop = {
      id: shop.id,
      handle: shop.handle,
      itemCount: shop.itemCount,
      eventCount: shop.eventCount,
      activeModelId: active?.id ?? null,
    };
    shops.push(imported);
    onImported(imported, keys);
  }
  return { keys, principal, shops };
}
