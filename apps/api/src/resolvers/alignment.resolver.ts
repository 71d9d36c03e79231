// Brand-group alignment (secret key) and cross-shop serving (publishable key is enough).

import type { Resolvers } from '../generated/graphql.ts';

export const alignmentResolvers: Resolvers = {
  Query: {
    alignmentRun: (_p, { id }, { principal, services }) => services.alignment.get(principal, id),
    alignmentRuns: (_p, { first }, { principal, services }) => services.alignment.list(principal, first ?? 20),
    twins: (_p, { shopId, sku, toShopId, first }, { principal, services }) =>
      services.crossShop.twins(principal, shopId, sku, toShopId, first ?? 5),
    crossShopRecommendations: (_p, { fromShopId, toShopId, session, first }, { principal, services }) =>
      services.crossShop.recommend(principal, fromShopId, toShopId, session, first ?? 10),
  },
  Mutation: {
    startAlignment: (_p, { shopIds }, { principal, services }) => services.alignment.start(principal, shopIds),
  },
  AlignmentRun: {
    shops: (run, _a, { principal, services }) =>
      Promise.all(run.shopIds.map((id) => services.shops.get(principal, id))),
    metrics: (run) => run.metrics,
    alignmentId: (run) => run.alignmentId,
  },
};
