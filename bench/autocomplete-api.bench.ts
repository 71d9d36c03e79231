// `npx tsx bench/autocomplete-api.bench.ts`: the `autocomplete` GraphQL query over HTTP on loopback against the
// real API process, for the shop size: the uk shop of Online Retail (Chen, Sain & Guo, 2012, UCI, CC BY
// 4.0, about 4,000 items) with 100,000 distinct queries (DERIVED searches, deriveSearchEvents, plus seeded
// synthetic long-tail queries, as in bench/autocomplete.bench.ts), ingested through the bulk endpoint, a model
// trained by the real worker, and the query model built by the worker's `autocomplete` job after training.
// Requests rotate over 5,000 typed prefixes (1-8 characters, a quarter of the long ones with a typo), each with a
// session of 1-5 items of a held-out basket. Prints latency at a fixed rate (open loop, measured from each
// request's scheduled start; bench/lib/load.ts), the server-side time from the API's `server-timing` header
// (arrival to answer inside the API process), and the peak rate. Goal (issue 6): p99 <= 5 ms server side.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadFile } from '@shopspace/cli';
import { createRng } from '@shopspace/item2vec';
import { gql, machine } from './lib/api-process.ts';
import { latencyPrefixes } from './lib/autocomplete-prefixes.ts';
import { loadRetailSearchShop } from './lib/autocomplete-retail.ts';
import { distinctCandidates, syntheticQueryEvents } from './lib/autocomplete-synthetic.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { benchShop } from './lib/trained-shop.ts';

const QUERY = `query($s:ID!,$p:String!,$x:SessionInput){autocomplete(shopId:$s,prefix:$p,session:$x,first:8){requestId personalized suggestions{text score highlight trackingId} items{score reason item{sku title price}}}}`;
const DISTINCT_QUERIES = 100_000;
const RATE = Number(process.env['BENCH_RATE'] ?? 500);

interface Answer {
  autocomplete: { personalized: boolean; suggestions: Array<{ text: string }>; items: unknown[] };
}

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const data = loadRetailSearchShop();
  const derived = [...data.trainEvents, ...data.testEvents];
  const known = distinctCandidates(derived, data.catalog);
  const synthetic = syntheticQueryEvents(
    data.catalog,
    known,
    DISTINCT_QUERIES,
    { from: data.splitAt - 90 * 86_400_000, before: data.splitAt },
    7,
  );
  const events = [...derived, ...synthetic];
  const searches = events.filter((e) => e.type === 'SEARCH').length;
  console.log(`events to ingest: ${events.length} (${searches} searches, ${known.size} distinct candidate texts)`);

  const shop = await benchShop('shopspace_bench_autocomplete_api');
  const dir = mkdtempSync(join(tmpdir(), 'shopspace-ac-bench-'));
  try {
    const file = join(dir, 'searches.ndjson');
    writeFileSync(
      file,
      events
        .map((e, i) =>
          JSON.stringify({
            eventId: `bench.${i}`,
            sessionId: e.sessionId,
            type: e.type,
            ...(e.type === 'SEARCH' ? { query: e.query } : { sku: e.sku }),
            occurredAt: new Date(e.timestamp).toISOString(),
          }),
        )
        .join('\n') + '\n',
    );
    const imported = await uploadFile({
      apiUrl: shop.api.url,
      key: shop.secretKey,
      shopId: shop.shopId,
      kind: 'events',
      file,
      params: { format: 'ndjson' },
    });
    console.log(`ingested: ${JSON.stringify((imported.body as { accepted?: number }).accepted)} events`);
    // Training succeeds → the worker builds the query model at once, in the new model's space.
    const trained = await shop.train({ testFrom: '2011-11-01T00:00:00Z' });
    console.log(`training: ${trained.seconds.toFixed(1)} s`);
    const probe = synthetic.find((e) => e.type === 'SEARCH')?.query ?? 'heart';
    const started = performance.now();
    for (;;) {
      const r = await gql<Answer>(shop.api.url, shop.publishableKey, QUERY, { s: shop.shopId, p: probe });
      if (r.autocomplete.suggestions.some((s) => s.text === probe)) break;
      if (performance.now() - started > 300_000) throw new Error('the query model was not built within 5 minutes');
      await new Promise((res) => setTimeout(res, 500));
    }
    console.log(`query model served ${((performance.now() - started) / 1000).toFixed(1)} s after training`);
    // The worker also rebuilds the baselines (debounced after the import); each rebuild makes every API process
    // reload that shop's state. Wait for it, so the figures are the steady state, then stop the worker.
    await shop.waitForRebuilds();
    shop.stopWorker();
    await new Promise((res) => setTimeout(res, 3_000));

    const rng = createRng(20111101);
    const baskets = data.testEvents.reduce((map, e) => {
      if (e.type === 'VIEW' && e.sku) map.set(e.sessionId, [...(map.get(e.sessionId) ?? []), e.sku]);
      return map;
    }, new Map<string, string[]>());
    const sessions = [...baskets.values()].filter((b) => b.length >= 2);
    const prefixes = latencyPrefixes([...known], 5_000, rng);
    const bodies = prefixes.map((p) => {
      const basket = sessions[rng.nextInt(sessions.length)] ?? [];
      const skus = basket.slice(0, 1 + rng.nextInt(Math.min(5, basket.length)));
      return JSON.stringify({ query: QUERY, variables: { s: shop.shopId, p: p.text, x: { skus } } });
    });
    const load = (rate: number, seconds: number): Promise<LoadResult> =>
      runLoad({
        url: `${shop.api.url}/graphql`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${shop.publishableKey}` },
        body: (i) => bodies[i % bodies.length] ?? '',
        rate,
        seconds,
        concurrency: 16,
      });
    await load(0, 5); // warm-up: JIT, query model and item2vec model loaded
    const fixed = await load(RATE, 20);
    const peak = await load(0, 15);
    const errors = fixed.errors + peak.errors;
    console.log(`requests: ${bodies.length} distinct prefixes with held-out sessions, 8 suggestions + 4 items each`);
    console.log(
      `at ${RATE} req/s: ${fixed.requestsPerSecond} req/s served, latency p50 ${fixed.p50} ms, p90 ${fixed.p90} ms, ` +
        `p99 ${fixed.p99} ms, max ${fixed.max} ms (p99 from actual send ${fixed.serviceP99} ms)`,
    );
    console.log(
      `server side (the API's server-timing: arrival to answer, in the API process): p50 ${fixed.serverP50} ms, ` +
        `p99 ${fixed.serverP99} ms`,
    );
    console.log(
      `peak:         ${peak.requestsPerSecond} req/s (16 in flight), latency p50 ${peak.p50} ms, p99 ${peak.p99} ms`,
    );
    console.log(`errors: ${errors}; peak API RSS ${shop.api.peakRssMiB().toFixed(0)} MiB`);
    console.log(
      `goal: server-side p99 <= 5 ms at ${RATE} req/s: ${fixed.serverP99 <= 5 && errors === 0 ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await shop.close();
  }
}

await main();
