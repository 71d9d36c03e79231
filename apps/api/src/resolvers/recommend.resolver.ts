// Storefront recommendations (a publishable key is enough).

import { INPUT_LIMITS, boundedId } from '@shopspace/domain';
import type { Resolvers } from '../generated/graphql.ts';

export const recommendResolvers: Resolvers = {
  Query: {
    similarItems: (_p, { shopId, sku, first, filter, placement }, { principal, services }) =>
      services.recommendations.similarItems(principal, shopId, sku, first, filter, placement, null),
    similarItemsFor: (_p, { shopId, sku, first, filter, placement, userId, sessionId }, { principal, services }) => {
      boundedId('userId', userId, INPUT_LIMITS.userId);
      boundedId('sessionId', sessionId, INPUT_LIMITS.sessionId);
      return services.recommendations.similarItems(
        principal,
        shopId,
        sku,
        first,
        filter,
        placement,
        userId ?? sessionId ?? null,
      );
    },
    sessionRecommendations: (_p, { shopId, session, first, filter, placement }, { principal, services }) =>
      services.recommendations.sessionRecommendations(principal, shopId, session, first, filter, placement),
    userRecommendations: (_p, { shopId, userId, first, filter, placement }, { principal, services }) =>
      services.recommendations.userRecommendations(principal, shopId, userId, first, filter, placement),
  },
};
