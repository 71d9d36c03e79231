// Training as the API sees it: start (idempotent while a run is queued or running), cancel, read runs, and
// activate a model version. The job itself runs in the worker (training.job.ts).

import { notFound, conflict } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { ChangeFeed } from '../changes/change.ts';
import { secretScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import { resolveTrainConfig, type TrainConfigInput } from './train-config.ts';
import type { JobQueue } from '../jobs/job-catalog.ts';
import type { ModelVersion, TrainingRepository, TrainingRun } from './training.ports.ts';

const jobPayload = (run: TrainingRun) => ({ tenantId: run.tenantId, shopId: run.shopId, runId: run.id });

export class TrainingService {
  constructor(
    private readonly runs: TrainingRepository,
    private readonly jobs: JobQueue,
    private readonly shops: ShopService,
    private readonly changes: ChangeFeed,
  ) {}

  async start(principal: Principal, shopId: string, input: TrainConfigInput | null | undefined): Promise<TrainingRun> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    const config = resolveTrainConfig(input);
    const { run } = await this.runs.createUnlessBusy(scope.tenantId, shop.id, config);
    // Enqueued on every call: a run whose enqueue was lost (a crash between the insert and here) is re-queued by
    // the next startTraining, and the deterministic job id makes a repeat a no-op.
    if (run.status === 'QUEUED') await this.jobs.enqueue('training', jobPayload(run));
    return run;
  }

  async cancel(principal: Principal, id: string): Promise<TrainingRun> {
    const scope = secretScope(principal);
    const run = await this.require(scope.tenantId, id);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') {
      throw conflict(`training run ${id} is already ${run.status}`);
    }
    if (run.status === 'QUEUED') await this.jobs.remove('training', jobPayload(run));
    const after = await this.runs.requestCancel(scope.tenantId, id);
    if (!after) throw notFound('training run', id);
    return after;
  }

  async get(principal: Principal, id: string): Promise<TrainingRun> {
    return this.require(secretScope(principal).tenantId, id);
  }

  async list(principal: Principal, shopId: string, first: number): Promise<TrainingRun[]> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    return this.runs.list(scope.tenantId, shop.id, Math.min(Math.max(first, 1), 100));
  }

  async activate(principal: Principal, modelVersionId: string): Promise<ModelVersion> {
    const scope = secretScope(principal);
    if (!isUuid(modelVersionId)) throw notFound('model version', modelVersionId);
    const model = await this.runs.activate(scope.tenantId, modelVersionId);
    if (!model) throw notFound('model version', modelVersionId);
    await this.changes.publish({
      kind: 'model-activated',
      tenantId: scope.tenantId,
      shopId: model.shopId,
      modelId: model.id,
    });
    return model;
  }

  async model(principal: Principal, id: string): Promise<ModelVersion> {
    const scope = secretScope(principal);
    if (!isUuid(id)) throw notFound('model version', id);
    const model = await this.runs.findModel(scope.tenantId, id);
    if (!model) throw notFound('model version', id);
    return model;
  }

  async models(principal: Principal, shopId: string, first: number): Promise<ModelVersion[]> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    return this.runs.listModels(scope.tenantId, shop.id, Math.min(Math.max(first, 1), 100));
  }

  /** The shop's active model, for a shop already resolved within the caller's scope. */
  activeModel(tenantId: string, shopId: string): Promise<ModelVersion | null> {
    return this.runs.activeModel(tenantId, shopId);
  }

  private async require(tenantId: string, id: string): Promise<TrainingRun> {
    if (!isUuid(id)) throw notFound('training run', id);
    const run = await this.runs.find(tenantId, id);
    if (!run) throw notFound('training run', id);
    return run;
  }
}
