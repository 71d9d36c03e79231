// ApiKeyService over the in-memory tenancy fakes: a bearer token becomes exactly one kind of principal, keys are
// minted once and stored hashed, revocation is tenant-scoped, immediate in this process and announced to the
// others, and the cache and lastUsedAt writes follow their clocks.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FakeClock, RecordingChangeFeed, createFakePorts } from '../../../testing/src/fakes/index.ts';
import { ErrorCode } from '../shared/errors.ts';
import { ApiKeyService, hashKey, mintKey } from './api-key.service.ts';
import type { Principal } from './principal.ts';
import { TenantService } from './tenant.service.ts';

const OPERATOR_TOKEN = 'operator-token-for-unit-tests';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

async function setup(options: { cacheTtlMs?: number; touchEveryMs?: number } = {}) {
  const ports = createFakePorts();
  const clock = ports.clock;
  const changes = new RecordingChangeFeed();
  const keys = new ApiKeyService(ports.apiKeys, {
    operatorToken: OPERATOR_TOKEN,
    now: clock.now,
    changes,
    ...options,
  });
  const tenants = new TenantService(ports.tenants);
  const a = await tenants.create({ kind: 'operator' }, 'Group A');
  const b = await tenants.create({ kind: 'operator' }, 'Group B');
  const secretOf = async (t: typeof a): Promise<Principal> => keys.authenticate(t.secretKey);
  return { ports, clock, changes, keys, a, b, secretA: await secretOf(a), secretB: await secretOf(b) };
}

