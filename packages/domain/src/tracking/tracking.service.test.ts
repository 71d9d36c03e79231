// TrackingService over the fake request log: a requestId names a served list of the caller's tenant or is
// NOT_FOUND, only skus the list showed can be tracked (all or nothing), repeats count once, a click implies its
// impression, and a full write-ahead log refuses with RATE_LIMITED rather than dropping anything.

import { describe, expect, it } from 'vitest';
import { FakeRequestLog, createFakePorts } from '../../../testing/src/fakes/index.ts';
import { ErrorCode } from '../shared/errors.ts';
import type { Principal } from '../tenancy/principal.ts';
import { formatRequestId, newRequestToken, parseRequestId } from './request-id.ts';
import { MAX_TRACKED_SKUS, TrackingService } from './tracking.service.ts';

const TENANT = 'f0000000-0000-4000-8000-0000000000a1';
const OTHER_TENANT = 'f0000000-0000-4000-8000-0000000000b2';
const SHOP = 'f0000000-0000-4000-8000-0000000000c3';
const KEY_ID = '00000000-0000-4000-8000-00000000000a';

const publishable = (tenantId = TENANT): Principal => ({
  kind: 'key',
  tenantId,
  keyId: KEY_ID,
  keyKind: 'PUBLISHABLE',
});

async function setup(options: { maxBacklog?: number } = {}) {
  const ports = createFakePorts(options);
  const tracking = new TrackingService(ports.requestLog, ports.clock.date);
  const token = newRequestToken();
  await ports.requestLog.remember({
    tenantId: TENANT,
    shopId: SHOP,
    token,
    placement: 'pdp-similar',
    experimentId: null,
    variant: null,
    skus: ['mug', 'lamp', 'card'],
    servedAt: ports.clock.date(),
  });
  return { ports, tracking, requestId: formatRequestId(SHOP, token) };
}

const tracked = (ports: ReturnType<typeof createFakePorts>) =>
  ports.outbox.entries().map((e) => `${e.kind}:${e.sku}@${e.position}`);

describe('request ids', () => {
  it('round-trip the shop and token and refuse anything else', () => {
    const token = newRequestToken();
    expect(parseRequestId(formatRequestId(SHOP, token))).toEqual({ shopId: SHOP, token });
    for (const id of ['', SHOP, `${SHOP}.`, `${SHOP}.short`, `not-a-shop.${token}`, `${SHOP.toUpperCase()}.${token}`]) {
      expect(parseRequestId(id)).toBeNull();
    }
  });
});

describe('TrackingService.trackImpressions', () => {
  it('records each shown sku once with its position, however often it is reported', async () => {
    const { ports, tracking, requestId } = await setup();
    expect(await tracking.trackImpressions(publishable(), requestId, ['lamp', 'mug', 'lamp'])).toBe(true);
    expect(await tracking.trackImpressions(publishable(), requestId, ['mug'])).toBe(true);
    expect(tracked(ports)).toEqual(['IMPRESSION:lamp@1', 'IMPRESSION:mug@0']);
    expect(ports.outbox.entries()[0]).toMatchObject({
      tenantId: TENANT,
      shopId: SHOP,
      requestId,
      placement: 'pdp-similar',
      occurredAt: ports.clock.date(),
    });
  });

  it('refuses a sku the list did not show, naming its place in the input, and records nothing', async () => {
    const { ports, tracking, requestId } = await setup();
    await expect(tracking.trackImpressions(publishable(), requestId, ['mug', 'vase'])).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'skus[1]',
      message: `skus[1]: "vase" was not shown by request ${requestId}; nothing recorded`,
    });
    expect(tracked(ports)).toEqual([]);
  });

  it('names the place of an unshown sku in the list as sent, repeats included', async () => {
    const { tracking, requestId } = await setup();
    await expect(tracking.trackImpressions(publishable(), requestId, ['mug', 'mug', 'vase'])).rejects.toMatchObject({
      field: 'skus[2]',
    });
  });

  it('checks the sku list before anything else', async () => {
    const { tracking, requestId } = await setup();
    await expect(tracking.trackImpressions(publishable(), requestId, [])).rejects.toMatchObject({ field: 'skus' });
    const tooMany = Array.from({ length: MAX_TRACKED_SKUS + 1 }, (_, i) => `s${i}`);
    await expect(tracking.trackImpressions(publishable(), requestId, tooMany)).rejects.toMatchObject({
      field: 'skus',
    });
    await expect(tracking.trackImpressions(publishable(), requestId, ['mug', ''])).rejects.toMatchObject({
      field: 'skus[1]',
    });
    await expect(tracking.trackImpressions(publishable(), requestId, ['s'.repeat(201)])).rejects.toMatchObject({
      field: 'skus[0]',
    });
    await expect(tracking.trackImpressions({ kind: 'anonymous' }, requestId, [])).rejects.toMatchObject({
      field: 'skus',
    });
  });
});

