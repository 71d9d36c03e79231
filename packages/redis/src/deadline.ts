// Deadlines on the Redis calls of the storefront path. ioredis queues commands while it reconnects, so a Redis
// that is down or restarting would hold each request for seconds; with a deadline the caller degrades instead
// (rate limits let the request through, the request log answers untracked).

export class RedisDeadline extends Error {
  override readonly name = 'RedisDeadline';
}

/** `work`, or a RedisDeadline rejection after `ms` (the command itself may still complete later). */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  if (ms <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisDeadline(`${what}: Redis did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  // A late rejection of `work` after the deadline won must not be an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The storefront path's default: far above a healthy Redis's sub-millisecond answers on a LAN. */
export const STOREFRONT_REDIS_DEADLINE_MS = 250;

/** After a Redis call misses its deadline, calls through `guarded` fail at once for this long. */
const DOWN_FOR_MS = 1_000;
const downUntil = new WeakMap<object, number>();

/**
 * `work()` under a deadline, and a short circuit breaker per client: once one call missed its deadline or
 * failed, the next ones in the following second fail at once without waiting, so a Redis outage costs each
 * storefront request nothing beyond the first.
 */
export async function guarded<T>(client: object, work: () => Promise<T>, ms: number, what: string): Promise<T> {
  const until = downUntil.get(client) ?? 0;
  if (Date.now() < until) throw new RedisDeadline(`${what}: Redis is unavailable (retrying shortly)`);
  try {
    return await withDeadline(work(), ms, what);
  } catch (error) {
    downUntil.set(client, Date.now() + DOWN_FOR_MS);
    throw error;
  }
}
