// Training runs that do not simply succeed: cancelled while queued or running, a version that evaluates
// worse and waits for activateModel, and a worker killed half way whose job is retried by another worker
// while the previously active model keeps serving. The worker runs as a real separate process for the kill.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  createShop,
  createTenant,
  startTestApi,
  startTestWorker,
  type TenantFixture,
  type TestApi,
} from '@shopspace/testing';
import type { ComposedWorker } from '@shopspace/worker';

const ROOT = resolve(import.meta.dirname, '../..');
const RETAIL = resolve(ROOT, 'data/online-retail/online-retail.csv.gz');
const SLICE = gunzipSync(readFileSync(RETAIL)).toString('utf8').split('\n').slice(0, 60_001).join('\n') + '\n';

let api: TestApi;
let t: TenantFixture;
let shop: string;
let worker: ComposedWorker | null = null;
const children: ChildProcess[] = [];

const START = 'mutation($s:ID!,$c:TrainConfigInput){startTraining(shopId:$s,config:$c){id status}}';
const SESSION = `query($s:ID!){sessionRecommendations(shopId:$s,session:{skus:["85123A","71053"]},first:5){modelVersionId items{item{sku}}}}`;

async function run(id: string): Promise<any> {
  const r = await api.gql(
    t.secretKey,
    `{trainingRun(id:"${id}"){id status progress attempts error modelVersion{id active metrics}}}`,
  );
  return r.data?.['trainingRun'];
}

async function until(id: string, done: (r: any) => boolean, ms = 120_000): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await run(id);
    if (done(r)) return r;
    if (Date.now() > deadline) throw new Error(`run ${id} never got there: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const finished = (r: any): boolean => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(r?.status);

async function start(config: Record<string, unknown>): Promise<string> {
  // Without the feature tower: these runs differ in item2vec's settings only, and the lifecycle (activation,
  // cancel, retry) is what is tested; test/e2e/tower.test.ts trains the tower through the same job.
  const r = await api.gql(t.secretKey, START, { s: shop, c: { towerExamples: 0, ...config } });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data?.['startTraining'].id;
}

async function servedModel(): Promise<string | null> {
  return (
    (await api.gql(t.publishableKey, SESSION, { s: shop })).data?.['sessionRecommendations'].modelVersionId ?? null
  );
}

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: api.database.url,
      REDIS_URL: api.redis.url,
      REDIS_PREFIX: api.redis.prefix,
      ARTIFACTS_DIR: api.artifactsDir,
      WORKER_LOCK_MS: '2000',
      WORKER_PORT: '0',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  api = await startTestApi('lifecycle');
  t = await createTenant(api, 'Lifecycle Group');
  shop = await createShop(api, t.secretKey, 'uk');
  const where = { preset: 'online-retail', where: 'Country=United Kingdom' };
  await api.upload(t.secretKey, shop, 'items', SLICE, where);
  await api.upload(t.secretKey, shop, 'events', SLICE, where);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await worker?.close();
  await api?.close();
});

describe('training lifecycle', () => {
  let first: string;

  it('cancels a queued run at once, leaving nothing for a worker to pick up', async () => {
    const id = await start({ epochs: 2 });
    expect((await run(id)).status).toBe('QUEUED');
    const r = await api.gql(t.secretKey, `mutation{cancelTraining(id:"${id}"){status}}`);
    expect(r.data?.['cancelTraining']).toEqual({ status: 'CANCELLED' });
    const again = await api.gql(t.secretKey, `mutation{cancelTraining(id:"${id}"){status}}`);
    expect(api.code(again)).toBe('CONFLICT');
  });

  it('activates the first model, then keeps a worse one waiting until activateModel', async () => {
    worker = startTestWorker(api, { trainerThreads: 1 });
    const good = await until(await start({ epochs: 20, seed: 1 }), finished);
    expect(good).toMatchObject({ status: 'SUCCEEDED', modelVersion: { active: true } });
    first = good.modelVersion.id;
    const worse = await until(await start({ epochs: 1, dimensions: 4, window: 1, seed: 1 }), finished);
    expect(worse.status).toBe('SUCCEEDED');
    expect(worse.modelVersion.metrics.served['ndcg@10']).toBeLessThan(good.modelVersion.metrics.served['ndcg@10']);
    expect(worse.modelVersion.active).toBe(false);
    expect(await servedModel()).toBe(first);

    const activated = await api.gql(
      t.secretKey,
      `mutation{activateModel(modelVersionId:"${worse.modelVersion.id}"){id active}}`,
    );
    expect(activated.data?.['activateModel']).toEqual({ id: worse.modelVersion.id, active: true });
    // The API swaps to the activated version without a restart.
    const deadline = Date.now() + 10_000;
    while ((await servedModel()) !== worse.modelVersion.id && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await servedModel()).toBe(worse.modelVersion.id);
    // …and rolls back the same way.
    await api.gql(t.secretKey, `mutation{activateModel(modelVersionId:"${first}"){id}}`);
    while ((await servedModel()) !== first && Date.now() < deadline + 10_000)
      await new Promise((r) => setTimeout(r, 100));
    expect(await servedModel()).toBe(first);
  }, 180_000);

  it('stops a running run on cancelTraining and keeps the active model', async () => {
    const id = await start({ epochs: 400, seed: 2 });
    await until(id, (r) => r.status === 'RUNNING' && r.progress > 0.06);
    const r = await api.gql(t.secretKey, `mutation{cancelTraining(id:"${id}"){id}}`);
    expect(r.errors).toBeUndefined();
    const done = await until(id, finished, 30_000);
    expect(done).toMatchObject({ status: 'CANCELLED', modelVersion: null });
    expect(await servedModel()).toBe(first);
    await worker?.close();
    worker = null;
  });

  it('retries a job whose worker was killed half way, serving the previous model meanwhile', async () => {
    const victim = spawnWorker();
    const id = await start({ epochs: 100, seed: 3 });
    // Past 0.05 the first training call is under way (reading and splitting sessions come before it).
    await until(id, (r) => r.status === 'RUNNING' && r.progress > 0.05, 60_000);
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    const orphan = await run(id);
    expect(orphan.status).toBe('RUNNING');
    expect(await servedModel()).toBe(first);

    spawnWorker();
    const done = await until(id, finished, 180_000);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
  }, 240_000);
});
