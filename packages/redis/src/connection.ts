// Redis connections and the key namespace. Every key this product writes starts with `<prefix>:`, then the
// tenant and shop where the key belongs to one, so tests (one prefix per file) and tenants never collide.

import { Redis } from 'ioredis';

export { Redis };

export function openRedis(url: string, options: { lazy?: boolean; bullmq?: boolean } = {}): Redis {
  return new Redis(url, {
    lazyConnect: options.lazy ?? false,
    // BullMQ workers need blocking commands to wait forever; plain clients should fail fast instead.
    maxRetriesPerRequest: options.bullmq ? null : 2,
    enableOfflineQueue: true,
    // Commands issued in the same tick (concurrent requests remembering their answers, rate limits, tracking)
    // go out in one write; BullMQ's blocking connections keep their own flow.
    enableAutoPipelining: !options.bullmq,
  });
}

export async function canReachRedis(url: string, timeoutMs = 1_500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export class KeySpace {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new Error(`invalid Redis key prefix ${JSON.stringify(prefix)}`);
  }

  /** `<prefix>:<part>:<part>…`; parts are tenant ids, shop ids and fixed words, never free text. */
  key(...parts: Array<string | number>): string {
    return [this.prefix, ...parts].join(':');
  }

  tenantKey(tenantId: string, ...parts: Array<string | number>): string {
    return this.key('t', tenantId, ...parts);
  }

  shopKey(tenantId: string, shopId: string, ...parts: Array<string | number>): string {
    return this.key('t', tenantId, 's', shopId, ...parts);
  }
}
