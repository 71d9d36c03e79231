// The start script's service discovery: a private redis-server child when no Redis answers, and a clear
// one-line refusal when an explicitly configured service is down.

import { describe, expect, it } from 'vitest';
import { Redis } from '@shopspace/redis';
import { StartError, resolveDatabase, resolveRedis, startPrivateRedis } from '../../scripts/lib/services.ts';

describe('start-up services', () => {
  it('starts a private redis-server that BullMQ-style clients can use, and stops it', async () => {
    const r = await startPrivateRedis();
    expect(r.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const client = new Redis(r.url);
    await client.set('k', 'v');
    expect(await client.get('k')).toBe('v');
    client.disconnect();
    r.child?.kill();
    await new Promise((res) => r.child?.once('exit', res));
    expect(r.child?.exitCode !== null || r.child?.signalCode !== null).toBe(true);
  });

  it('refuses an explicit REDIS_URL or DATABASE_URL that does not answer, saying what to do', async () => {
    await expect(resolveRedis('redis://127.0.0.1:1')).rejects.toThrow(StartError);
    await expect(resolveRedis('redis://127.0.0.1:1')).rejects.toThrow(/REDIS_URL=redis:\/\/127\.0\.0\.1:1/);
    await expect(resolveDatabase('postgresql://postgres@127.0.0.1:1/x', '/tmp')).rejects.toThrow(
      /DATABASE_URL=.*start it or unset/,
    );
  });
});
