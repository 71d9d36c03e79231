// Tenants (brand groups): created by the operator together with their first secret and publishable keys.

import { badInput, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { mintKey } from './api-key.service.ts';
import { requireOperator, secretScope, type Principal } from './principal.ts';
import type { Tenant, TenantRepository } from './tenancy.ports.ts';

const MAX_NAME_LENGTH = 200;

export class TenantService {
  constructor(private readonly tenants: TenantRepository) {}

  async create(
    principal: Principal,
    name: string,
  ): Promise<{ tenant: Tenant; secretKey: string; publishableKey: string }> {
    requireOperator(principal);
    const clean = name.trim();
    if (!clean) throw badInput('name', 'must not be empty');
    if (clean.length > MAX_NAME_LENGTH) throw badInput('name', `must be at most ${MAX_NAME_LENGTH} characters`);
    const secret = mintKey('SECRET');
    const publishable = mintKey('PUBLISHABLE');
    const tenant = await this.tenants.createWithKeys(clean, [
      { kind: 'SECRET', label: 'initial secret key', prefix: secret.prefix, hash: secret.hash },
      { kind: 'PUBLISHABLE', label: 'initial publishable key', prefix: publishable.prefix, hash: publishable.hash },
    ]);
    return { tenant, secretKey: secret.secret, publishableKey: publishable.secret };
  }

  /** The operator sees every tenant; a secret key sees its own. */
  async list(principal: Principal): Promise<Tenant[]> {
    if (principal.kind === 'operator') return this.tenants.listAllTenantsAsOperator();
    const scope = secretScope(principal);
    const own = await this.tenants.findById(scope.tenantId);
    return own ? [own] : [];
  }

  async get(principal: Principal, id: string): Promise<Tenant> {
    if (!isUuid(id)) throw notFound('tenant', id);
    if (principal.kind !== 'operator' && secretScope(principal).tenantId !== id) throw notFound('tenant', id);
    const tenant = await this.tenants.findById(id);
    if (!tenant) throw notFound('tenant', id);
    return tenant;
  }
}
