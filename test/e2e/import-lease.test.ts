// Jobs that die are seen to die (issue 13, deliver 3): an API process SIGKILLed in the middle of a bulk import
// leaves its job RUNNING with a lease it no longer refreshes; another API process marks it FAILED
// (interrupted) once the lease lapses, with counts that say exactly what is stored, and a re-sent file is
// idempotent. Real processes, PostgreSQL and Redis.

import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_OPERATOR_TOKEN,
  createTestDatabase,
  createTestRedis,
  descendants,
  graphqlAt,
  startProcess,
  type RunningProcess,
  type TestDatabase,
  type TestRedis,
} from '@shopspace/testing';

let database: TestDatabase;
let redis: TestRedis;
const dirs: string[] = [];
const running: RunningProcess[] = [];

async function startApi(): Promise<{ process: RunningProcess; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'shopspace-lease-'));
  dirs.push(dir);
  const p = startProcess({
    entry: 'apps/api/src/main.ts',
    cwd: dir,
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
      ARTIFACTS_DIR: join(dir, 'artifacts'),
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_SECOND: '0',
      IMPORT_LEASE_MS: '1000',
      LOG_LEVEL: 'info',
    },
  });
  running.push(p);
  const line = await p.waitForLog((l) => l['msg'] === 'api listening', 60_000);
  return { process: p, url: String(line['url']).replace(/\/graphql$/, '') };
}

type JobRow = {
  status: string;
  rows_read: number;
  accepted: number;
  message: string | null;
  finished_at: Date | null;
};

const job = async (shopId: string): Promise<JobRow | undefined> =>
  (
    await database.db.sql.query<JobRow>(
      'SELECT status::text, rows_read, accepted, message, finished_at FROM import_jobs WHERE shop_id = $1',
      [shopId],
    )
  )[0];

const stored = async (shopId: string): Promise<number> =>
  Number(
    (await database.db.sql.query<{ n: string }>('SELECT count(*) AS n FROM items WHERE shop_id = $1', [shopId]))[0]?.n,
  );

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  database = await createTestDatabase('import-lease');
  redis = createTestRedis('import-lease');
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await redis?.cleanup();
  await database?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('an import whose API process is killed', () => {
  it('ends FAILED (interrupted) with truthful counts, and a re-sent file finishes it idempotently', async () => {
    const first = await startApi();
    const gql = graphqlAt(first.url);
    const tenant = await gql.gql(TEST_OPERATOR_TOKEN, 'mutation{createTenant(name:"Lease Group"){secretKey}}');
    const key = String(tenant.data?.['createTenant'].secretKey);
    const shop = await gql.gql(key, 'mutation{createShop(input:{handle:"uk",name:"UK"}){id}}');
    const shopId = String(shop.data?.['createShop'].id);

    // 6,000 rows (one 5,000-row chunk is stored once parsed), then the upload stalls with the request open.
    const rows = Array.from({ length: 6_000 }, (_, i) => `sku-${i},Item ${i}`).join('\n');
    const url = new URL(`${first.url}/v1/shops/${shopId}/imports/items`);
    const upload = request(url, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    upload.on('error', () => undefined); // the server is killed under it
    upload.write(`sku,title\n${rows}\n`);

    const during = await until(
      () => job(shopId),
      (j) => (j?.accepted ?? 0) > 0,
    );
    expect(during?.status).toBe('RUNNING');
    // SIGKILL the API's node process itself (tsx runs it as a child), then tsx.
    const tree = descendants(first.process.child.pid ?? 0);
    expect(tree.length).toBeGreaterThan(0);
    for (const pid of tree) process.kill(pid, 'SIGKILL');
    await first.process.stop('SIGKILL');
    upload.destroy();

    // A second API process reaps the job once its lease (1 s) has lapsed.
    const second = await startApi();
    const failed = await until(
      () => job(shopId),
      (j) => j?.status !== 'RUNNING',
    );
    expect(failed?.status).toBe('FAILED');
    expect(failed?.message).toMatch(/^interrupted: /);
    expect(failed?.finished_at).toBeInstanceOf(Date);
    // Truthful: what the job says was accepted is what is stored.
    expect(failed?.accepted).toBe(await stored(shopId));
    expect(failed?.accepted).toBeGreaterThanOrEqual(5_000);
    expect(failed?.rows_read).toBeGreaterThanOrEqual(failed?.accepted ?? 0);
    await second.process.waitForLog((l) => l['msg'] === 'import interrupted: its lease lapsed', 10_000);

    // Re-sending the whole file is idempotent and completes the catalog.
    const res = await fetch(`${second.url}/v1/shops/${shopId}/imports/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: `sku,title\n${rows}\n`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'SUCCEEDED', accepted: 6_000 });
    expect(await stored(shopId)).toBe(6_000);
  });
});
