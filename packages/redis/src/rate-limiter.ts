// Rate limits in Redis, shared by every API process:
// - RateLimiter: fixed one-second windows of requests per API key, and per client address for callers without
//   a valid key (anonymous traffic and unknown keys, which would otherwise cost a database lookup each);
// - CostLimiter: a token bucket per API key charged with each GraphQL operation's cost, so aliases and large
//   pages cannot multiply the work behind one request's hit. It refills `ratePerSecond` tokens a second up to
//   `burst`, and uses Redis's clock, so API processes with skewed clocks share one bucket truthfully.
// If Redis cannot answer, the request is let through: rate limiting protects the service, it must not become
// its single point of failure.

import type { Redis } from 'ioredis';
import type { KeySpace } from './connection.ts';
import { STOREFRONT_REDIS_DEADLINE_MS, guarded } from './deadline.ts';

export interface RateDecision {
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

const ALLOW: RateDecision = { allowed: true, retryAfterSeconds: 0 };

export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async hit(tenantId: string, keyId: string, limitPerSecond: number): Promise<RateDecision> {
    return this.window(() => this.keys.tenantKey(tenantId, 'rl', keyId), limitPerSecond);
  }

  /** Requests without a valid key, per client address (IPv6 addresses are colon-free in the key). */
  async hitAddress(address: string, limitPerSecond: number): Promise<RateDecision> {
    const safe = address.replace(/[^A-Za-z0-9.]/g, '_').slice(0, 64) || 'unknown';
    return this.window(() => this.keys.key('rl-ip', safe), limitPerSecond);
  }

  private async window(base: () => string, limitPerSecond: number): Promise<RateDecision> {
    if (limitPerSecond <= 0) return ALLOW;
    const second = Math.floor(Date.now() / 1000);
    const key = `${base()}:${second}`;
    try {
      const result = await guarded(
        this.redis,
        () => this.redis.multi().incr(key).expire(key, 2).exec(),
        STOREFRONT_REDIS_DEADLINE_MS,
        'rate limit',
      );
      const count = Number(result?.[0]?.[1] ?? 0);
      return { allowed: count <= limitPerSecond, retryAfterSeconds: 1 };
    } catch {
      return ALLOW;
    }
  }
}

// KEYS[1] the bucket; ARGV: rate per second, burst, cost. Returns {allowed (0|1), milliseconds until it would be}.
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  wait = math.ceil((cost - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, wait}
`;

export class CostLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {
    this.redis.defineCommand('shopspaceTakeTokens', { numberOfKeys: 1, lua: TAKE });
  }

  /** Takes `cost` tokens from the key's bucket, or says how long until it could. */
  async take(
    tenantId: string,
    keyId: string,
    cost: number,
    ratePerSecond: number,
    burst: number,
  ): Promise<RateDecision> {
    if (ratePerSecond <= 0 || cost <= 0) return ALLOW;
    const key = this.keys.tenantKey(tenantId, 'cost', keyId);
    try {
      const run = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<[number, number]>>)[
        'shopspaceTakeTokens'
      ] as (...args: unknown[]) => Promise<[number, number]>;
      const [allowed, waitMs] = await guarded(
        this.redis,
        () => run.call(this.redis, key, ratePerSecond, Math.max(burst, 1), Math.ceil(cost)),
        STOREFRONT_REDIS_DEADLINE_MS,
        'cost limit',
      );
      return { allowed: allowed === 1, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    } catch {
      return ALLOW;
    }
  }
}
