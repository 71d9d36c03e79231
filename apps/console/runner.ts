// Running the built console: builds it when its sources changed (codegen + `next build`) and starts
// `next start` against a given API. Used by `pnpm start` (scripts/lib/console.ts) and the browser tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_DIR = dirname(fileURLToPath(import.meta.url));
const NEXT_BIN = join(CONSOLE_DIR, 'node_modules/next/dist/bin/next');
const CODEGEN_BIN = join(CONSOLE_DIR, 'node_modules/.bin/graphql-codegen');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === '.next') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Runs codegen and `next build` unless the last build is newer than every source file. */
export function buildConsoleIfStale(): void {
  const buildId = join(CONSOLE_DIR, '.next/BUILD_ID');
  const sources = ['src', 'next.config.ts', 'codegen.ts', 'tsconfig.json', '../api/src/schema'].map((p) =>
    join(CONSOLE_DIR, p),
  );
  const newest = Math.max(...sources.filter((p) => existsSync(p)).map(newestMtime));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newest) return;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const codegen = spawnSync(CODEGEN_BIN, ['--config', 'codegen.ts'], { cwd: CONSOLE_DIR, env, encoding: 'utf8' });
  if (codegen.status !== 0) throw new Error(`console codegen failed:\n${codegen.stdout}\n${codegen.stderr}`);
  const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: CONSOLE_DIR, env, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface ConsoleServer {
  readonly url: string;
  close(): Promise<void>;
}

/** `next start` on a free port, pointed at `apiGraphqlUrl`; resolves once it serves the sign-in page. */
export interface ConsoleOptions {
  /** Default: a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Seals session cookies; default: random (sessions end with the process). */
  readonly sessionSecret?: string;
  readonly timeoutMs?: number;
}

export async function startConsole(apiGraphqlUrl: string, options: ConsoleOptions = {}): Promise<ConsoleServer> {
  const port = options.port ?? (await freePort());
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.timeoutMs ?? 60_000;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', host], {
    cwd: CONSOLE_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      SHOPSPACE_API_URL: apiGraphqlUrl,
      CONSOLE_SESSION_SECRET: options.sessionSecret ?? randomBytes(24).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/sign-in`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`next start did not answer within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
