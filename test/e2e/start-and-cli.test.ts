// `pnpm start` and `pnpm shopspace import` as a newcomer runs them: the start script on this file's own
// database seeds the demo tenant from a slice of the Online Retail file (its first and last weeks, so the demo's
// time split has held-out sessions to replay), trains, aligns, runs its experiment, and every example it prints
// answers with data; SIGTERM to `pnpm start` stops it and every child it started; the CLI streams a file into
// a shop and reports the import.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  alive,
  createTestDatabase,
  createTestRedis,
  descendants,
  startProcess,
  type TestDatabase,
  type TestRedis,
} from '@shopspace/testing';

const ROOT = resolve(import.meta.dirname, '../..');
const RETAIL = resolve(ROOT, 'data/online-retail/online-retail.csv.gz');

let database: TestDatabase;
let redis: TestRedis;
let dir: string;
let child: ChildProcess;
let output = '';

async function waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const m = pattern.exec(output);
    if (m) return m;
    if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${pattern}:\n${output}`);
}

beforeAll(async () => {
  database = await createTestDatabase('start');
  redis = createTestRedis('start');
  dir = mkdtempSync(join(tmpdir(), 'shopspace-start-'));
  const lines = gunzipSync(readFileSync(RETAIL)).toString('utf8').split('\n');
  const rows = lines.filter((l) => l !== '');
  const slice = [...rows.slice(0, 4_001), ...rows.slice(-4_000)];
  writeFileSync(join(dir, 'slice.csv.gz'), gzipSync(slice.join('\n') + '\n'));
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      PORT: '0',
      HOST: '127.0.0.1',
      SHOPSPACE_DATA_DIR: dir,
      // The console has its own browser tests (test/console), which build it; two builds must not race.
      SHOPSPACE_CONSOLE: '0',
      SHOPSPACE_DEMO_DATA: join(dir, 'slice.csv.gz'),
      OPERATOR_TOKEN: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  await redis?.cleanup();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('pnpm start', () => {
  it('serves the demo tenant with two shops and prints keys that work', async () => {
    await waitFor(/publishable key:[\s\S]*shop eu/, 240_000);
    const url = (await waitFor(/GraphQL: (http:\/\/\S+)\/graphql/, 1_000))[1]!;
    const sk = (await waitFor(/secret key:\s+(sk_live_\S+)/, 1_000))[1]!;
    const pk = (await waitFor(/publishable key:\s+(pk_live_\S+)/, 1_000))[1]!;
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sk}` },
      body: JSON.stringify({
        query: '{ tenants { name } shops { handle currency itemCount eventCount activeModel { id } } }',
      }),
    });
    const body = (await res.json()) as {
      data: { tenants: unknown; shops: Array<{ handle: string; itemCount: number; eventCount: number }> };
    };
    expect(body.data.tenants).toEqual([{ name: 'Demo Retail Group' }]);
    const slice = readFileSync(join(dir, 'slice.csv.gz'));
    const rows = gunzipSync(slice).toString('utf8').trim().split('\n').slice(1);
    const ukRows = rows.filter((r) => r.endsWith(',United Kingdom')).length;
    expect(body.data.shops.map((s) => s.handle)).toEqual(['uk', 'eu']);
    // Every row of the file is an event of its shop; the demo adds derived searches and views (ids "derived.…").
    const counts = await database.db.sql.query<{ handle: string; imported: number; derived: number; searches: number }>(
      `SELECT s.handle, count(*) FILTER (WHERE e.event_id NOT LIKE 'derived.%')::int AS imported,
              count(*) FILTER (WHERE e.event_id LIKE 'derived.%')::int AS derived,
              count(*) FILTER (WHERE e.type = 'SEARCH')::int AS searches
       FROM events e JOIN shops s ON s.id = e.shop_id GROUP BY s.handle ORDER BY s.handle DESC`,
    );
    expect(counts.map((c) => [c.handle, c.imported])).toEqual([
      ['uk', ukRows],
      ['eu', rows.length - ukRows],
    ]);
    for (const c of counts) expect(c.searches).toBeGreaterThan(0);
    expect(body.data.shops[0]).toMatchObject({ currency: 'GBP', eventCount: ukRows + (counts[0]?.derived ?? 0) });
    expect(body.data.shops[1]).toMatchObject({ eventCount: rows.length - ukRows + (counts[1]?.derived ?? 0) });
    expect(body.data.shops[0]!.itemCount).toBeGreaterThan(100);
    // The demo trains its shops on start-up, so the printed storefront query answers at once.
    const ukShop = body.data.shops[0] as unknown as { activeModel: { id: string } | null };
    expect(ukShop.activeModel?.id).toMatch(/^[0-9a-f-]{36}$/);
    const shopId = (await waitFor(/shop uk\s+([0-9a-f-]{36})/, 1_000))[1]!;
    const recs = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pk}` },
      body: JSON.stringify({
        query: `{ sessionRecommendations(shopId: "${shopId}", session: { skus: ["85123A", "71053"] }, first: 5) { modelVersionId items { item { sku } } } }`,
      }),
    });
    const served = (
      (await recs.json()) as { data: { sessionRecommendations: { modelVersionId: string; items: unknown[] } } }
    ).data;
    expect(served.sessionRecommendations.modelVersionId).toBe(ukShop.activeModel?.id);
    expect(served.sessionRecommendations.items).toHaveLength(5);
    // The publishable key is real, and limited to storefront calls.
    const forbidden = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pk}` },
      body: JSON.stringify({ query: '{ shops { id } }' }),
    });
    expect(
      ((await forbidden.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
    ).toBe('FORBIDDEN');
  }, 300_000);

  it('runs every example it prints, each answering with data (aligned shops, a running experiment with traffic)', async () => {
    await waitFor(/search autocomplete widget on the uk shop/, 240_000);
    const checks = [...output.matchAll(/^ {2}([✓✗]) (.+?): (.+)$/gm)].map((m) => ({
      ok: m[1],
      name: m[2],
      said: m[3],
    }));
    expect(checks.map((c) => c.name)).toEqual([
      'shops with their active models',
      'next items for a uk basket',
      'recommendations for a uk shopper',
      'similar items for a product page',
      'the eu twins of a uk item',
      'eu items for a uk session',
      'search autocomplete for "hea"',
      'the running experiment’s results',
    ]);
    expect(checks.filter((c) => c.ok !== '✓')).toEqual([]);
    expect(output).toMatch(/aligning shops uk and eu: SUCCEEDED/);
    expect(output).toMatch(
      /experiment "[^"]+" on placement demo-basket: \d+ simulated visitors, control \d+\/\d+ clicks, model \d+\/\d+ clicks/,
    );
    expect(output).toMatch(/time to first recommendation: \d+\.\d s after start/);
  }, 300_000);

  it('lets the CLI import a file into a demo shop and report row errors', async () => {
    const url = (await waitFor(/GraphQL: (http:\/\/\S+)\/graphql/, 1_000))[1]!;
    const sk = (await waitFor(/secret key:\s+(sk_live_\S+)/, 1_000))[1]!;
    const shopId = (await waitFor(/shop uk\s+([0-9a-f-]{36})/, 1_000))[1]!;
    const file = join(dir, 'events.csv');
    writeFileSync(
      file,
      'eventId,sessionId,type,sku,occurredAt\ncli-1,s1,VIEW,85123A,2011-12-01T10:00:00Z\ncli-2,s1,VIEW,,2011-12-01T10:01:00Z\n',
    );
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'apps/cli/src/main.ts', 'import', '--shop', shopId, '--kind', 'events', '--api', url, file],
      {
        cwd: ROOT,
        env: { ...process.env, SHOPSPACE_KEY: sk },
        encoding: 'utf8',
      },
    );
    expect(run.stderr + run.stdout).not.toContain('shopspace:');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/SUCCEEDED: 2 rows read, 1 accepted, 0 duplicates, 1 rejected, 0 skipped/);
    expect(run.stdout).toContain('line 3 sku: sku is required for a VIEW event');
    expect(run.stderr).toMatch(/importing events\.csv 100%/);
    const bad = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'apps/cli/src/main.ts',
        'import',
        '--shop',
        shopId,
        '--kind',
        'events',
        '--api',
        url,
        '--key',
        'sk_live_wrong',
        file,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('UNAUTHENTICATED');
  });
});

