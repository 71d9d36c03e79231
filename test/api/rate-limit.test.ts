// Per-key rate limiting in Redis: past the limit a key gets RATE_LIMITED (HTTP 429); other keys do not.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type TenantFixture, type TestApi } from '@shopspace/testing';

let api: TestApi;
let t: TenantFixture;

beforeAll(async () => {
  api = await startTestApi('ratelimit', { rateLimitPerSecond: 3 });
  t = await createTenant(api, 'Busy Group');
});
afterAll(async () => api?.close());

describe('rate limit', () => {
  it('answers RATE_LIMITED once a key passes its per-second budget, and not for another key', async () => {
    // 20 calls span at most two one-second windows, so at most 6 can pass.
    const results = await Promise.all(Array.from({ length: 20 }, () => api.gql(t.secretKey, '{shops{id}}')));
    const limited = results.filter((r) => api.code(r) === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThanOrEqual(14);
    expect(limited[0]?.status).toBe(429);
    const other = await api.gql(t.publishableKey, `{item(shopId:"01234567-89ab-7def-8123-456789abcdef",sku:"x"){sku}}`);
    expect(api.code(other)).toBe('NOT_FOUND');
  });
});
