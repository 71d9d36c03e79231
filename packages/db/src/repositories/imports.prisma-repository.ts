// Import job records on Prisma.

import type {
  ImportCounts,
  ImportJob,
  ImportJobRepository,
  ImportKind,
  ImportStatus,
  RowError,
} from '@shopspace/domain';
import type { PrismaClient } from '../database.ts';

type JobRow = Awaited<ReturnType<PrismaClient['importJob']['findFirstOrThrow']>>;
const toJob = (j: JobRow): ImportJob => ({ ...j, errors: (j.errors ?? []) as unknown as RowError[] });

export class ImportJobPrismaRepository implements ImportJobRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(input: {
    tenantId: string;
    shopId: string;
    kind: ImportKind;
    format: string;
    source: string | null;
    leaseUntil: Date;
  }): Promise<ImportJob> {
    return toJob(await this.prisma.importJob.create({ data: input }));
  }

  async progress(tenantId: string, id: string, counts: ImportCounts, leaseUntil: Date): Promise<void> {
    await this.prisma.importJob.updateMany({
      where: { id, tenantId, status: 'RUNNING' },
      data: { ...counts, leaseUntil },
    });
  }

  async failLapsed(now: Date, message: string): Promise<ImportJob[]> {
    // One statement, so two API processes reaping at once mark each job once.
    const ids = await this.prisma.$queryRaw<Array<{ id: string }>>`
      UPDATE import_jobs SET status = 'FAILED', message = ${message}, finished_at = ${now}, lease_until = NULL
      WHERE status = 'RUNNING' AND lease_until < ${now}
      RETURNING id`;
    if (ids.length === 0) return [];
    const rows = await this.prisma.importJob.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
    return rows.map(toJob);
  }

  async finish(
    tenantId: string,
    id: string,
    result: ImportCounts & { status: Exclude<ImportStatus, 'RUNNING'>; errors: RowError[]; message: string | null },
  ): Promise<ImportJob> {
    const { errors, ...rest } = result;
    await this.prisma.importJob.updateMany({
      where: { id, tenantId },
      data: { ...rest, errors: errors.map((e) => ({ ...e })), finishedAt: new Date(), leaseUntil: null },
    });
    return toJob(await this.prisma.importJob.findFirstOrThrow({ where: { id, tenantId } }));
  }

  async find(tenantId: string, id: string): Promise<ImportJob | null> {
    const j = await this.prisma.importJob.findFirst({ where: { id, tenantId } });
    return j && toJob(j);
  }

  async list(tenantId: string, shopId: string, first: number): Promise<ImportJob[]> {
    const rows = await this.prisma.importJob.findMany({
      where: { tenantId, shopId },
      orderBy: { startedAt: 'desc' },
      take: first,
    });
    return rows.map(toJob);
  }
}
