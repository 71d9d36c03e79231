// In-memory tenants and API keys, with the Prisma adapters' semantics: a unique key hash, keys belonging to an
// existing tenant, revocation scoped by tenant in the WHERE, records returned without the hash.

import type { ApiKeyKind, ApiKeyRecord, ApiKeyRepository, Tenant, TenantRepository } from '@shopspace/domain';
import {
  FakeDatabaseError,
  SqlState,
  byCreated,
  copy,
  settle,
  type ApiKeyRow,
  type FakeDatabase,
  type TenantRow,
} from './fake-database.ts';

const toTenant = (row: TenantRow): Tenant => copy(row);

const toKey = (row: ApiKeyRow): ApiKeyRecord => {
  const { hash: _hash, ...record } = row;
  return copy(record);
};

interface NewKey {
  readonly tenantId: string;
  readonly kind: ApiKeyKind;
  readonly label: string | null;
  readonly prefix: string;
  readonly hash: string;
}

/** Every check of an api_keys insert, made before any row is written so a failed transaction leaves nothing. */
function keyRows(db: FakeDatabase, keys: readonly NewKey[]): ApiKeyRow[] {
  const hashes = new Set<string>();
  return keys.map((k) => {
    if (hashes.has(k.hash) || [...db.apiKeys.values()].some((row) => row.hash === k.hash)) {
      throw new FakeDatabaseError(SqlState.UniqueViolation, 'duplicate key value violates unique constraint (hash)');
    }
    hashes.add(k.hash);
    return {
      id: db.newId(),
      tenantId: k.tenantId,
      kind: k.kind,
      label: db.text(k.label, 'api_keys.label'),
      prefix: db.text(k.prefix, 'api_keys.prefix'),
      hash: db.text(k.hash, 'api_keys.hash'),
      createdAt: db.now(),
      revokedAt: null,
      lastUsedAt: null,
    };
  });
}

export class FakeTenantRepository implements TenantRepository {
  constructor(private readonly db: FakeDatabase) {}

  create(name: string): Promise<Tenant> {
    return settle(() => {
      const row: TenantRow = {
        id: this.db.newId(),
        name: this.db.text(name, 'tenants.name'),
        createdAt: this.db.now(),
      };
      this.db.tenants.set(row.id, row);
      return toTenant(row);
    });
  }

  listAllTenantsAsOperator(): Promise<Tenant[]> {
    return settle(() => [...this.db.tenants.values()].sort(byCreated).map(toTenant));
  }

  findById(id: string): Promise<Tenant | null> {
    return settle(() => {
      const row = this.db.tenants.get(this.db.uuid(id, 'tenants.id'));
      return row ? toTenant(row) : null;
    });
  }

  createWithKeys(
    name: string,
    keys: ReadonlyArray<{ kind: ApiKeyKind; label: string; prefix: string; hash: string }>,
  ): Promise<Tenant> {
    return settle(() => {
      const tenant: TenantRow = {
        id: this.db.newId(),
        name: this.db.text(name, 'tenants.name'),
        createdAt: this.db.now(),
      };
      // One transaction: a refused key leaves no tenant behind.
      const rows = keyRows(
        this.db,
        keys.map((k) => ({ ...k, tenantId: tenant.id })),
      );
      this.db.tenants.set(tenant.id, tenant);
      for (const row of rows) this.db.apiKeys.set(row.id, row);
      return toTenant(tenant);
    });
  }
}

export class FakeApiKeyRepository implements ApiKeyRepository {
  /** How many times a key was looked up by hash: the read the service's cache exists to save. */
  lookups = 0;

  constructor(private readonly db: FakeDatabase) {}

  create(input: NewKey): Promise<ApiKeyRecord> {
    return settle(() => {
      this.db.requireTenant(input.tenantId, 'api_keys');
      const [row] = keyRows(this.db, [input]);
      if (!row) throw new Error('unreachable: one key in, one row out');
      this.db.apiKeys.set(row.id, row);
      return toKey(row);
    });
  }

  findByHash(hash: string): Promise<ApiKeyRecord | null> {
    return settle(() => {
      this.lookups++;
      const row = [...this.db.apiKeys.values()].find((k) => k.hash === hash);
      return row ? toKey(row) : null;
    });
  }

  list(tenantId: string): Promise<ApiKeyRecord[]> {
    return settle(() => {
      this.db.uuid(tenantId, 'api_keys.tenant_id');
      return [...this.db.apiKeys.values()]
        .filter((k) => k.tenantId === tenantId)
        .sort(byCreated)
        .map(toKey);
    });
  }

  /** Scoped by tenant in the WHERE: another tenant's key id matches no row, exactly like a missing id. */
  revoke(tenantId: string, id: string, at: Date): Promise<ApiKeyRecord | null> {
    return settle(() => {
      this.db.uuid(tenantId, 'api_keys.tenant_id');
      const row = this.db.apiKeys.get(this.db.uuid(id, 'api_keys.id'));
      if (!row || row.tenantId !== tenantId) return null;
      row.revokedAt ??= new Date(at);
      return toKey(row);
    });
  }

  /** Prisma's update by id: a missing key is an error (the service ignores it, off the request path). */
  touch(id: string, at: Date): Promise<void> {
    return settle(() => {
      const row = this.db.apiKeys.get(this.db.uuid(id, 'api_keys.id'));
      if (!row) throw new FakeDatabaseError(SqlState.RecordNotFound, `no api key ${id} to update`);
      row.lastUsedAt = new Date(at);
    });
  }
}
