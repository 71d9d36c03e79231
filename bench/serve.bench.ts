// `pnpm bench:serve`: sessionRecommendations over HTTP on loopback against the real API process, on the uk
// shop of the demo data (Online Retail, Chen, Sain & Guo, 2012, UCI, CC BY 4.0) with a model trained by the
// real worker. Requests rotate over 1,000 real uk baskets of the test period. Prints p50/p99 latency at a
// fixed 1,000 requests/s (an open-loop generator, bench/lib/load.ts, that measures from each request's
// scheduled start) and the peak requests/s with 16 requests in flight.
// Goal (issue 3): p99 <= 10 ms at 1,000 requests/s.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { uploadFile } from '@shopspace/cli';
import { BENCH_OPERATOR, RETAIL_FILE, ROOT, gql, machine, startApiProcess } from './lib/api-process.ts';
import { loadRetailSessions, sessionsBetween } from './lib/online-retail.ts';
import { runLoad, type LoadResult } from './lib/load.ts';

const QUERY = `query($s:ID!,$skus:[String!]!){sessionRecommendations(shopId:$s,session:{skus:$skus},first:10){requestId modelVersionId items{score item{sku title price}}}}`;

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const artifacts = mkdtempSync(join(tmpdir(), 'shopspace-bench-serve-'));
  const api = await startApiProcess('shopspace_bench_serve', { ARTIFACTS_DIR: artifacts });
  // The worker is a process of its own too, stopped before the load starts: only the API is measured.
  const worker = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: api.databaseUrl,
      REDIS_PREFIX: api.redisPrefix,
      ARTIFACTS_DIR: artifacts,
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  try {
    const t = await gql<{ createTenant: { secretKey: string; publishableKey: string } }>(
      api.url,
      BENCH_OPERATOR,
      'mutation{createTenant(name:"Bench"){secretKey publishableKey}}',
    );
    const { secretKey: sk, publishableKey: pk } = t.createTenant;
    const shop = (
      await gql<{ createShop: { id: string } }>(
        api.url,
        sk,
        'mutation{createShop(input:{handle:"uk",name:"UK",currency:"GBP"}){id}}',
      )
    ).createShop.id;
    for (const kind of ['items', 'events'] as const) {
      await uploadFile({
        apiUrl: api.url,
        key: sk,
        shopId: shop,
        kind,
        file: RETAIL_FILE,
        params: { preset: 'online-retail', where: 'Country=United Kingdom' },
      });
    }
    const start = await gql<{ startTraining: { id: string } }>(
      api.url,
      sk,
      `mutation{startTraining(shopId:"${shop}",config:{testFrom:"2011-11-01T00:00:00Z"}){id}}`,
    );
    for (;;) {
      const r = await gql<{ trainingRun: { status: string; progress: number; error: string | null } }>(
        api.url,
        sk,
        `{trainingRun(id:"${start.startTraining.id}"){status progress error}}`,
      );
      process.stderr.write(`  training ${Math.round(r.trainingRun.progress * 100)}%\r`);
      if (r.trainingRun.status === 'SUCCEEDED') break;
      if (r.trainingRun.status !== 'RUNNING' && r.trainingRun.status !== 'QUEUED')
        throw new Error(`training ${r.trainingRun.status}: ${r.trainingRun.error ?? ''}`);
      await new Promise((res) => setTimeout(res, 500));
    }
    worker.kill('SIGTERM');
    const baskets = sessionsBetween(loadRetailSessions('United Kingdom', RETAIL_FILE), { from: '2011-11-01' }).slice(
      0,
      1_000,
    );
    const bodies = baskets.map((b) => JSON.stringify({ query: QUERY, variables: { s: shop, skus: b.slice(0, -1) } }));
    const check = await gql<{ sessionRecommendations: { items: unknown[] } }>(api.url, pk, QUERY, {
      s: shop,
      skus: baskets[0]?.slice(0, -1),
    });
    if (check.sessionRecommendations.items.length === 0) throw new Error('no recommendations served');

    const load = (rate: number, seconds: number): Promise<LoadResult> =>
      runLoad({
        url: `${api.url}/graphql`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${pk}` },
        body: (i) => bodies[i % bodies.length] ?? '',
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
      `at 1,000 req/s: ${fixed.requestsPerSecond} req/s served, latency p50 ${fixed.p50} ms, p90 ${fixed.p90} ms, p99 ${fixed.p99} ms, max ${fixed.max} ms (p99 from actual send ${fixed.serviceP99} ms)`,
    );
    console.log(
      `peak:           ${peak.requestsPerSecond} req/s (16 in flight), latency p50 ${peak.p50} ms, p99 ${peak.p99} ms`,
    );
    console.log(`errors: ${errors}; peak API RSS ${api.peakRssMiB().toFixed(0)} MiB`);
    console.log(`goal: p99 <= 10 ms at 1,000 req/s: ${fixed.p99 <= 10 && errors === 0 ? 'met' : 'NOT met'}`);
  } finally {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await api.stop();
    rmSync(artifacts, { recursive: true, force: true });
  }
}

await main();
