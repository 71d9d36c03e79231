// The Redis request log on a real Redis: a served list expires after its TTL, and when a shop's write-ahead
// stream is over its bound, tracking is refused whole (nothing marked, nothing appended) rather than dropped,
// and accepted again once the flusher has caught up.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeySpace, RedisRequestLog, trackingStreamKey } from '@shopspace/redis';
import { createTestRedis, type TestRedis } from '@shopspace/testing';

const TENANT = '01a20000-0000-7000-8000-000000000001';
const SHOP = '01a20000-0000-7000-8000-000000000002';
let r: TestRedis;
let keys: KeySpace;

beforeAll(() => {
  r = createTestRedis('request-log');
  keys = new KeySpace(r.prefix);
});
afterAll(async () => r?.cleanup());

const served = (token: string, skus: string[]) => ({
  tenantId: TENANT,
  shopId: SHOP,
  token,
  placement: 'home',
  experimentId: null,
  variant: null,
  skus,
  servedAt: new Date(),
});

describe('RedisRequestLog', () => {
  it('refuses tracking whole while the stream is over its bound, and accepts it once drained', async () => {
    const log = new RedisRequestLog(r.redis, keys, { maxBacklog: 3 });
    await log.remember(served('AAAAAAAAAAAAAAAAAAAAAA', ['a', 'b', 'c', 'd']));
    const at = new Date();
    expect(await log.track(TENANT, SHOP, 'AAAAAAAAAAAAAAAAAAAAAA', 'IMPRESSION', ['a', 'b', 'c'], at)).toEqual({
      status: 'ok',
      added: 3,
    });
    const stream = trackingStreamKey(keys, TENANT, SHOP);
    expect(await r.redis.xlen(stream)).toBe(3);
    expect(await log.track(TENANT, SHOP, 'AAAAAAAAAAAAAAAAAAAAAA', 'CLICK', ['d'], at)).toEqual({
      status: 'backlog-full',
    });
    expect(await r.redis.xlen(stream)).toBe(3);
    // Nothing of the refused call was marked: after the flusher drains the stream, the same call counts.
    const ids = ((await r.redis.xrange(stream, '-', '+')) as Array<[string, string[]]>).map(([id]) => id);
    await r.redis.xdel(stream, ...ids);
    expect(await log.track(TENANT, SHOP, 'AAAAAAAAAAAAAAAAAAAAAA', 'CLICK', ['d'], at)).toEqual({
      status: 'ok',
      added: 1,
    });
    expect(await r.redis.xlen(stream)).toBe(2); // the click and the impression it implies
  });

  it('forgets a served list after its TTL', async () => {
    const log = new RedisRequestLog(r.redis, keys, { ttlSeconds: 1 });
    await log.remember(served('BBBBBBBBBBBBBBBBBBBBBB', ['a']));
    const key = keys.shopKey(TENANT, SHOP, 'req', 'BBBBBBBBBBBBBBBBBBBBBB');
    expect(await r.redis.ttl(key)).toBe(1);
    await new Promise((res) => setTimeout(res, 1_200));
    expect(await log.track(TENANT, SHOP, 'BBBBBBBBBBBBBBBBBBBBBB', 'CLICK', ['a'], new Date())).toEqual({
      status: 'unknown-request',
    });
  });
});