describe('pnpm start under SIGTERM', () => {
  it('stops itself and every process it started (its private redis-server too) within 10 s', async () => {
    const own = await createTestDatabase('start_sigterm');
    const data = mkdtempSync(join(tmpdir(), 'shopspace-sigterm-'));
    // pnpm itself, as a newcomer runs it: pnpm does not pass SIGTERM on to the script it runs.
    const started = startProcess({
      command: 'pnpm',
      args: ['start'],
      cwd: ROOT,
      env: {
        DATABASE_URL: own.url,
        SHOPSPACE_PRIVATE_REDIS: '1',
        SHOPSPACE_DATA_DIR: data,
        SHOPSPACE_DEMO: '0',
        SHOPSPACE_CONSOLE: '0',
        PORT: '0',
        OPERATOR_TOKEN: 'sigterm-operator-token-0123456789',
      },
    });
    try {
      await started.waitForOutput(/api: +http:\/\/\S+\/graphql/, 90_000);
      const tree = descendants(started.child.pid ?? 0);
      const commands = tree.map((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        } catch {
          return '';
        }
      });
      expect(commands.some((c) => c.includes('redis-server'))).toBe(true);
      expect(commands.some((c) => c.includes('scripts/start.ts'))).toBe(true);
      const t0 = Date.now();
      started.child.kill('SIGTERM');
      const deadline = t0 + 10_000;
      while (tree.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(tree.filter(alive)).toEqual([]);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await started.stop('SIGKILL');
      await own.drop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