describe('ApiKeyService.authenticate', () => {
  it('resolves the operator token, secret and publishable keys, and anything else to anonymous', async () => {
    const { keys, a } = await setup();
    expect(await keys.authenticate(OPERATOR_TOKEN)).toEqual({ kind: 'operator' });
    const secret = await keys.authenticate(a.secretKey);
    expect(secret).toMatchObject({ kind: 'key', tenantId: a.tenant.id, keyKind: 'SECRET' });
    const publishable = await keys.authenticate(a.publishableKey);
    expect(publishable).toMatchObject({ kind: 'key', tenantId: a.tenant.id, keyKind: 'PUBLISHABLE' });
    expect(secret.kind === 'key' && publishable.kind === 'key' && secret.keyId !== publishable.keyId).toBe(true);
    for (const token of [null, undefined, '', 'Bearer x', `${OPERATOR_TOKEN}x`, a.secretKey.slice(0, -1)]) {
      expect(await keys.authenticate(token)).toEqual({ kind: 'anonymous' });
    }
  });

  it('never reads the database for a token without a key prefix', async () => {
    const { ports, keys } = await setup();
    const before = ports.apiKeys.lookups;
    expect(await keys.authenticate('not-a-key')).toEqual({ kind: 'anonymous' });
    expect(await keys.authenticate(OPERATOR_TOKEN)).toEqual({ kind: 'operator' });
    expect(ports.apiKeys.lookups).toBe(before);
  });

  it('answers an unknown key from a negative cache, and says which callers it knows without a lookup', async () => {
    const { ports, clock, keys, a } = await setup();
    const random = `sk_live_${'r'.repeat(32)}`;
    const before = ports.apiKeys.lookups;
    for (let i = 0; i < 5; i++) expect(await keys.authenticate(random)).toEqual({ kind: 'anonymous' });
    expect(ports.apiKeys.lookups).toBe(before + 1);
    clock.advance(60_000);
    await keys.authenticate(random);
    expect(ports.apiKeys.lookups).toBe(before + 2);
    expect(keys.knownCaller(random)).toBeNull();
    expect(keys.knownCaller(null)).toBeNull();
    expect(keys.knownCaller(OPERATOR_TOKEN)).toEqual({ kind: 'operator' });
    expect(keys.knownCaller(a.publishableKey)).toBeNull();
    await keys.authenticate(a.publishableKey);
    expect(keys.knownCaller(a.publishableKey)).toMatchObject({ kind: 'key', keyKind: 'PUBLISHABLE' });
  });

  it('has no operator at all when no operator token is configured', async () => {
    const { ports, a } = await setup();
    const keys = new ApiKeyService(ports.apiKeys, { operatorToken: undefined });
    expect(await keys.authenticate(OPERATOR_TOKEN)).toEqual({ kind: 'anonymous' });
    expect(await keys.authenticate(a.secretKey)).toMatchObject({ kind: 'key', keyKind: 'SECRET' });
  });

  it('answers a known key from its cache until the TTL passes', async () => {
    const { ports, clock, keys, a } = await setup({ cacheTtlMs: 5_000 });
    await keys.authenticate(a.publishableKey);
    const afterFirst = ports.apiKeys.lookups;
    clock.advance(4_999);
    await keys.authenticate(a.publishableKey);
    expect(ports.apiKeys.lookups).toBe(afterFirst);
    clock.advance(1);
    await keys.authenticate(a.publishableKey);
    expect(ports.apiKeys.lookups).toBe(afterFirst + 1);
  });

  it('sees a revocation made by another process once the cache TTL passes, or at once when told', async () => {
    const { ports, clock, keys, a, secretA } = await setup({ cacheTtlMs: 5_000 });
    const other = new ApiKeyService(ports.apiKeys, { operatorToken: OPERATOR_TOKEN, now: clock.now });
    const created = await other.create(secretA, 'PUBLISHABLE', 'shop front');
    expect(await keys.authenticate(created.secret)).toMatchObject({ kind: 'key', keyId: created.apiKey.id });
    await other.revoke(secretA, created.apiKey.id);
    // Still cached here: revocation elsewhere shows up within the TTL, not before.
    expect(await keys.authenticate(created.secret)).toMatchObject({ kind: 'key' });
    keys.forget(created.apiKey.id);
    expect(await keys.authenticate(created.secret)).toEqual({ kind: 'anonymous' });

    const second = await other.create(secretA, 'SECRET', null);
    expect(await keys.authenticate(second.secret)).toMatchObject({ tenantId: a.tenant.id, keyKind: 'SECRET' });
    await other.revoke(secretA, second.apiKey.id);
    clock.advance(5_000);
    expect(await keys.authenticate(second.secret)).toEqual({ kind: 'anonymous' });
  });

  it('writes lastUsedAt at most once per touch interval per key', async () => {
    const { ports, clock, keys, a, secretA } = await setup({ touchEveryMs: 60_000, cacheTtlMs: 1_000 });
    const keyId = secretA.kind === 'key' ? secretA.keyId : '';
    const lastUsed = async () => (await ports.apiKeys.list(a.tenant.id)).find((k) => k.id === keyId)?.lastUsedAt;
    const t0 = clock.now();
    expect(await lastUsed()).toEqual(new Date(t0));
    clock.advance(30_000);
    await keys.authenticate(a.secretKey);
    expect(await lastUsed()).toEqual(new Date(t0));
    clock.advance(30_000);
    await keys.authenticate(a.secretKey);
    expect(await lastUsed()).toEqual(new Date(t0 + 60_000));
  });

  it('keeps authenticating when the lastUsedAt write fails', async () => {
    const { ports, clock, a } = await setup();
    ports.apiKeys.touch = () => Promise.reject(new Error('database down'));
    const keys = new ApiKeyService(ports.apiKeys, { operatorToken: OPERATOR_TOKEN, now: clock.now });
    expect(await keys.authenticate(a.secretKey)).toMatchObject({ kind: 'key', keyKind: 'SECRET' });
  });
});

