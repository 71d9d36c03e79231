// The demo's brand-group features: the uk and eu shops aligned (so twins and cross-shop answers work), and an
// A/B experiment running on one uk placement with seeded simulated traffic (so its results page has data).
// Both steps are idempotent: a second start reuses a current alignment and the running experiment.

import type { ComposedApi } from '@shopspace/api';
import type { SqlClient } from '@shopspace/db';
import { DomainError, type Principal } from '@shopspace/domain';
import { simulateTraffic } from './demo-traffic.ts';

export const DEMO_PLACEMENT = 'demo-basket';
const TRAFFIC_SEED = 20111102;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Aligns the two shops unless they are aligned with their current models already. */
export async function alignDemoShops(
  api: ComposedApi,
  principal: Principal,
  shops: { uk: string; eu: string },
  log: (line: string) => void,
): Promise<boolean> {
  try {
    await api.services.crossShop.twins(principal, shops.uk, '85123A', shops.eu, 1);
    return true;
  } catch (error) {
    // CONFLICT: not aligned yet, or aligned with a model either shop no longer serves.
    if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
  }
  let run = await api.services.alignment.start(principal, [shops.uk, shops.eu]);
  const started = Date.now();
  while (run.status === 'QUEUED' || run.status === 'RUNNING') {
    await pause(500);
    run = await api.services.alignment.get(principal, run.id);
  }
  log(
    `aligning shops uk and eu: ${run.status} in ${((Date.now() - started) / 1000).toFixed(1)} s${run.error ? `: ${run.error}` : ''}`,
  );
  return run.status === 'SUCCEEDED';
}

/**
 * The demo's experiment on the uk placement: popularity (control) against the trained model, started once;
 * then visitors replayed from held-out sessions until the results have impressions in every arm.
 */
export async function runDemoExperiment(
  api: ComposedApi,
  principal: Principal,
  options: {
    readonly apiUrl: string;
    readonly publishableKey: string;
    readonly sql: SqlClient;
    readonly tenantId: string;
    readonly shopId: string;
    readonly from: string;
  },
  log: (line: string) => void,
): Promise<string | null> {
  const { experiments, experimentResults } = api.services;
  const existing = (await experiments.list(principal, options.shopId)).find(
    (e) => e.placement === DEMO_PLACEMENT && e.status === 'RUNNING',
  );
  const experiment =
    existing ??
    (await experiments.start(
      principal,
      (
        await experiments.create(principal, {
          shopId: options.shopId,
          name: 'Popularity vs the trained model on the basket page',
          placement: DEMO_PLACEMENT,
          variants: [
            { key: 'control', weight: 0.5, strategy: { algorithm: 'popularity' } },
            { key: 'model', weight: 0.5, strategy: { algorithm: 'served' } },
          ],
        })
      ).id,
    ));
  const served = async () => (await experimentResults.results(experiment)).variants;
  if ((await served()).every((v) => v.impressions > 0)) return experiment.id;
  const traffic = await simulateTraffic({ ...options, placement: DEMO_PLACEMENT, visitors: 600, seed: TRAFFIC_SEED });
  // The worker flushes tracking into PostgreSQL in batches; the results read from there.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !(await served()).every((v) => v.impressions > 0)) await pause(250);
  const results = await served();
  log(
    `experiment "${experiment.name}" on placement ${DEMO_PLACEMENT}: ${traffic.visitors} simulated visitors, ` +
      results.map((v) => `${v.key} ${v.clicks}/${v.impressions} clicks`).join(', '),
  );
  return experiment.id;
}

/** Polls the storefront query until it answers with items; the seconds since `since`. */
export async function timeToFirstRecommendation(
  apiUrl: string,
  publishableKey: string,
  shopId: string,
  since: number,
  timeoutMs = 120_000,
): Promise<number | null> {
  const query = `{ sessionRecommendations(shopId: "${shopId}", session: { skus: ["85123A"] }, first: 5) { items { item { sku } } } }`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${publishableKey}` },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: { sessionRecommendations?: { items: unknown[] } } };
    if ((body.data?.sessionRecommendations?.items.length ?? 0) > 0) return (Date.now() - since) / 1000;
    await pause(200);
  }
  return null;
}
