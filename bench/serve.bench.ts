// `pnpm bench:serve`: sessionRecommendations over HTTP on loopback against the real API process, on the uk
// shop of the demo data (Online Retail, Chen, Sain & Guo, 2012, UCI, CC BY 4.0) with a model trained by the
// real worker (stopped before the load). Requests rotate over 1,000 real uk baskets of the test period.
// Prints p50/p99 latency at a fixed 1,000 requests/s (an open-loop generator, bench/lib/load.ts, that
// measures from each request's scheduled start) and the peak requests/s with 16 requests in flight.
// Goal (issue 3): p99 <= 10 ms at 1,000 requests/s.

import { RETAIL_FILE, gql, machine } from './lib/api-process.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { loadRetailSessions, sessionsBetween } from './lib/online-retail.ts';
import { benchShop } from './lib/trained-shop.ts';

const USER_QUERY = `query($s:ID!,$u:String!){userRecommendations(shopId:$s,userId:$u,first:10){requestId items{score item{sku title price}}}}`;
const QUERY = `query($s:ID!,$skus:[String!]!){sessionRecommendations(shopId:$s,session:{skus:$skus},first:10){requestId modelVersionId items{score item{sku title price}}}}`;

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const shop = await benchShop('shopspace_bench_serve');
  try {
    await shop.train({ testFrom: '2011-11-01T00:00:00Z' });
    await shop.waitForRebuilds();
    shop.stopWorker();
    // The API refuses sessions over 500 skus (a handful of wholesale invoices are longer).
    const retail = loadRetailSessions('United Kingdom', RETAIL_FILE);
    const baskets = sessionsBetween(retail, { from: '2011-11-01' })
      .filter((b) => b.length <= 501)
      .slice(0, 1_000);
    const bodies = baskets.map((b) =>
      JSON.stringify({ query: QUERY, variables: { s: shop.shopId, skus: b.slice(0, -1) } }),
    );
    const check = await gql<{ sessionRecommendations: { items: unknown[] } }>(
      shop.api.url,
      shop.publishableKey,
      QUERY,
      {
        s: shop.shopId,
        skus: baskets[0]?.slice(0, -1),
      },
    );
    if (check.sessionRecommendations.items.length === 0) throw new Error('no recommendations served');

    const load = (rate: number, seconds: number, requests: readonly string[] = bodies): Promise<LoadResult> =>
      runLoad({
        url: `${shop.api.url}/graphql`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${shop.publishableKey}` },
        body: (i) => requests[i % requests.length] ?? '',
        rate,
        seconds,
        concurrency: 16,
      });
    await load(0, 5); // warm-up: JIT, model load, connection pools
    const fixed = await load(1_000, 20);
    const peak = await load(0, 15);
    const errors = fixed.errors + peak.errors;
    console.log(`requests: ${baskets.length} distinct uk baskets of the test period, 10 recommendations each`);
    console.log(
      `at 1,000 req/s: ${fixed.requestsPerSecond} req/s served, latency p50 ${fixed.p50} ms, p90 ${fixed.p90} ms, ` +
        `p99 ${fixed.p99} ms, max ${fixed.max} ms (p99 from actual send ${fixed.serviceP99} ms)`,
    );
    console.log(`server side (the API's server-timing): p50 ${fixed.serverP50} ms, p99 ${fixed.serverP99} ms`);
    console.log(
      `peak:           ${peak.requestsPerSecond} req/s (16 in flight), latency p50 ${peak.p50} ms, p99 ${peak.p99} ms`,
    );
    console.log(`goal: p99 <= 10 ms at 1,000 req/s: ${fixed.p99 <= 10 && errors === 0 ? 'met' : 'NOT met'}`);

    // Users: shoppers of the training period (batch lists) and of the test period only (online path).
    const shoppers = [...new Set(retail.map((r) => r.customer).filter((c): c is string => c !== null))].slice(0, 1_000);
    const userBodies = shoppers.map((u) => JSON.stringify({ query: USER_QUERY, variables: { s: shop.shopId, u } }));
    await load(0, 3, userBodies);
    const users = await load(1_000, 20, userBodies);
    const usersPeak = await load(0, 10, userBodies);
    console.log(`\nuserRecommendations over ${userBodies.length} uk shoppers (one events read + the batch list each):`);
    console.log(
      `at 1,000 req/s: ${users.requestsPerSecond} req/s served, latency p50 ${users.p50} ms, p90 ${users.p90} ms, ` +
        `p99 ${users.p99} ms (server side p50 ${users.serverP50} ms, p99 ${users.serverP99} ms)`,
    );
    console.log(`peak:           ${usersPeak.requestsPerSecond} req/s (16 in flight), p99 ${usersPeak.p99} ms`);
    const allErrors = errors + users.errors + usersPeak.errors;
    console.log(`errors: ${allErrors}; peak API RSS ${shop.api.peakRssMiB().toFixed(0)} MiB`);
    console.log(
      `goal: users p99 <= 10 ms at 1,000 req/s: ${users.p99 <= 10 && users.errors === 0 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await shop.close();
  }
}

await main();
