// Training runs and model versions on Prisma. The idempotent start and the success-and-activation step are
// transactions; activation flips the shop's one pointer.

import type {
  ModelVersion,
  NewModelVersion,
  RunTrigger,
  TrainConfig,
  TrainingRepository,
  TrainingRun,
} from '@shopspace/domain';
import type { PrismaClient } from '../database.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const runInclude = { modelVersion: { select: { id: true } } } as const;
type RunRow = Prisma.TrainingRunGetPayload<{ include: typeof runInclude }>;
const toRun = (r: RunRow): TrainingRun => ({
  id: r.id,
  tenantId: r.tenantId,
  shopId: r.shopId,
  status: r.status,
  progress: r.progress,
  config: r.config as unknown as TrainConfig,
  metrics: (r.metrics ?? null) as Record<string, unknown> | null,
  error: r.error,
  attempts: r.attempts,
  cancelRequested: r.cancelRequested,
  trigger: r.trigger === 'schedule' ? 'schedule' : 'api',
  eventsAtStart: r.eventsAtStart === null ? null : Number(r.eventsAtStart),
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  modelVersionId: r.modelVersion?.id ?? null,
});

const modelInclude = { activeFor: { select: { id: true } } } as const;
type ModelRow = Prisma.ModelVersionGetPayload<{ include: typeof modelInclude }>;
const toModel = (m: ModelRow): ModelVersion => ({
  id: m.id,
  tenantId: m.tenantId,
  shopId: m.shopId,
  trainingRunId: m.trainingRunId,
  algorithm: m.algorithm,
  dimensions: m.dimensions,
  itemCount: m.itemCount,
  metrics: (m.metrics ?? null) as Record<string, unknown> | null,
  artifactPath: m.artifactPath,
  createdAt: m.createdAt,
  active: m.activeFor !== null,
});

const ACTIVE = ['QUEUED', 'RUNNING'] as const;

