// `pnpm bench:track`: the tracking write path against the real API process, Redis and the real worker's
// flusher, on the uk shop of the demo data (Online Retail, Chen, Sain & Guo, 2012, UCI, CC BY 4.0).
// 1. serves 60,000 lists (10 items each) to get request ids;
// 2. trackImpressions (10 skus per call) at a fixed 1,000 calls/s for 20 s, open loop, then closed-loop peak;
// 3. A: with the worker's flusher running during the load; B: with the worker stopped, then one flusher
//    drains the write-ahead log (events/s into PostgreSQL); exactly the acknowledged number must land.

import { TrackingSqlRepository, openPostgres } from '@shopspace/db';
import { TrackingFlusher } from '@shopspace/domain';
import { KeySpace, RedisTrackingOutbox, openRedis } from '@shopspace/redis';
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
    // The worker also rebuilds the shop's baselines and autocomplete model after the import and the training;
    // let those finish so the load meets the API and the flusher alone, as in steady state.
    await shop.waitForRebuilds();
    const served = await serveMany(shop.api.url, shop.publishableKey, shop.shopId, baskets, 60_000);
    const bodies = served.map((s) => JSON.stringify({ query: TRACK, variables: { r: s.requestId, s: s.skus } }));
    let used = 0;
    const load = (rate: number, seconds: number) =>
      runLoad({
        url: `${shop.api.url}/graphql`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${shop.publishableKey}` },
        // Each call tracks a list not tracked before, so every call writes.
        body: () => bodies[used++] ?? bodies[0] ?? '',
        rate,
        seconds,
        concurrency: 16,
      });
    const landed = async (): Promise<number> =>
      (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM tracked_events`))[0]?.n ?? 0;
    const acknowledged = (calls: number): number => served.slice(0, calls).reduce((n, s) => n + s.skus.length, 0);
    console.log(`lists served: ${served.length} (10 items each); each trackImpressions call sends one list's 10 skus`);

    // A: the worker's flusher moves the log into PostgreSQL while the load runs (2 cores shared by all).
    const fixed = await load(1_000, 20);
    const peak = await load(0, 5);
    const callsA = used;
    let drainStart = performance.now();
    while ((await landed()) < acknowledged(callsA) && performance.now() - drainStart < 120_000)
      await new Promise((res) => setTimeout(res, 100));
    const lagA = (performance.now() - drainStart) / 1000;
    const landedA = await landed();
    console.log('A. flusher running during the load:');
    console.log(
      `   at 1,000 calls/s: p50 ${fixed.p50} ms, p99 ${fixed.p99} ms, max ${fixed.max} ms; errors ${fixed.errors}`,
    );
    console.log(`   peak: ${peak.requestsPerSecond} calls/s (16 in flight), p50 ${peak.p50} ms, p99 ${peak.p99} ms`);
    console.log(
      `   acknowledged ${acknowledged(callsA)} impressions, in PostgreSQL ${landedA} (${lagA.toFixed(1)} s after)`,
    );

    // B: the worker stopped, so the API and Redis alone take the load; then one flusher drains the log.
    shop.stopWorker();
    await new Promise((res) => setTimeout(res, 2_000));
    const fixedB = await load(1_000, 20);
    const callsB = used;
    const backlog = acknowledged(callsB) - landedA;
    const redis = openRedis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    const outbox = new RedisTrackingOutbox(redis, new KeySpace(shop.api.redisPrefix), { claimIdleMs: 1_000 });
    const flusher = new TrackingFlusher(outbox, new TrackingSqlRepository(db.sql), { blockMs: 100 });
    drainStart = performance.now();
    while ((await landed()) < acknowledged(callsB) && performance.now() - drainStart < 300_000)
      await flusher.flushOnce();
    const drainSeconds = (performance.now() - drainStart) / 1000;
    await outbox.close();
    redis.disconnect();
    const landedB = await landed();
    console.log('B. worker stopped during the load, log drained after it:');
    console.log(
      `   at 1,000 calls/s: p50 ${fixedB.p50} ms, p99 ${fixedB.p99} ms, max ${fixedB.max} ms; errors ${fixedB.errors}`,
    );
    console.log(
      `   drained ${backlog} impressions in ${drainSeconds.toFixed(1)} s: ${Math.round(backlog / drainSeconds)} events/s ` +
        `into PostgreSQL (one flusher, batches of 2,000)`,
    );
    console.log(`   acknowledged ${acknowledged(callsB)} in all, in PostgreSQL ${landedB}`);
    console.log(`peak API RSS ${shop.api.peakRssMiB().toFixed(0)} MiB`);
    if (landedB !== acknowledged(callsB)) process.exitCode = 1;
  } finally {
    await db.close();
    await shop.close();
  }
}

await main();