describe('ApiKeyService key management', () => {
  it('mints a key shown once: prefix by kind, 12 display characters, stored as its sha256', async () => {
    const { ports, keys, a, secretA } = await setup();
    const { apiKey, secret } = await keys.create(secretA, 'PUBLISHABLE', '  storefront  ');
    expect(secret).toMatch(/^pk_live_[A-Za-z0-9_-]{32}$/);
    expect(apiKey).toMatchObject({
      tenantId: a.tenant.id,
      kind: 'PUBLISHABLE',
      label: 'storefront',
      prefix: secret.slice(0, 12),
      revokedAt: null,
    });
    expect(JSON.stringify(apiKey)).not.toContain(secret.slice(12));
    expect(ports.db.apiKeys.get(apiKey.id)?.hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hashKey(secret)).toBe(ports.db.apiKeys.get(apiKey.id)?.hash);
    expect((await keys.create(secretA, 'SECRET', '   ')).apiKey.label).toBeNull();
    expect(mintKey('SECRET').secret).toMatch(/^sk_live_/);
    expect(mintKey('SECRET').secret).not.toBe(mintKey('SECRET').secret);
  });

  it('refuses a label over 100 characters naming the field', async () => {
    const { keys, secretA } = await setup();
    await expect(keys.create(secretA, 'SECRET', 'x'.repeat(100))).resolves.toMatchObject({
      secret: expect.stringMatching(/^sk_live_/),
    });
    await expect(keys.create(secretA, 'SECRET', 'x'.repeat(101))).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'label',
    });
  });

  it('lets only a secret key manage keys, and only the operator mint for another tenant', async () => {
    const { keys, a, b, secretA } = await setup();
    const publishable = await keys.authenticate(a.publishableKey);
    for (const [principal, code] of [
      [{ kind: 'anonymous' }, ErrorCode.Unauthenticated],
      [{ kind: 'operator' }, ErrorCode.Forbidden],
      [publishable, ErrorCode.Forbidden],
    ] as const) {
      await expect(keys.create(principal, 'SECRET', null)).rejects.toMatchObject({ code });
      await expect(keys.list(principal)).rejects.toMatchObject({ code });
      await expect(keys.revoke(principal, MISSING_ID)).rejects.toMatchObject({ code });
    }
    await expect(keys.createAsOperator(secretA, b.tenant.id, 'SECRET', 'lost')).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await expect(keys.createAsOperator({ kind: 'anonymous' }, b.tenant.id, 'SECRET', 'x')).rejects.toMatchObject({
      code: ErrorCode.Unauthenticated,
    });
    const minted = await keys.createAsOperator({ kind: 'operator' }, b.tenant.id, 'SECRET', 'lost');
    expect(await keys.authenticate(minted.secret)).toMatchObject({ tenantId: b.tenant.id, keyKind: 'SECRET' });
  });

  it("lists only the caller's tenant's keys, oldest first", async () => {
    const { keys, a, secretA, secretB } = await setup();
    const extra = await keys.create(secretA, 'SECRET', 'ci');
    const listed = await keys.list(secretA);
    expect(listed.map((k) => k.label)).toEqual(['initial secret key', 'initial publishable key', 'ci']);
    expect(listed.every((k) => k.tenantId === a.tenant.id)).toBe(true);
    expect((await keys.list(secretB)).map((k) => k.id)).not.toContain(extra.apiKey.id);
  });

  it('revokes at once in this process and publishes api-key-revoked exactly once', async () => {
    const { clock, changes, keys, a, secretA } = await setup();
    const { apiKey, secret } = await keys.create(secretA, 'PUBLISHABLE', null);
    expect(await keys.authenticate(secret)).toMatchObject({ kind: 'key' });
    clock.advance(1_000);
    const revoked = await keys.revoke(secretA, apiKey.id);
    expect(revoked.revokedAt).toEqual(clock.date());
    expect(await keys.authenticate(secret)).toEqual({ kind: 'anonymous' });
    expect(changes.published).toEqual([{ kind: 'api-key-revoked', tenantId: a.tenant.id, keyId: apiKey.id }]);
  });

  it('keeps the first revocation time when a key is revoked again', async () => {
    const { clock, keys, secretA } = await setup();
    const { apiKey } = await keys.create(secretA, 'SECRET', null);
    const first = await keys.revoke(secretA, apiKey.id);
    clock.advance(60_000);
    expect((await keys.revoke(secretA, apiKey.id)).revokedAt).toEqual(first.revokedAt);
  });

  it("answers NOT_FOUND for another tenant's key, a missing and a malformed id, and announces nothing", async () => {
    const { changes, keys, secretA, secretB } = await setup();
    const { apiKey, secret } = await keys.create(secretA, 'SECRET', null);
    for (const id of [apiKey.id, MISSING_ID, 'not-a-uuid']) {
      await expect(keys.revoke(secretB, id)).rejects.toMatchObject({
        code: ErrorCode.NotFound,
        message: `API key ${JSON.stringify(id)} not found`,
      });
    }
    expect(await keys.authenticate(secret)).toMatchObject({ kind: 'key' });
    expect(changes.published).toEqual([]);
  });

  it('does not need a change feed to revoke', async () => {
    const ports = createFakePorts({ clock: new FakeClock() });
    const tenants = new TenantService(ports.tenants);
    const a = await tenants.create({ kind: 'operator' }, 'Solo');
    const keys = new ApiKeyService(ports.apiKeys, { operatorToken: undefined });
    const principal = await keys.authenticate(a.secretKey);
    const { apiKey } = await keys.create(principal, 'SECRET', null);
    expect((await keys.revoke(principal, apiKey.id)).revokedAt).toBeInstanceOf(Date);
  });
});
