// Finding PostgreSQL and Redis for `pnpm start` with nothing configured: the local servers if they answer,
// else an embedded PGlite under the data directory and a private redis-server child on a free port, which keeps
// an append-only file there (fsync every second) so acknowledged tracking survives a crash; otherwise one clear
// line saying what to install or set.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { canConnect, deployPostgres, openPglite, openPostgres, type Database } from '@shopspace/db';
import { canReachRedis } from '@shopspace/redis';

import { StartRefused as StartError } from '@shopspace/ops';

export { StartError };

export interface ResolvedDatabase {
  readonly db: Database;
  readonly description: string;
}

export async function resolveDatabase(url: string | undefined, dataDir: string): Promise<ResolvedDatabase> {
  const target = url ?? 'postgresql://postgres@127.0.0.1:5432/shopspace';
  const server = new URL(target);
  server.pathname = '/postgres';
  if (await canConnect(server.toString())) {
    const { applied } = await deployPostgres(target);
    const note = applied.length ? ` (applied ${applied.length} migration${applied.length > 1 ? 's' : ''})` : '';
    return { db: openPostgres(target), description: `PostgreSQL ${server.host}${new URL(target).pathname}${note}` };
  }
  if (url)
    throw new StartError(
      `no PostgreSQL answers at DATABASE_URL=${url}; start it or unset DATABASE_URL to use the embedded one`,
    );
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const db = await openPglite(dir);
  return { db, description: `embedded PGlite in ${dir} (no PostgreSQL on 127.0.0.1:5432)` };
}

export interface ResolvedRedis {
  readonly url: string;
  readonly description: string;
  readonly child: ChildProcess | null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function resolveRedis(
  url: string | undefined,
  dataDir: string,
  options: { private?: boolean } = {},
): Promise<ResolvedRedis> {
  if (options.private) return startPrivateRedis(join(dataDir, 'redis'));
  const target = url ?? 'redis://127.0.0.1:6379';
  if (await canReachRedis(target)) return { url: target, description: `Redis ${new URL(target).host}`, child: null };
  if (url)
    throw new StartError(
      `no Redis answers at REDIS_URL=${url}; start it or unset REDIS_URL to let Shopspace start its own`,
    );
  return startPrivateRedis(join(dataDir, 'redis'));
}

/**
 * A redis-server child on a free loopback port with its append-only file in `dir` (appendfsync everysec: at most
 * a second of writes is lost on a machine crash, nothing on a process crash); the caller stops it on exit.
 */
export async function startPrivateRedis(dir: string): Promise<ResolvedRedis> {
  mkdirSync(dir, { recursive: true });
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new StartError(
      'no Redis on 127.0.0.1:6379 and no redis-server binary: install Redis (apt-get install redis-server) or set REDIS_URL',
    );
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
    ],
    {
      stdio: 'ignore',
    },
  );
  const childUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await canReachRedis(childUrl, 200))
      return { url: childUrl, description: `private redis-server on port ${port} (append-only file in ${dir})`, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new StartError(`started redis-server on port ${port} but it did not answer`);
}
