// The start script's service discovery: a private redis-server child when no Redis answers, which keeps an
// append-only file in the data directory (so what it acknowledged survives a SIGKILL), and a clear one-line
// refusal when an explicitly configured service is down.

import { describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from '@shopspace/redis';
import { StartError, resolveDatabase, resolveRedis, startPrivateRedis } from '../../scripts/lib/services.ts';

async function stopped(child: ChildProcess | null, signal: NodeJS.Signals) {
  if (!child) return;
  const exited = new Promise((res) => child.once('exit', res));
  child.kill(signal);
  await exited;
}

describe('start-up services', () => {
  it('starts a private redis-server whose acknowledged writes survive a SIGKILL and a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopspace-redis-'));
    try {
      const first = await startPrivateRedis(dir);
      expect(first.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      const client = new Redis(first.url);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      for (let i = 0; i < 100; i++) await client.xadd('track', '*', 'i', String(i));
      // appendfsync everysec: the file is synced at most a second after the write was acknowledged.
      await new Promise((r) => setTimeout(r, 1_500));
      client.disconnect();
      await stopped(first.child, 'SIGKILL');
      const second = await startPrivateRedis(dir);
      const again = new Redis(second.url);
      expect(await again.xlen('track')).toBe(100);
      again.disconnect();
      await stopped(second.child, 'SIGTERM');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an explicit REDIS_URL or DATABASE_URL that does not answer, saying what to do', async () => {
    await expect(resolveRedis('redis://127.0.0.1:1', '/tmp')).rejects.toThrow(StartError);
    await expect(resolveRedis('redis://127.0.0.1:1', '/tmp')).rejects.toThrow(/REDIS_URL=redis:\/\/127\.0\.0\.1:1/);
    await expect(resolveDatabase('postgresql://postgres@127.0.0.1:1/x', '/tmp')).rejects.toThrow(
      /DATABASE_URL=.*start it or unset/,
    );
  });
});
