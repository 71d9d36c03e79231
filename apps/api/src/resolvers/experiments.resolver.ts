// Experiments (secret key).

import type { Experiment, ExperimentResults } from '@shopspace/domain';
import type { Resolvers } from '../generated/graphql.ts';
import type { Services } from '../graphql/context.ts';

// results and daily come from one computation per experiment object resolved.
const computed = new WeakMap<Experiment, Promise<ExperimentResults>>();
function resultsOf(e: Experiment, services: Services): Promise<ExperimentResults> {
  let r = computed.get(e);
  if (!r) {
    r = services.experimentResults.results(e);
    computed.set(e, r);
  }
  return r;
}

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
    results: async (e, _a, { services }) => (await resultsOf(e, services)).variants,
    daily: async (e, _a, { services }) => (await resultsOf(e, services)).daily,
  },
};
