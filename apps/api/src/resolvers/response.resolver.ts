// The response model (GLMix on tracked clicks): refits with their held-out figures, a refit now, its schedule.

import type { Resolvers } from '../generated/graphql.ts';

export const responseResolvers: Resolvers = {
  Query: {
    responseModels: (_p, { shopId, first }, { principal, services }) =>
      services.response.list(principal, shopId, first ?? 20),
    responseRefitNextRun: (_p, { shopId }, { principal, services }) => services.response.nextRun(principal, shopId),
  },
  Mutation: {
    refitResponseModel: (_p, { shopId }, { principal, services }) => services.response.refit(principal, shopId),
    setResponseSchedule: (_p, { shopId, cron, timeZone }, { principal, services }) =>
      services.response.schedule(principal, shopId, cron ?? '30 3 * * *', timeZone ?? 'UTC'),
  },
  ResponseModel: {
    aucFull: (m) => m.metrics.aucFull,
    aucGlobal: (m) => m.metrics.aucGlobal,
    aucActive: (m) => m.metrics.aucActive,
    examples: (m) => m.metrics.examples,
    clicks: (m) => m.metrics.clicks,
    metrics: (m) => m.metrics,
  },
};
