// The response model as the API sees it (secret key): a shop's refits with their held-out figures (the active
// one marked), a refit asked for now, and the daily schedule the worker refits on.

import { badInput, DomainError } from '../shared/errors.ts';
import { secretScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import type { JobQueue } from '../jobs/job-catalog.ts';
import { checkCron, checkTimeZone } from '../training/training-schedule.service.ts';
import type { ResponseModelRecord, ResponseModelRepository } from './response.ports.ts';

export interface ResponseModelView extends ResponseModelRecord {
  readonly active: boolean;
}

/** The default schedule: every day at 03:30 UTC. */
export const DEFAULT_RESPONSE_CRON = '30 3 * * *';

export class ResponseService {
  constructor(
    private readonly models: Pick<ResponseModelRepository, 'list' | 'active'>,
    private readonly jobs: JobQueue,
    private readonly shops: ShopService,
    private readonly now: () => number = Date.now,
  ) {}

  async list(principal: Principal, shopId: string, first: number): Promise<ResponseModelView[]> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    const [list, active] = await Promise.all([
      this.models.list(scope.tenantId, shop.id, Math.min(Math.max(first, 1), 100)),
      this.models.active(scope.tenantId, shop.id),
    ]);
    return list.map((m) => ({ ...m, active: m.id === active?.id }));
  }

  /** Enqueues a refit at once (the worker runs it like a scheduled one). */
  async refit(principal: Principal, shopId: string): Promise<boolean> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    await this.jobs.enqueue('response', { tenantId: scope.tenantId, shopId: shop.id, at: this.now() });
    return true;
  }

  /** Creates or replaces the shop's daily refit schedule; returns its next run. */
  async schedule(principal: Principal, shopId: string, cron: string, timeZone: string): Promise<Date | null> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    const pattern = checkCron(cron, 'cron');
    const zone = checkTimeZone(timeZone, 'timeZone');
    try {
      return await this.jobs.upsertSchedule(
        'response',
        { tenantId: scope.tenantId, shopId: shop.id },
        { cron: pattern, timeZone: zone },
      );
    } catch (error) {
      // The queue's parser names the training schedule's input field; this mutation's is `cron`.
      if (error instanceof DomainError && error.field === 'schedule.cron')
        throw badInput('cron', error.message.replace(/^schedule\.cron: /, ''));
      throw error;
    }
  }

  async nextRun(principal: Principal, shopId: string): Promise<Date | null> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    return this.jobs.nextRun('response', { tenantId: scope.tenantId, shopId: shop.id });
  }
}
