// Fixed one-second windows per API key in Redis, shared by every API process. If Redis cannot answer, the
// request is let through: rate limiting protects the service, it must not become its single point of failure.

import type { Redis } from 'ioredis';
import type { KeySpace } from './connection.ts';

export interface RateDecision {
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async hit(tenantId: string, keyId: string, limitPerSecond: number): Promise<RateDecision> {
    if (limitPerSecond <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const second = Math.floor(Date.now() / 1000);
    const key = this.keys.tenantKey(tenantId, 'rl', keyId, second);
    try {
      const result = await this.redis.multi().incr(key).expire(key, 2).exec();
      const count = Number(result?.[0]?.[1] ?? 0);
      return { allowed: count <= limitPerSecond, retryAfterSeconds: 1 };
    } catch {
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }
}
