// Runs the real API as a child process on a fresh database, so a benchmark measures the server alone
// (its own CPU and its peak RSS from /proc) while the benchmark process plays the client.

import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployPostgres, dropDatabase } from '@shopspace/db';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RETAIL_FILE = resolve(ROOT, 'data/online-retail/online-retail.csv.gz');
export const BENCH_OPERATOR = 'bench-operator-token-0123456789';

export interface ApiProcess {
  readonly url: string;
  readonly databaseUrl: string;
  readonly redisPrefix: string;
  readonly child: ChildProcess;
  /** Peak resident set size of the server process so far, in MiB (VmHWM). */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export async function startApiProcess(database: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  const server = process.env['BENCH_DATABASE_SERVER'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const url = new URL(server);
  url.pathname = `/${database}`;
  await dropDatabase(url.toString());
  await deployPostgres(url.toString());
  const port = await freePort();
  const logFile = resolve(tmpdir(), `${database}-api.log`);
  process.stderr.write(`api log: ${logFile}\n`);
  // BENCH_API_NODE_ARGS passes flags to the API process (e.g. --cpu-prof to profile it under load).
  const extra = (process.env['BENCH_API_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', resolve(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      OPERATOR_TOKEN: BENCH_OPERATOR,
      REDIS_PREFIX: `bench-${database}`,
      RATE_LIMIT_PER_SECOND: '0',
      // As in production: one access line per request (to a file, so the hot path pays for it).
      LOG_LEVEL: 'info',
      // As in production: graphql-js skips its development-only checks.
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'ignore', openSync(logFile, 'w')],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null)
      throw new Error(`the API process exited during start-up:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: base,
    databaseUrl: url.toString(),
    redisPrefix: `bench-${database}`,
    child,
    peakRssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await dropDatabase(url.toString());
    },
  };
}

export async function gql<T>(
  base: string,
  key: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data as T;
}

export function machine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  return `${cpu.trim()}, ${(readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm) ?? []).length} cores, Node ${process.version}`;
}
