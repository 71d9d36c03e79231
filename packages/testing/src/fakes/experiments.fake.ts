// In-memory experiments with the Prisma adapter's semantics: at most one RUNNING experiment per (shop,
// placement), decided in `start` (the adapter decides it under a lock on the shop row); variants stored as
// jsonb and replaced only while DRAFT; stop only from RUNNING; every read scoped by tenant.

import type { Experiment, ExperimentRepository, Variant } from '@shopspace/domain';
import { copy, settle, type ExperimentRow, type FakeDatabase } from './fake-database.ts';

const toExperiment = (row: ExperimentRow): Experiment => copy(row);

export class FakeExperimentRepository implements ExperimentRepository {
  constructor(private readonly db: FakeDatabase) {}

  create(input: {
    tenantId: string;
    shopId: string;
    name: string;
    placement: string;
    variants: readonly Variant[];
  }): Promise<Experiment> {
    return settle(() => {
      this.db.requireShop(input.tenantId, input.shopId, 'experiments');
      const row: ExperimentRow = {
        id: this.db.newId(),
        tenantId: input.tenantId,
        shopId: input.shopId,
        name: this.db.text(input.name, 'experiments.name'),
        placement: this.db.text(input.placement, 'experiments.placement'),
        status: 'DRAFT',
        variants: this.db.json([...input.variants], 'experiments.variants'),
        createdAt: this.db.now(),
        startedAt: null,
        stoppedAt: null,
      };
      this.db.experiments.set(row.id, row);
      return toExperiment(row);
    });
  }

  find(tenantId: string, id: string): Promise<Experiment | null> {
    return settle(() => {
      const row = this.row(tenantId, id);
      return row ? toExperiment(row) : null;
    });
  }

  list(tenantId: string, shopId: string): Promise<Experiment[]> {
    return settle(() => {
      this.db.uuid(tenantId, 'experiments.tenant_id');
      this.db.uuid(shopId, 'experiments.shop_id');
      return [...this.db.experiments.values()]
        .filter((e) => e.tenantId === tenantId && e.shopId === shopId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .map(toExperiment);
    });
  }

  start(tenantId: string, id: string, at: Date): ReturnType<ExperimentRepository['start']> {
    return settle(() => {
      const row = this.row(tenantId, id);
      if (!row) return null;
      if (row.status !== 'DRAFT') return { wrongStatus: toExperiment(row) };
      const running = this.runningRow(tenantId, row.shopId, row.placement);
      if (running) return { conflict: toExperiment(running) };
      row.status = 'RUNNING';
      row.startedAt = new Date(at);
      return { experiment: toExperiment(row) };
    });
  }

  updateVariants(tenantId: string, id: string, variants: readonly Variant[]): Promise<Experiment | null> {
    return settle(() => {
      const row = this.row(tenantId, id);
      if (!row) return null;
      if (row.status === 'DRAFT') row.variants = this.db.json([...variants], 'experiments.variants');
      return toExperiment(row);
    });
  }

  stop(tenantId: string, id: string, at: Date): Promise<Experiment | null> {
    return settle(() => {
      const row = this.row(tenantId, id);
      if (!row) return null;
      if (row.status === 'RUNNING') {
        row.status = 'STOPPED';
        row.stoppedAt = new Date(at);
      }
      return toExperiment(row);
    });
  }

  running(tenantId: string, shopId: string, placement: string): Promise<Experiment | null> {
    return settle(() => {
      this.db.uuid(tenantId, 'experiments.tenant_id');
      this.db.uuid(shopId, 'experiments.shop_id');
      const row = this.runningRow(tenantId, shopId, placement);
      return row ? toExperiment(row) : null;
    });
  }

  private row(tenantId: string, id: string): ExperimentRow | undefined {
    this.db.uuid(tenantId, 'experiments.tenant_id');
    const row = this.db.experiments.get(this.db.uuid(id, 'experiments.id'));
    return row?.tenantId === tenantId ? row : undefined;
  }

  private runningRow(tenantId: string, shopId: string, placement: string): ExperimentRow | undefined {
    return [...this.db.experiments.values()].find(
      (e) => e.tenantId === tenantId && e.shopId === shopId && e.placement === placement && e.status === 'RUNNING',
    );
  }
}
