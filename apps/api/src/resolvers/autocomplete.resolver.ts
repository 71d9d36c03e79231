// Storefront search autocomplete (a publishable key is enough).

import type { Resolvers } from '../generated/graphql.ts';

export const autocompleteResolvers: Resolvers = {
  Query: {
    autocomplete: (_p, { shopId, prefix, session, first }, { principal, services }) =>
      services.autocomplete.autocomplete(principal, shopId, prefix, session, first, null),
    autocompleteFor: (_p, { shopId, prefix, session, first, placement }, { principal, services }) =>
      services.autocomplete.autocomplete(principal, shopId, prefix, session, first, placement),
  },
};
