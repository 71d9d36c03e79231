// Ports for tenants and API keys. Adapters (packages/db) implement them; services and tests depend only on these.

import type { ApiKeyKind } from './principal.ts';

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface ApiKeyRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: ApiKeyKind;
  readonly label: string | null;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export interface TenantRepository {
  create(name: string): Promise<Tenant>;
  /** Operator-only listing across tenants: the one deliberate cross-tenant read. */
  listAllTenantsAsOperator(): Promise<Tenant[]>;
  findById(id: string): Promise<Tenant | null>;
  /** Creates a tenant and its first keys in one transaction, so a tenant never exists without a way in. */
  createWithKeys(
    name: string,
    keys: ReadonlyArray<{ kind: ApiKeyKind; label: string; prefix: string; hash: string }>,
  ): Promise<Tenant>;
}

export interface ApiKeyRepository {
  create(input: {
    tenantId: string;
    kind: ApiKeyKind;
    label: string | null;
    prefix: string;
    hash: string;
  }): Promise<ApiKeyRecord>;
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  list(tenantId: string): Promise<ApiKeyRecord[]>;
  /** Sets revokedAt if not yet set; null when the key is not the tenant's. */
  revoke(tenantId: string, id: string, at: Date): Promise<ApiKeyRecord | null>;
  touch(id: string, at: Date): Promise<void>;
}
