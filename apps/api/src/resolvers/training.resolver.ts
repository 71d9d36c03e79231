// Training runs and model versions.

import { secretScope } from '@shopspace/domain';
import type { Resolvers } from '../generated/graphql.ts';

export const trainingResolvers: Resolvers = {
  Query: {
    trainingRun: (_p, { id }, { principal, services }) => services.training.get(principal, id),
    trainingRuns: (_p, { shopId, first }, { principal, services }) =>
      services.training.list(principal, shopId, first ?? 20),
    modelVersion: (_p, { id }, { principal, services }) => services.training.model(principal, id),
    modelVersions: (_p, { shopId, first }, { principal, services }) =>
      services.training.models(principal, shopId, first ?? 50),
  },
  Mutation: {
    startTraining: (_p, { shopId, config }, { principal, services }) =>
      services.training.start(principal, shopId, config),
    cancelTraining: (_p, { id }, { principal, services }) => services.training.cancel(principal, id),
    activateModel: (_p, { modelVersionId }, { principal, services }) =>
      services.training.activate(principal, modelVersionId),
    setTrainingSchedule: (_p, { shopId, schedule }, { principal, services }) =>
      services.trainingSchedules.set(principal, shopId, schedule),
    removeTrainingSchedule: (_p, { shopId }, { principal, services }) =>
      services.trainingSchedules.remove(principal, shopId),
  },
  TrainingSchedule: {
    config: (schedule) => schedule.config,
    lastRun: (schedule, _a, { principal, services }) =>
      schedule.lastRunId ? services.training.get(principal, schedule.lastRunId).catch(() => null) : null,
  },
  TrainingRun: {
    shop: (run, _a, { principal, services }) => services.shops.get(principal, run.shopId),
    config: (run) => run.config,
    modelVersion: (run, _a, { principal, services }) =>
      run.modelVersionId ? services.training.model(principal, run.modelVersionId) : null,
  },
  ModelVersion: {
    shop: (model, _a, { principal, services }) => services.shops.get(principal, model.shopId),
    projection: (model, { limit }, { services }) => services.embeddingMap.projection(model, limit ?? 2000),
  },
};

/** Shop.activeModel: the shop was already resolved within the caller's scope. */
export const activeModelResolver: NonNullable<Resolvers['Shop']>['activeModel'] = (shop, _a, { principal, services }) =>
  services.training.activeModel(secretScope(principal).tenantId, shop.id);