describe('TrackingService.trackClick', () => {
  it('records a click and the impression it implies, each once', async () => {
    const { ports, tracking, requestId } = await setup();
    expect(await tracking.trackClick(publishable(), requestId, 'card')).toBe(true);
    expect(await tracking.trackClick(publishable(), requestId, 'card')).toBe(true);
    await tracking.trackImpressions(publishable(), requestId, ['card']);
    expect(tracked(ports)).toEqual(['IMPRESSION:card@2', 'CLICK:card@2']);
  });

  it('refuses a click on a sku the list did not show, naming the sku field', async () => {
    const { ports, tracking, requestId } = await setup();
    await expect(tracking.trackClick(publishable(), requestId, 'vase')).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'sku',
    });
    await expect(tracking.trackClick(publishable(), requestId, '')).rejects.toMatchObject({ field: 'sku' });
    expect(tracked(ports)).toEqual([]);
  });
});

describe('TrackingService request lookup', () => {
  it("answers NOT_FOUND for a malformed, unknown, expired or another tenant's request", async () => {
    const { ports, tracking, requestId } = await setup();
    const otherToken = newRequestToken();
    for (const [principal, id] of [
      [publishable(), 'garbage'],
      [publishable(), formatRequestId(SHOP, otherToken)],
      [publishable(OTHER_TENANT), requestId],
    ] as const) {
      await expect(tracking.trackClick(principal, id, 'mug')).rejects.toMatchObject({
        code: ErrorCode.NotFound,
        message: `request ${JSON.stringify(id)} not found`,
      });
    }
    ports.clock.advance(3_600_000);
    await expect(tracking.trackImpressions(publishable(), requestId, ['mug'])).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    expect(tracked(ports)).toEqual([]);
  });

  it('takes a publishable or a secret key, not the operator or nobody', async () => {
    const { tracking, requestId } = await setup();
    const secret: Principal = { kind: 'key', tenantId: TENANT, keyId: KEY_ID, keyKind: 'SECRET' };
    expect(await tracking.trackClick(secret, requestId, 'mug')).toBe(true);
    await expect(tracking.trackClick({ kind: 'operator' }, requestId, 'mug')).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await expect(tracking.trackClick({ kind: 'anonymous' }, requestId, 'mug')).rejects.toMatchObject({
      code: ErrorCode.Unauthenticated,
    });
  });

  it('refuses with RATE_LIMITED, recording nothing, while the shop’s write-ahead log is full', async () => {
    const { ports, tracking, requestId } = await setup({ maxBacklog: 2 });
    await tracking.trackClick(publishable(), requestId, 'mug');
    await expect(tracking.trackImpressions(publishable(), requestId, ['lamp'])).rejects.toMatchObject({
      code: ErrorCode.RateLimited,
    });
    expect(tracked(ports)).toEqual(['IMPRESSION:mug@0', 'CLICK:mug@0']);
    const batch = await ports.outbox.read(10, 0);
    await batch?.ack();
    expect(await tracking.trackImpressions(publishable(), requestId, ['lamp'])).toBe(true);
  });
});

describe('FakeRequestLog', () => {
  it('keeps the last position of a sku shown twice, as the Redis hash does', async () => {
    const log = new FakeRequestLog();
    const token = newRequestToken();
    await log.remember({
      tenantId: TENANT,
      shopId: SHOP,
      token,
      placement: null,
      experimentId: null,
      variant: null,
      skus: ['a', 'b', 'a'],
      servedAt: new Date(0),
    });
    expect(await log.track(TENANT, SHOP, token, 'IMPRESSION', ['a', 'b'], new Date(1))).toEqual({
      status: 'ok',
      added: 2,
    });
    expect(log.outbox.entries().map((e) => [e.sku, e.position])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});
