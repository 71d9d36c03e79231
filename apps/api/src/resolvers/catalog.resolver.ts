// Shops and the catalog.

import { encodeCursor, notFound } from '@shopspace/domain';
import type { Resolvers } from '../generated/graphql.ts';
import { activeModelResolver } from './training.resolver.ts';

export const catalogResolvers: Resolvers = {
  Query: {
    shops: (_p, _a, { principal, services }) => services.shops.list(principal),
    shop: (_p, { id }, { principal, services }) => services.shops.get(principal, id),
    item: async (_p, { shopId, sku }, { principal, services }) => {
      const item = await services.items.get(principal, shopId, sku);
      if (!item) throw notFound('item', sku);
      return item;
    },
  },
  Mutation: {
    createShop: (_p, { input }, { principal, services }) => services.shops.create(principal, input),
    upsertItems: (_p, { shopId, items }, { principal, services }) => services.items.upsert(principal, shopId, items),
    deactivateItems: (_p, { shopId, skus }, { principal, services }) =>
      services.items.deactivate(principal, shopId, skus),
  },
  Shop: {
    eventCount: (shop) => Math.min(shop.eventCount, 2 ** 31 - 1),
    activeModel: activeModelResolver,
    items: async (shop, args, { principal, services }) => {
      const page = await services.items.page(principal, shop.id, args);
      const edges = page.items.map((node) => ({ node, cursor: encodeCursor(node.sku) }));
      return {
        edges,
        totalCount: page.totalCount,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
    importJobs: (shop, { first }, { principal, services }) => services.imports.list(principal, shop.id, first ?? 20),
    trainingSchedule: (shop, _a, { principal, services }) => services.trainingSchedules.get(principal, shop.id),
  },
};
