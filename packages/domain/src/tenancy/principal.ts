// Who is calling, resolved from the bearer token in exactly one place (ApiKeyService.authenticate), and the
// guards every service entry point uses to turn it into a tenant scope. A resolver never takes a tenant id
// from arguments: the scope is the only source of tenancy.

import { DomainError, ErrorCode, forbidden } from '../shared/errors.ts';

export type ApiKeyKind = 'SECRET' | 'PUBLISHABLE';

export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'operator' }
  | { readonly kind: 'key'; readonly tenantId: string; readonly keyId: string; readonly keyKind: ApiKeyKind };

/** The tenant every read and write of a call is scoped by. */
export interface TenantScope {
  readonly tenantId: string;
  readonly keyKind: ApiKeyKind;
}

const unauthenticated = (): DomainError =>
  new DomainError(ErrorCode.Unauthenticated, 'missing or invalid API key (Authorization: Bearer <key>)');

/** Catalog, ingest, key, training and experiment management: a secret key only. */
export function secretScope(p: Principal): TenantScope {
  switch (p.kind) {
    case 'anonymous':
      throw unauthenticated();
    case 'operator':
      throw forbidden('the operator token manages tenants only; use a tenant secret key');
    case 'key':
      if (p.keyKind !== 'SECRET') throw forbidden('a publishable key cannot do this; use a secret key');
      return { tenantId: p.tenantId, keyKind: p.keyKind };
  }
}

/** Storefront reads and tracking: a publishable or a secret key. */
export function storefrontScope(p: Principal): TenantScope {
  switch (p.kind) {
    case 'anonymous':
      throw unauthenticated();
    case 'operator':
      throw forbidden('the operator token manages tenants only; use a tenant key');
    case 'key':
      return { tenantId: p.tenantId, keyKind: p.keyKind };
  }
}

export function requireOperator(p: Principal): void {
  if (p.kind === 'anonymous') throw unauthenticated();
  if (p.kind !== 'operator') throw forbidden('only the operator token can do this');
}