export class TrainingPrismaRepository implements TrainingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  createUnlessBusy(
    tenantId: string,
    shopId: string,
    config: TrainConfig,
    trigger: RunTrigger = 'api',
  ): Promise<{ run: TrainingRun; created: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      // Serialises concurrent starts for one shop: the second waits here, then sees the first's run.
      const [shop] = await tx.$queryRaw<Array<{ event_count: bigint | number }>>`
        SELECT event_count FROM shops WHERE id = ${shopId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
      const busy = await tx.trainingRun.findFirst({
        where: { tenantId, shopId, status: { in: [...ACTIVE] } },
        orderBy: { createdAt: 'desc' },
        include: runInclude,
      });
      if (busy) return { run: toRun(busy), created: false };
      const run = await tx.trainingRun.create({
        data: {
          tenantId,
          shopId,
          trigger,
          eventsAtStart: shop ? BigInt(shop.event_count) : null,
          config: config as unknown as Prisma.InputJsonValue,
        },
        include: runInclude,
      });
      return { run: toRun(run), created: true };
    });
  }

  async lastSucceeded(tenantId: string, shopId: string): Promise<TrainingRun | null> {
    const r = await this.prisma.trainingRun.findFirst({
      where: { tenantId, shopId, status: 'SUCCEEDED' },
      orderBy: { createdAt: 'desc' },
      include: runInclude,
    });
    return r && toRun(r);
  }

  async find(tenantId: string, id: string): Promise<TrainingRun | null> {
    const r = await this.prisma.trainingRun.findFirst({ where: { id, tenantId }, include: runInclude });
    return r && toRun(r);
  }

  async list(tenantId: string, shopId: string, first: number): Promise<TrainingRun[]> {
    const rows = await this.prisma.trainingRun.findMany({
      where: { tenantId, shopId },
      orderBy: { createdAt: 'desc' },
      take: first,
      include: runInclude,
    });
    return rows.map(toRun);
  }

  async markRunning(tenantId: string, id: string): Promise<TrainingRun | null> {
    const { count } = await this.prisma.trainingRun.updateMany({
      where: { id, tenantId, status: { in: [...ACTIVE] }, cancelRequested: false },
      data: { status: 'RUNNING', progress: 0, startedAt: new Date(), attempts: { increment: 1 }, error: null },
    });
    return count === 1 ? this.find(tenantId, id) : null;
  }

  async progress(tenantId: string, id: string, progress: number): Promise<{ cancelRequested: boolean }> {
    await this.prisma.trainingRun.updateMany({ where: { id, tenantId, status: 'RUNNING' }, data: { progress } });
    const r = await this.prisma.trainingRun.findFirst({ where: { id, tenantId }, select: { cancelRequested: true } });
    return { cancelRequested: r?.cancelRequested ?? true };
  }

  async requestCancel(tenantId: string, id: string): Promise<TrainingRun | null> {
    await this.prisma.$transaction([
      this.prisma.trainingRun.updateMany({
        where: { id, tenantId, status: { in: [...ACTIVE] } },
        data: { cancelRequested: true },
      }),
      this.prisma.trainingRun.updateMany({
        where: { id, tenantId, status: 'QUEUED' },
        data: { status: 'CANCELLED', finishedAt: new Date(), error: 'cancelled before it started' },
      }),
    ]);
    return this.find(tenantId, id);
  }

  async markCancelled(tenantId: string, id: string, message: string): Promise<void> {
    await this.prisma.trainingRun.updateMany({
      where: { id, tenantId, status: { in: [...ACTIVE] } },
      data: { status: 'CANCELLED', finishedAt: new Date(), error: message },
    });
  }

  async markFailed(tenantId: string, id: string, error: string, final: boolean): Promise<void> {
    await this.prisma.trainingRun.updateMany({
      where: { id, tenantId, status: { in: [...ACTIVE] } },
      // A failure that will be retried goes back to QUEUED, so the API says the run is waiting again.
      data: final ? { status: 'FAILED', finishedAt: new Date(), error } : { status: 'QUEUED', error },
    });
  }

  succeed(
    tenantId: string,
    runId: string,
    model: NewModelVersion,
    metrics: Record<string, unknown>,
    activate: (current: ModelVersion | null) => boolean,
  ): Promise<{ model: ModelVersion; activated: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const run = await tx.trainingRun.findFirstOrThrow({ where: { id: runId, tenantId } });
      const shop = await tx.shop.findFirstOrThrow({
        where: { id: run.shopId, tenantId },
        include: { activeModel: { include: modelInclude } },
      });
      await tx.modelVersion.create({
        data: {
          id: model.id,
          tenantId,
          shopId: run.shopId,
          trainingRunId: runId,
          algorithm: model.algorithm,
          dimensions: model.dimensions,
          itemCount: model.itemCount,
          metrics: model.metrics as Prisma.InputJsonValue,
          artifactPath: model.artifactPath,
        },
      });
      await tx.trainingRun.update({
        where: { id: runId },
        data: {
          status: 'SUCCEEDED',
          progress: 1,
          finishedAt: new Date(),
          metrics: metrics as Prisma.InputJsonValue,
          error: null,
        },
      });
      const activated = activate(shop.activeModel ? toModel(shop.activeModel) : null);
      if (activated) await tx.shop.update({ where: { id: shop.id }, data: { activeModelId: model.id } });
      const created = await tx.modelVersion.findUniqueOrThrow({ where: { id: model.id }, include: modelInclude });
      return { model: toModel(created), activated };
    });
  }

  async findModel(tenantId: string, id: string): Promise<ModelVersion | null> {
    const m = await this.prisma.modelVersion.findFirst({ where: { id, tenantId }, include: modelInclude });
    return m && toModel(m);
  }

  async listModels(tenantId: string, shopId: string, first: number): Promise<ModelVersion[]> {
    const rows = await this.prisma.modelVersion.findMany({
      where: { tenantId, shopId },
      orderBy: { createdAt: 'desc' },
      take: first,
      include: modelInclude,
    });
    return rows.map(toModel);
  }

  async activeModel(tenantId: string, shopId: string): Promise<ModelVersion | null> {
    const shop = await this.prisma.shop.findFirst({
      where: { id: shopId, tenantId },
      include: { activeModel: { include: modelInclude } },
    });
    return shop?.activeModel ? toModel(shop.activeModel) : null;
  }

  activate(tenantId: string, modelId: string): Promise<ModelVersion | null> {
    return this.prisma.$transaction(async (tx) => {
      const model = await tx.modelVersion.findFirst({ where: { id: modelId, tenantId } });
      if (!model) return null;
      await tx.shop.updateMany({ where: { id: model.shopId, tenantId }, data: { activeModelId: model.id } });
      const after = await tx.modelVersion.findUniqueOrThrow({ where: { id: model.id }, include: modelInclude });
      return toModel(after);
    });
  }
}
