// Tenants and API keys.

import type { Resolvers } from '../generated/graphql.ts';

export const tenancyResolvers: Resolvers = {
  Query: {
    tenants: (_p, _a, { principal, services }) => services.tenants.list(principal),
    apiKeys: (_p, _a, { principal, services }) => services.keys.list(principal),
  },
  Mutation: {
    createTenant: (_p, { name }, { principal, services }) => services.tenants.create(principal, name),
    createApiKey: (_p, { kind, label }, { principal, services }) => services.keys.create(principal, kind, label),
    revokeApiKey: (_p, { id }, { principal, services }) => services.keys.revoke(principal, id),
  },
  Tenant: {
    shops: (tenant, _a, { principal, services }) =>
      principal.kind === 'operator'
        ? services.shops.listAsOperator(principal, tenant.id)
        : services.shops.list(principal),
  },
};
