// The processes as operators run them: two API processes and one worker, each started from a working directory
// of its own, sharing models through the PostgreSQL artifact store (no shared disk); both APIs serve what the
// worker trained, one API dying leaves the other serving, a model activated while its change message is lost
// is served after the reconciliation period; /ready answers 503 while a dependency is cut off; a failed job
// writes an error log line; a bad setting or an unmigrated database refuses the start with one line.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BullJobQueue, openRedis } from '@shopspace/redis';
import {
  TEST_OPERATOR_TOKEN,
  createTestDatabase,
  createTestRedis,
  graphqlAt,
  startProcess,
  startTcpProxy,
  trainSmallShop,
  type RunningProcess,
  type TcpProxy,
  type TestDatabase,
  type TestRedis,
} from '@shopspace/testing';

let database: TestDatabase;
let redis: TestRedis;
const dirs: string[] = [];
const running: RunningProcess[] = [];
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;

const workDir = (name: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `shopspace-${name}-`));
  dirs.push(dir);
  return dir;
};

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    ARTIFACT_STORE: 'postgres',
    OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
    PORT: '0',
    WORKER_PORT: '0',
    HOST: '127.0.0.1',
    RECONCILE_INTERVAL_MS: '500',
    RATE_LIMIT_PER_SECOND: '0',
    WORKER_THREADS: '1',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

async function startApi(extra: Record<string, string> = {}): Promise<{ process: RunningProcess; url: string }> {
  const dir = workDir('api');
  const p = startProcess({
    entry: 'apps/api/src/main.ts',
    cwd: dir,
    env: env({ ARTIFACT_CACHE_DIR: join(dir, 'cache'), ...extra }),
  });
  running.push(p);
  const line = await p.waitForLog((l) => l['msg'] === 'api listening', 60_000);
  return { process: p, url: String(line['url']).replace(/\/graphql$/, '') };
}

async function startWorker(extra: Record<string, string> = {}): Promise<{ process: RunningProcess; ops: string }> {
  const dir = workDir('worker');
  const p = startProcess({
    entry: 'apps/worker/src/main.ts',
    cwd: dir,
    env: env({ ARTIFACT_CACHE_DIR: join(dir, 'cache'), ...extra }),
  });
  running.push(p);
  const line = await p.waitForLog((l) => l['msg'] === 'worker ready', 60_000);
  return { process: p, ops: String(line['ops']) };
}

