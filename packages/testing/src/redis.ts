// A Redis key prefix of its own for one test file, cleaned up afterwards.

import { randomBytes } from 'node:crypto';
import { openRedis, type Redis } from '@shopspace/redis';
import { TEST_REDIS_URL } from './env.ts';

export interface TestRedis {
  readonly url: string;
  readonly prefix: string;
  readonly redis: Redis;
  cleanup(): Promise<void>;
}

/** `url`: another way to the same Redis (a TCP proxy that a test can cut off); the test Redis by default. */
export function createTestRedis(label = 'file', url = TEST_REDIS_URL): TestRedis {
  const prefix = `test-${label.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 30)}-${randomBytes(4).toString('hex')}`;
  const redis = openRedis(url);
  return {
    url,
    prefix,
    redis,
    async cleanup() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
