// TenantService over the in-memory tenancy fakes: the operator creates tenants with their first two keys in one
// step, sees every tenant; a secret key sees its own tenant only, and another tenant reads as missing.

import { describe, expect, it } from 'vitest';
import { createFakePorts } from '../../../testing/src/fakes/index.ts';
import { ErrorCode } from '../shared/errors.ts';
import { ApiKeyService } from './api-key.service.ts';
import { TenantService } from './tenant.service.ts';

const operator = { kind: 'operator' } as const;
const anonymous = { kind: 'anonymous' } as const;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

function setup() {
  const ports = createFakePorts();
  return {
    ports,
    tenants: new TenantService(ports.tenants),
    keys: new ApiKeyService(ports.apiKeys, { operatorToken: undefined, now: ports.clock.now }),
  };
}

describe('TenantService.create', () => {
  it('creates the tenant with a secret and a publishable key that authenticate as it', async () => {
    const { ports, tenants, keys } = setup();
    const created = await tenants.create(operator, '  Brand Group  ');
    expect(created.tenant).toEqual({ id: created.tenant.id, name: 'Brand Group', createdAt: ports.clock.date() });
    expect(await keys.authenticate(created.secretKey)).toMatchObject({
      kind: 'key',
      tenantId: created.tenant.id,
      keyKind: 'SECRET',
    });
    expect(await keys.authenticate(created.publishableKey)).toMatchObject({
      kind: 'key',
      tenantId: created.tenant.id,
      keyKind: 'PUBLISHABLE',
    });
    const listed = await ports.apiKeys.list(created.tenant.id);
    expect(listed.map((k) => [k.kind, k.label])).toEqual([
      ['SECRET', 'initial secret key'],
      ['PUBLISHABLE', 'initial publishable key'],
    ]);
  });

  it('refuses an empty or over-long name naming the field, and creates nothing', async () => {
    const { ports, tenants } = setup();
    await expect(tenants.create(operator, '   ')).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'name',
    });
    await expect(tenants.create(operator, 'x'.repeat(201))).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'name',
      message: 'name: must be at most 200 characters',
    });
    expect(ports.db.tenants.size).toBe(0);
    await expect(tenants.create(operator, 'x'.repeat(200))).resolves.toMatchObject({
      tenant: { name: 'x'.repeat(200) },
    });
  });

  it('lets only the operator create tenants', async () => {
    const { tenants, keys } = setup();
    const a = await tenants.create(operator, 'A');
    const secret = await keys.authenticate(a.secretKey);
    await expect(tenants.create(secret, 'B')).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(tenants.create(anonymous, 'B')).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
  });
});

describe('TenantService reads', () => {
  async function twoTenants() {
    const s = setup();
    const a = await s.tenants.create(operator, 'A');
    s.ports.clock.advance(1);
    const b = await s.tenants.create(operator, 'B');
    return {
      ...s,
      a,
      b,
      secretA: await s.keys.authenticate(a.secretKey),
      publishableA: await s.keys.authenticate(a.publishableKey),
    };
  }

  it('lists every tenant for the operator, oldest first, and only its own for a secret key', async () => {
    const { tenants, a, b, secretA, publishableA } = await twoTenants();
    expect((await tenants.list(operator)).map((t) => t.id)).toEqual([a.tenant.id, b.tenant.id]);
    expect(await tenants.list(secretA)).toEqual([a.tenant]);
    await expect(tenants.list(publishableA)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(tenants.list(anonymous)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
  });

  it('reads another tenant exactly like a missing one, and a malformed id too', async () => {
    const { tenants, a, b, secretA } = await twoTenants();
    expect(await tenants.get(secretA, a.tenant.id)).toEqual(a.tenant);
    expect(await tenants.get(operator, b.tenant.id)).toEqual(b.tenant);
    for (const id of [b.tenant.id, MISSING_ID, 'tenant-b']) {
      await expect(tenants.get(secretA, id)).rejects.toMatchObject({
        code: ErrorCode.NotFound,
        message: `tenant ${JSON.stringify(id)} not found`,
      });
    }
    await expect(tenants.get(operator, MISSING_ID)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
