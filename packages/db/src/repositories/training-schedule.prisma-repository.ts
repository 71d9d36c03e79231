// Shops' training schedules on Prisma: one row per shop, upserted, and the outcome of the last check.

import type { TrainConfig, TrainingSchedule, TrainingScheduleRepository } from '@shopspace/domain';
import type { PrismaClient } from '../database.ts';
import type { Prisma, TrainingSchedule as Row } from '../generated/prisma/client.ts';

const toSchedule = (r: Row): TrainingSchedule => ({
  tenantId: r.tenantId,
  shopId: r.shopId,
  cron: r.cron,
  timeZone: r.timeZone,
  config: r.config as unknown as TrainConfig,
  updatedAt: r.updatedAt,
  lastCheckedAt: r.lastCheckedAt,
  lastOutcome: r.lastOutcome,
  lastRunId: r.lastRunId,
});

export class TrainingSchedulePrismaRepository implements TrainingScheduleRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async find(tenantId: string, shopId: string): Promise<TrainingSchedule | null> {
    const r = await this.prisma.trainingSchedule.findUnique({ where: { tenantId_shopId: { tenantId, shopId } } });
    return r && toSchedule(r);
  }

  async upsert(
    tenantId: string,
    shopId: string,
    schedule: { cron: string; timeZone: string; config: TrainConfig },
  ): Promise<TrainingSchedule> {
    const data = {
      cron: schedule.cron,
      timeZone: schedule.timeZone,
      config: schedule.config as unknown as Prisma.InputJsonValue,
    };
    const r = await this.prisma.trainingSchedule.upsert({
      where: { tenantId_shopId: { tenantId, shopId } },
      create: { tenantId, shopId, ...data },
      update: data,
    });
    return toSchedule(r);
  }

  async remove(tenantId: string, shopId: string): Promise<boolean> {
    const { count } = await this.prisma.trainingSchedule.deleteMany({ where: { tenantId, shopId } });
    return count > 0;
  }

  async recordCheck(tenantId: string, shopId: string, at: Date, outcome: string, runId: string | null): Promise<void> {
    await this.prisma.trainingSchedule.updateMany({
      where: { tenantId, shopId },
      data: { lastCheckedAt: at, lastOutcome: outcome, lastRunId: runId },
    });
  }
}
