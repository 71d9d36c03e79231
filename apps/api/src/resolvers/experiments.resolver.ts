// Experiments (secret key).

import type { Resolvers } from '../generated/graphql.ts';

export const experimentResolvers: Resolvers = {
  Query: {
    experiment: (_p, { id }, { principal, services }) => services.experiments.get(principal, id),
    experiments: (_p, { shopId }, { principal, services }) => services.experiments.list(principal, shopId),
  },
  Mutation: {
    createExperiment: (_p, { input }, { principal, services }) => services.experiments.create(principal, input),
    startExperiment: (_p, { id }, { principal, services }) => services.experiments.start(principal, id),
    stopExperiment: (_p, { id }, { principal, services }) => services.experiments.stop(principal, id),
    updateExperimentVariants: (_p, { id, variants }, { principal, services }) =>
      services.experiments.updateVariants(principal, id, variants),
  },
  Experiment: {
    shop: (e, _a, { principal, services }) => services.shops.get(principal, e.shopId),
    variants: (e) => e.variants.map((v) => ({ key: v.key, weight: v.weight, strategy: v.strategy })),
    // Click-through results arrive with impression and click tracking.
    results: () => [],
  },
};
