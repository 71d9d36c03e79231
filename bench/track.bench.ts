// `pnpm bench:track`: the tracking write path against the real API process, Redis and the real worker's
// flusher, on the uk shop of the demo data (Online Retail, Chen, Sain & Guo, 2012, UCI, CC BY 4.0).
// 1. serves 30,000 lists (10 items each) to get request ids;
// 2. trackImpressions (10 skus per call) at a fixed 1,000 calls/s for 20 s, open loop, then closed-loop peak;
// 3. how long the worker's flusher takes to land every acknowledged impression in PostgreSQL (events/s), and
//    that exactly the acknowledged number landed (idempotent redelivery, nothing lost).

import { openPostgres } from '@shopspace/db';
import { RETAIL_FILE, machine } from './lib/api-process.ts';
import { runLoad } from './lib/load.ts';
import { loadRetailSessions, sessionsBetween } from './lib/online-retail.ts';
import { benchShop } from './lib/trained-shop.ts';

const SERVE = `query($s:ID!,$skus:[String!]!){sessionRecommendations(shopId:$s,session:{skus:$skus},first:10){requestId items{item{sku}}}}`;
const TRACK = `mutation($r:ID!,$s:[String!]!){trackImpressions(requestId:$r,skus:$s)}`;

async function serveMany(url: string, key: string, shopId: string, baskets: string[][], n: number) {
  const served: Array<{ requestId: string; skus: string[] }> = [];
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: SERVE, variables: { s: shopId, skus: baskets[i % baskets.length] } }),
      });
      const body = (await res.json()) as {
        data?: { sessionRecommendations: { requestId: string; items: Array<{ item: { sku: string } }> } };
        errors?: unknown;
      };
      const list = body.data?.sessionRecommendations;
      if (!list) throw new Error(`serving failed: ${JSON.stringify(body.errors)}`);
      served.push({ requestId: list.requestId, skus: list.items.map((x) => x.item.sku) });
    }
  };
  await Promise.all(Array.from({ length: 16 }, one));
  return served;
}

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const shop = await benchShop('shopspace_bench_track');
  const db = openPostgres(shop.api.databaseUrl, { max: 2 });
  try {
    await shop.train({ testFrom: '2011-11-01T00:00:00Z', epochs: 2 });
    const baskets = sessionsBetween(loadRetailSessions('United Kingdom', RETAIL_FILE), { from: '2011-11-01' })
      .map((b) => b.slice(0, -1))
      .filter((b) => b.length <= 500)
      .slice(0, 1_000);
    const served = await serveMany(shop.api.url, shop.publishableKey, shop.shopId, baskets, 30_000);
    const bodies = served.map((s) => JSON.stringify({ query: TRACK, variables: { r: s.requestId, s: s.skus } }));
    let used = 0;
    const load = (rate: number, seconds: number) =>
      runLoad({
        url: `${shop.api.url}/graphql`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${shop.publishableKey}` },
        // Each call tracks a list not tracked before, so every call writes (until the lists run out).
        body: () => bodies[used++ % bodies.length] ?? '',
        rate,
        seconds,
        concurrency: 16,
      });
    const fixed = await load(1_000, 20);
    const peak = await load(0, 5);
    const calls = Math.min(used, bodies.length);
    const expected = served.slice(0, calls).reduce((n, s) => n + s.skus.length, 0);
    const drainStart = performance.now();
    let landed = 0;
    for (;;) {
      const [row] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM tracked_events`);
      landed = row?.n ?? 0;
      if (landed >= expected || performance.now() - drainStart > 120_000) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    console.log(`lists served: ${served.length}; impression calls: ${calls} (10 skus each)`);
    console.log(
      `trackImpressions at 1,000 calls/s: ${fixed.requestsPerSecond} calls/s, p50 ${fixed.p50} ms, p99 ${fixed.p99} ms, ` +
        `max ${fixed.max} ms; errors ${fixed.errors}`,
    );
    console.log(`peak: ${peak.requestsPerSecond} calls/s (16 in flight), p50 ${peak.p50} ms, p99 ${peak.p99} ms`);
    console.log(
      `impressions acknowledged: ${expected}; in PostgreSQL: ${landed} ` +
        `(${drainSeconds.toFixed(1)} s after the load ended; the flusher ran during the load too)`,
    );
    console.log(`peak API RSS ${shop.api.peakRssMiB().toFixed(0)} MiB`);
    if (landed !== expected) process.exitCode = 1;
  } finally {
    await db.close();
    await shop.close();
  }
}

await main();
