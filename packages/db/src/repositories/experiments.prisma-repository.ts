// Experiments on Prisma. Starting one locks the shop row, so two concurrent starts on one placement cannot
// both succeed.

import type { Experiment, ExperimentRepository, Variant } from '@shopspace/domain';
import type { PrismaClient } from '../database.ts';
import type { Prisma } from '../generated/prisma/client.ts';

type Row = Prisma.ExperimentGetPayload<object>;
const toExperiment = (r: Row): Experiment => ({ ...r, variants: r.variants as unknown as Variant[] });

export class ExperimentPrismaRepository implements ExperimentRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(input: {
    tenantId: string;
    shopId: string;
    name: string;
    placement: string;
    variants: readonly Variant[];
  }): Promise<Experiment> {
    return toExperiment(
      await this.prisma.experiment.create({
        data: { ...input, variants: input.variants as unknown as Prisma.InputJsonValue },
      }),
    );
  }

  async find(tenantId: string, id: string): Promise<Experiment | null> {
    const r = await this.prisma.experiment.findFirst({ where: { id, tenantId } });
    return r && toExperiment(r);
  }

  async list(tenantId: string, shopId: string): Promise<Experiment[]> {
    return (await this.prisma.experiment.findMany({ where: { tenantId, shopId }, orderBy: { createdAt: 'desc' } })).map(
      toExperiment,
    );
  }

  start(tenantId: string, id: string, at: Date): ReturnType<ExperimentRepository['start']> {
    return this.prisma.$transaction(async (tx) => {
      const e = await tx.experiment.findFirst({ where: { id, tenantId } });
      if (!e) return null;
      await tx.$queryRaw`SELECT id FROM shops WHERE id = ${e.shopId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
      const fresh = await tx.experiment.findUniqueOrThrow({ where: { id } });
      if (fresh.status !== 'DRAFT') return { wrongStatus: toExperiment(fresh) };
      const running = await tx.experiment.findFirst({
        where: { tenantId, shopId: e.shopId, placement: e.placement, status: 'RUNNING' },
      });
      if (running) return { conflict: toExperiment(running) };
      return {
        experiment: toExperiment(
          await tx.experiment.update({ where: { id }, data: { status: 'RUNNING', startedAt: at } }),
        ),
      };
    });
  }

  async updateVariants(tenantId: string, id: string, variants: readonly Variant[]): Promise<Experiment | null> {
    await this.prisma.experiment.updateMany({
      where: { id, tenantId, status: 'DRAFT' },
      data: { variants: variants as unknown as Prisma.InputJsonValue },
    });
    return this.find(tenantId, id);
  }

  async stop(tenantId: string, id: string, at: Date): Promise<Experiment | null> {
    await this.prisma.experiment.updateMany({
      where: { id, tenantId, status: 'RUNNING' },
      data: { status: 'STOPPED', stoppedAt: at },
    });
    return this.find(tenantId, id);
  }

  async running(tenantId: string, shopId: string, placement: string): Promise<Experiment | null> {
    const r = await this.prisma.experiment.findFirst({ where: { tenantId, shopId, placement, status: 'RUNNING' } });
    return r && toExperiment(r);
  }
}
