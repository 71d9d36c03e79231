// Deadlines on the Redis calls of the storefront path. ioredis queues commands while it reconnects, so a Redis
// that is down or restarting would hold each request for seconds; with a deadline the caller degrades instead
// (rate limits let the request through, the request log answers untracked).

/** Redis did not answer in time, or could not be reached: the call's outcome is unknown. */
export class RedisDeadline extends Error {
  override readonly name = 'RedisDeadline';
}

const CONNECTION_ERROR = /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT/;

/** ioredis's ways of saying the server is unreachable (not an error of the command itself). */
const unreachable = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'MaxRetriesPerRequestError' || CONNECTION_ERROR.test(error.message));

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

/**
 * The storefront path's deadline while the client is not connected (ioredis queues the command until it
 * reconnects): far above a reconnect to a healthy Redis.
 */
export const STOREFRONT_REDIS_DEADLINE_MS = 250;
/**
 * The deadline while connected: a busy machine can take hundreds of milliseconds to get to a reply that has
 * arrived, which must not count as an outage; only a Redis that stopped answering on an open connection does.
 */
export const CONNECTED_REDIS_DEADLINE_MS = 2_000;

/** After a Redis call misses its deadline, calls through `guarded` fail at once for this long. */
const DOWN_FOR_MS = 1_000;
const downUntil = new WeakMap<object, number>();

/**
 * `work()` under a deadline (`ms` while the client is disconnected, CONNECTED_REDIS_DEADLINE_MS while it is
 * connected), and a short circuit breaker per client: once one call missed its deadline or found Redis
 * unreachable, the next ones in the following second fail at once without waiting, so a Redis outage costs
 * each storefront request nothing beyond the first.
 */
export async function guarded<T>(
  client: { readonly status?: string },
  work: () => Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  const until = downUntil.get(client) ?? 0;
  if (Date.now() < until) throw new RedisDeadline(`${what}: Redis is unavailable (retrying shortly)`);
  const deadline =
    client.status === undefined || client.status === 'ready' ? Math.max(ms, CONNECTED_REDIS_DEADLINE_MS) : ms;
  try {
    return await withDeadline(work(), deadline, what);
  } catch (error) {
    if (!(error instanceof RedisDeadline) && !unreachable(error)) throw error;
    downUntil.set(client, Date.now() + DOWN_FOR_MS);
    throw error instanceof RedisDeadline ? error : new RedisDeadline(`${what}: ${(error as Error).message}`);
  }
}
