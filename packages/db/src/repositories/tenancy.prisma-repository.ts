// Tenants and API keys on Prisma.

import type { ApiKeyRecord, ApiKeyRepository, Tenant, TenantRepository, ApiKeyKind } from '@shopspace/domain';
import type { PrismaClient } from '../database.ts';

export class TenantPrismaRepository implements TenantRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(name: string): Promise<Tenant> {
    return this.prisma.tenant.create({ data: { name } });
  }

  listAllTenantsAsOperator(): Promise<Tenant[]> {
    return this.prisma.tenant.findMany({ orderBy: { createdAt: 'asc' } });
  }

  findById(id: string): Promise<Tenant | null> {
    return this.prisma.tenant.findUnique({ where: { id } });
  }

  createWithKeys(
    name: string,
    keys: ReadonlyArray<{ kind: ApiKeyKind; label: string; prefix: string; hash: string }>,
  ): Promise<Tenant> {
    return this.prisma.tenant.create({
      data: { name, apiKeys: { create: keys.map((k) => ({ ...k })) } },
    });
  }
}

const keySelect = {
  id: true,
  tenantId: true,
  kind: true,
  label: true,
  prefix: true,
  createdAt: true,
  revokedAt: true,
  lastUsedAt: true,
} as const;

export class ApiKeyPrismaRepository implements ApiKeyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(input: {
    tenantId: string;
    kind: ApiKeyKind;
    label: string | null;
    prefix: string;
    hash: string;
  }): Promise<ApiKeyRecord> {
    return this.prisma.apiKey.create({ data: input, select: keySelect });
  }

  findByHash(hash: string): Promise<ApiKeyRecord | null> {
    return this.prisma.apiKey.findUnique({ where: { hash }, select: keySelect });
  }

  list(tenantId: string): Promise<ApiKeyRecord[]> {
    return this.prisma.apiKey.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' }, select: keySelect });
  }

  async revoke(tenantId: string, id: string, at: Date): Promise<ApiKeyRecord | null> {
    // Scoped by tenant in the WHERE: another tenant's key id matches no row, exactly like a missing id.
    await this.prisma.apiKey.updateMany({ where: { id, tenantId, revokedAt: null }, data: { revokedAt: at } });
    return this.prisma.apiKey.findFirst({ where: { id, tenantId }, select: keySelect });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
