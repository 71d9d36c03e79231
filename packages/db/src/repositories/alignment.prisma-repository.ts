// Alignment runs and versions on Prisma. Recording a version, pointing every shop of it at it and finishing the
// run happen in one transaction, so the API never sees a version without its files or a half-activated group.

import type { AlignmentRepository, AlignmentRun, AlignmentVersion } from '@shopspace/domain';
import type { PrismaClient } from '../database.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const ACTIVE = ['QUEUED', 'RUNNING'] as const;
const runInclude = { alignment: { select: { id: true } } } as const;
type RunRow = Prisma.AlignmentRunGetPayload<{ include: typeof runInclude }>;
const toRun = (r: RunRow): AlignmentRun => ({
  id: r.id,
  tenantId: r.tenantId,
  shopIds: r.shopIds,
  status: r.status,
  progress: r.progress,
  metrics: (r.metrics ?? null) as Record<string, unknown> | null,
  error: r.error,
  attempts: r.attempts,
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  alignmentId: r.alignment?.id ?? null,
});

type VersionRow = Prisma.AlignmentGetPayload<object>;
const toVersion = (v: VersionRow): AlignmentVersion => ({
  id: v.id,
  tenantId: v.tenantId,
  runId: v.runId,
  shopIds: v.shopIds,
  models: v.models as Record<string, string | null>,
  artifactPath: v.artifactPath,
  metrics: (v.metrics ?? null) as Record<string, unknown> | null,
  createdAt: v.createdAt,
});

export class AlignmentPrismaRepository implements AlignmentRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async createRun(tenantId: string, shopIds: readonly string[]): Promise<AlignmentRun> {
    return toRun(
      await this.prisma.alignmentRun.create({ data: { tenantId, shopIds: [...shopIds] }, include: runInclude }),
    );
  }

  async findRun(tenantId: string, id: string): Promise<AlignmentRun | null> {
    const r = await this.prisma.alignmentRun.findFirst({ where: { id, tenantId }, include: runInclude });
    return r && toRun(r);
  }

  async listRuns(tenantId: string, first: number): Promise<AlignmentRun[]> {
    const rows = await this.prisma.alignmentRun.findMany({
      where: { tenantId },
      orderBy: { createdAt: 'desc' },
      take: first,
      include: runInclude,
    });
    return rows.map(toRun);
  }

  async markRunning(tenantId: string, id: string, at: Date): Promise<AlignmentRun | null> {
    const { count } = await this.prisma.alignmentRun.updateMany({
      where: { id, tenantId, status: { in: [...ACTIVE] } },
      data: { status: 'RUNNING', progress: 0, startedAt: at, attempts: { increment: 1 }, error: null },
    });
    return count === 1 ? this.findRun(tenantId, id) : null;
  }

  async progress(tenantId: string, id: string, fraction: number): Promise<void> {
    await this.prisma.alignmentRun.updateMany({
      where: { id, tenantId, status: { in: [...ACTIVE] } },
      data: { progress: fraction },
    });
  }

  async markFailed(tenantId: string, id: string, error: string, final: boolean): Promise<void> {
    await this.prisma.alignmentRun.updateMany({
      where: { id, tenantId, status: { in: [...ACTIVE] } },
      data: final ? { status: 'FAILED', finishedAt: new Date(), error } : { status: 'QUEUED', error },
    });
  }

  recordAndActivate(version: Omit<AlignmentVersion, 'createdAt'>, at: Date): Promise<AlignmentVersion> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.alignment.create({
        data: {
          id: version.id,
          tenantId: version.tenantId,
          runId: version.runId,
          shopIds: [...version.shopIds],
          models: version.models,
          artifactPath: version.artifactPath,
          metrics: (version.metrics ?? undefined) as Prisma.InputJsonValue | undefined,
        },
      });
      await tx.shop.updateMany({
        where: { tenantId: version.tenantId, id: { in: [...version.shopIds] } },
        data: { activeAlignmentId: version.id },
      });
      await tx.alignmentRun.updateMany({
        where: { id: version.runId, tenantId: version.tenantId },
        data: {
          status: 'SUCCEEDED',
          progress: 1,
          finishedAt: at,
          metrics: (version.metrics ?? undefined) as Prisma.InputJsonValue | undefined,
        },
      });
      return toVersion(created);
    });
  }

  async findVersion(tenantId: string, id: string): Promise<AlignmentVersion | null> {
    const v = await this.prisma.alignment.findFirst({ where: { id, tenantId } });
    return v && toVersion(v);
  }

  async activeForShop(tenantId: string, shopId: string): Promise<AlignmentVersion | null> {
    const shop = await this.prisma.shop.findFirst({
      where: { id: shopId, tenantId },
      include: { activeAlignment: true },
    });
    return shop?.activeAlignment ? toVersion(shop.activeAlignment) : null;
  }
}
