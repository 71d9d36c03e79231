// API keys: shown once, stored hashed, listed with their prefix, revocable with immediate effect.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTenant, startTestApi, type TenantFixture, type TestApi } from '@shopspace/testing';

let api: TestApi;
let t: TenantFixture;

beforeAll(async () => {
  api = await startTestApi('apikeys');
  t = await createTenant(api, 'Keys Group');
});
afterAll(async () => api?.close());

describe('API keys', () => {
  it('returns the secret once and stores only its hash', async () => {
    const r = await api.gql(
      t.secretKey,
      'mutation{createApiKey(kind:PUBLISHABLE,label:"storefront"){secret apiKey{id kind label prefix revokedAt}}}',
    );
    const created = r.data?.['createApiKey'];
    expect(created.secret).toMatch(/^pk_live_[A-Za-z0-9_-]{32}$/);
    expect(created.apiKey).toMatchObject({
      kind: 'PUBLISHABLE',
      label: 'storefront',
      prefix: created.secret.slice(0, 12),
      revokedAt: null,
    });
    const rows = await api.database.db.sql.query<{ hash: string }>('SELECT hash FROM api_keys WHERE id = $1', [
      created.apiKey.id,
    ]);
    expect(rows[0]?.hash).toBe(createHash('sha256').update(created.secret).digest('hex'));
    const listed = JSON.stringify((await api.gql(t.secretKey, '{apiKeys{id prefix label}}')).data);
    expect(listed).toContain(created.apiKey.prefix);
    expect(listed).not.toContain(created.secret);
  });

  it('stops accepting a revoked key at once and records lastUsedAt for a used one', async () => {
    const r = await api.gql(t.secretKey, 'mutation{createApiKey(kind:SECRET){secret apiKey{id}}}');
    const { secret, apiKey } = r.data!['createApiKey'];
    expect((await api.gql(secret, '{shops{id}}')).errors).toBeUndefined();
    const used = await api.gql(t.secretKey, '{apiKeys{id lastUsedAt}}');
    const mine = (used.data?.['apiKeys'] as Array<{ id: string; lastUsedAt: string | null }>).find(
      (k) => k.id === apiKey.id,
    );
    expect(mine?.lastUsedAt).not.toBeNull();
    const revoked = await api.gql(t.secretKey, `mutation{revokeApiKey(id:"${apiKey.id}"){revokedAt}}`);
    expect(revoked.data?.['revokeApiKey'].revokedAt).toMatch(/^\d{4}-/);
    expect(api.code(await api.gql(secret, '{shops{id}}'))).toBe('UNAUTHENTICATED');
  });

  it('refuses an over-long label naming the field', async () => {
    const r = await api.gql(t.secretKey, `mutation{createApiKey(kind:SECRET,label:"${'x'.repeat(101)}"){secret}}`);
    expect(api.code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/^label:/);
  });
});
