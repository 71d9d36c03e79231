// Impression and click tracking (publishable key is enough).

import type { Resolvers } from '../generated/graphql.ts';

export const trackingResolvers: Resolvers = {
  Mutation: {
    trackImpressions: (_p, { requestId, skus }, { principal, services }) =>
      services.tracking.trackImpressions(principal, requestId, skus),
    trackClick: (_p, { requestId, sku }, { principal, services }) =>
      services.tracking.trackClick(principal, requestId, sku),
  },
};