const SESSION = `query($s: ID!) { sessionRecommendations(shopId: $s, session: { skus: ["mug-01", "mug-02"] }, first: 3) {
  modelVersionId items { item { sku } } } }`;

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  database = await createTestDatabase('processes');
  redis = createTestRedis('processes');
  pgProxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(database.url).port || 5432) });
  redisProxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(redis.url).port || 6379) });
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await pgProxy?.close();
  await redisProxy?.close();
  await redis?.cleanup();
  await database?.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('API and worker processes', () => {
  it('share models through the PostgreSQL artifact store, survive one API dying, and heal a lost change message', async () => {
    const [a, b, worker] = await Promise.all([startApi(), startApi(), startWorker()]);
    const api1 = graphqlAt(a.url);
    const api2 = graphqlAt(b.url);
    const tenant = await api1.gql(
      TEST_OPERATOR_TOKEN,
      'mutation{createTenant(name:"Processes"){tenant{id} secretKey publishableKey}}',
    );
    const { secretKey, publishableKey } = tenant.data?.['createTenant'] ?? {};
    const shop = (await api1.gql(secretKey, 'mutation{createShop(input:{handle:"p",name:"P"}){id}}')).data?.[
      'createShop'
    ].id;
    await trainSmallShop(api1, secretKey, shop);
    const first = (await api1.gql(secretKey, `{ shop(id: "${shop}") { activeModel { id } } }`)).data?.['shop']
      .activeModel.id;
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    // Nothing of the model is on either API's disk: they read it from PostgreSQL.
    const rows = await database.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM artifact_versions`);
    expect(rows[0]?.n).toBeGreaterThan(0);
    for (const api of [api1, api2]) {
      const r = await api.gql(publishableKey, SESSION, { s: shop });
      expect(r.data?.['sessionRecommendations'].modelVersionId).toBe(first);
      expect(r.data?.['sessionRecommendations'].items.length).toBe(3);
    }

    // One API dies; the other keeps serving.
    await a.process.stop('SIGKILL');
    const after = await api2.gql(publishableKey, SESSION, { s: shop });
    expect(after.data?.['sessionRecommendations'].modelVersionId).toBe(first);

    // A second model; then the pointer is moved back to the first straight in the database, as an activation
    // whose change message was lost would leave it. API 2 serves it again after the reconciliation period.
    const run = await api2.gql(
      secretKey,
      `mutation { startTraining(shopId: "${shop}", config: { dimensions: 16, epochs: 5, minCount: 1, seed: 9 }) { id } }`,
    );
    const second = await eventually(
      async () =>
        (
          await api2.gql(
            secretKey,
            `{ trainingRun(id: "${run.data?.['startTraining'].id}") { status modelVersion { id } } }`,
          )
        ).data?.['trainingRun'],
      (r) => r?.status === 'SUCCEEDED',
      60_000,
    );
    const secondId = second.modelVersion.id as string;
    await database.db.sql.query(`UPDATE shops SET active_model_id = $1 WHERE id = $2`, [secondId, shop]);
    const onSecond = await eventually(
      async () =>
        (await api2.gql(publishableKey, SESSION, { s: shop })).data?.['sessionRecommendations'].modelVersionId,
      (id) => id === secondId,
    );
    expect(onSecond).toBe(secondId);
    await database.db.sql.query(`UPDATE shops SET active_model_id = $1 WHERE id = $2`, [first, shop]);
    const healed = await eventually(
      async () =>
        (await api2.gql(publishableKey, SESSION, { s: shop })).data?.['sessionRecommendations'].modelVersionId,
      (id) => id === first,
    );
    expect(healed).toBe(first);
    expect(b.process.logs().some((l) => l['msg'] === 'reconciled in-memory state with the database')).toBe(true);

    // Both processes expose metrics.
    const apiMetrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(apiMetrics).toMatch(
      /shopspace_request_duration_seconds_count\{[^}]*operation="sessionRecommendations",status="200"/,
    );
    expect(apiMetrics).toMatch(/shopspace_models_loaded\{kind="model",process="api"\} 1/);
    const workerMetrics = await (await fetch(`${worker.ops}/metrics`)).text();
    expect(workerMetrics).toMatch(/shopspace_job_duration_seconds_count\{[^}]*queue="training",outcome="completed"/);
    // One access-log line per request, with operation, tenant, shop, status and duration.
    const access = b.process.logs().find((l) => l['msg'] === 'request' && l['operation'] === 'sessionRecommendations');
    expect(access).toMatchObject({ tenantId: tenant.data?.['createTenant'].tenant.id, status: 200, path: '/graphql' });
    expect(typeof access?.['ms']).toBe('number');
    // SIGTERM: the worker finishes what it runs and exits cleanly; so does the API.
    const stopped = async (p: RunningProcess) => {
      const code = await p.stop('SIGTERM');
      return code === 0 ? 0 : `${code}: ${p.output().slice(-1500)}`;
    };
    expect(await stopped(worker.process)).toBe(0);
    expect(await stopped(b.process)).toBe(0);
  });

  it('answers /ready 503 while PostgreSQL or Redis is cut off, and 200 again once it is back', async () => {
    const pg = new URL(database.url);
    pg.host = `127.0.0.1:${pgProxy.port}`;
    const proxied = { DATABASE_URL: pg.toString(), REDIS_URL: `redis://127.0.0.1:${redisProxy.port}` };
    const [api, worker] = await Promise.all([startApi(proxied), startWorker(proxied)]);
    const ready = async (base: string) => (await fetch(`${base}/ready`)).status;
    expect(await ready(api.url)).toBe(200);
    expect(await ready(worker.ops)).toBe(200);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    redisProxy.cut();
    expect(
      await eventually(
        () => ready(api.url),
        (s) => s === 503,
      ),
    ).toBe(503);
    expect(
      await eventually(
        () => ready(worker.ops),
        (s) => s === 503,
      ),
    ).toBe(503);
    const body = (await (await fetch(`${api.url}/ready`)).json()) as { checks: Record<string, { ok: boolean }> };
    expect(body.checks['redis']?.ok).toBe(false);
    expect(body.checks['postgres']?.ok).toBe(true);
    // Liveness does not depend on the dependencies.
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    redisProxy.restore();
    expect(
      await eventually(
        () => ready(api.url),
        (s) => s === 200,
      ),
    ).toBe(200);
    pgProxy.cut();
    expect(
      await eventually(
        () => ready(api.url),
        (s) => s === 503,
      ),
    ).toBe(503);
    expect(
      await eventually(
        () => ready(worker.ops),
        (s) => s === 503,
      ),
    ).toBe(503);
    pgProxy.restore();
    expect(
      await eventually(
        () => ready(api.url),
        (s) => s === 200,
      ),
    ).toBe(200);
    expect(
      await eventually(
        () => ready(worker.ops),
        (s) => s === 200,
      ),
    ).toBe(200);
    await Promise.all([api.process.stop(), worker.process.stop()]);
  });

  it('writes an error log line when a job fails', async () => {
    const worker = await startWorker();
    const client = openRedis(redis.url, { bullmq: true });
    const jobs = new BullJobQueue(client, redis.prefix);
    // A payload that does not match the catalog's schema fails for good, without a retry.
    await jobs.queue('baselines').add('baselines', { tenantId: 'not-a-uuid', shopId: 'x' }, { jobId: 'broken-1' });
    const line = await worker.process.waitForLog((l) => l['msg'] === 'job failed' && l['jobId'] === 'broken-1', 20_000);
    expect(line).toMatchObject({ level: 50, queue: 'baselines', final: true });
    expect(JSON.stringify(line['err'])).toContain('invalid baselines payload');
    await jobs.close();
    client.disconnect();
    expect(await worker.process.stop('SIGTERM')).toBe(0);
  });

  it('refuses to start with one line naming a bad setting or an unmigrated database', async () => {
    const bad = startProcess({
      entry: 'apps/api/src/main.ts',
      cwd: workDir('bad'),
      env: env({ RATE_LIMIT_PER_SECOND: '2k' }),
    });
    running.push(bad);
    expect(await new Promise((r) => bad.child.once('exit', r))).toBe(1);
    expect(bad.output().trim()).toBe(
      'api: invalid setting RATE_LIMIT_PER_SECOND="2k": must be a whole number from 0 to 9007199254740991',
    );
    const empty = await createTestDatabase('processes_empty');
    await empty.db.sql.query('DROP TABLE "_prisma_migrations"');
    const unmigrated = startProcess({
      entry: 'apps/api/src/main.ts',
      cwd: workDir('unmigrated'),
      env: env({ DATABASE_URL: empty.url }),
    });
    running.push(unmigrated);
    expect(await new Promise((r) => unmigrated.child.once('exit', r))).toBe(1);
    expect(unmigrated.output()).toMatch(
      /^the database at DATABASE_URL=\S+ lacks \d+ migration\(s\) .*run DATABASE_URL=… pnpm db:migrate\n$/,
    );
    await empty.drop();
    const down = startProcess({
      entry: 'apps/worker/src/main.ts',
      cwd: workDir('down'),
      env: env({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' }),
    });
    running.push(down);
    expect(await new Promise((r) => down.child.once('exit', r))).toBe(1);
    expect(down.output()).toMatch(/^cannot reach DATABASE_URL=postgresql:\/\/postgres@127\.0\.0\.1:1\/none: /);
  });
});
