// Event ingest and import jobs.

import type { Resolvers } from '../generated/graphql.ts';

export const eventResolvers: Resolvers = {
  Query: {
    importJob: (_p, { id }, { principal, services }) => services.imports.get(principal, id),
  },
  Mutation: {
    ingestEvents: (_p, { shopId, events }, { principal, services }) =>
      services.events.ingest(principal, shopId, events),
  },
  ImportJob: {
    shop: (job, _a, { principal, services }) => services.shops.get(principal, job.shopId),
  },
};
