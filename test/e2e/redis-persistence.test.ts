// The API checks at start that the Redis it is given keeps the tracking write-ahead log across a restart
// (issue 13, deliver 4 in part): without the append-only file it warns, or with REDIS_REQUIRE_AOF=1 refuses to
// start with one line; with `appendonly yes` it starts quietly. Each Redis here is a redis-server of the test's
// own, on a free port, so the outcome does not depend on how the machine's Redis is configured.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canReachRedis } from '@shopspace/redis';
import {
  TEST_OPERATOR_TOKEN,
  createTestDatabase,
  startProcess,
  type RunningProcess,
  type TestDatabase,
} from '@shopspace/testing';

let database: TestDatabase;
const dirs: string[] = [];
const servers: ChildProcess[] = [];
const running: RunningProcess[] = [];

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function redisServer(appendOnly: 'yes' | 'no'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'shopspace-aof-'));
  dirs.push(dir);
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', appendOnly],
    { stdio: 'ignore' },
  );
  servers.push(child);
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await canReachRedis(url, 200)); i++) await new Promise((r) => setTimeout(r, 50));
  return url;
}

function api(redisUrl: string, extra: Record<string, string> = {}): RunningProcess {
  const dir = mkdtempSync(join(tmpdir(), 'shopspace-aof-api-'));
  dirs.push(dir);
  const p = startProcess({
    entry: 'apps/api/src/main.ts',
    cwd: dir,
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: 'aof-test',
      OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
      ARTIFACTS_DIR: join(dir, 'artifacts'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...extra,
    },
  });
  running.push(p);
  return p;
}

beforeAll(async () => {
  database = await createTestDatabase('redis-persistence');
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  for (const s of servers) s.kill('SIGKILL');
  await database?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the Redis the API is given', () => {
  it('without the append-only file: a warning, or with REDIS_REQUIRE_AOF=1 exit 1 with one line', async () => {
    const url = await redisServer('no');
    const refused = api(url, { REDIS_REQUIRE_AOF: '1' });
    expect(await new Promise((r) => refused.child.once('exit', r))).toBe(1);
    expect(refused.output()).toMatch(
      /^the Redis at REDIS_URL=redis:\/\/127\.0\.0\.1:\d+ has no append-only file \(appendonly no\): .* \(REDIS_REQUIRE_AOF=1\)\n$/,
    );
    const warned = api(url);
    const line = await warned.waitForLog(
      (l) => typeof l['msg'] === 'string' && /has no append-only file/.test(l['msg']),
    );
    expect(line['level']).toBe(40);
    await warned.waitForLog((l) => l['msg'] === 'api listening');
  });

  it('with appendonly yes: starts without a warning', async () => {
    const url = await redisServer('yes');
    const p = api(url, { REDIS_REQUIRE_AOF: '1' });
    await p.waitForLog((l) => l['msg'] === 'api listening');
    expect(p.output()).not.toMatch(/append-only/);
  });
});
