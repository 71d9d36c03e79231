// Scheduled retraining as the API sees it (secret key): set, read and remove a shop's schedule. The schedule is
// kept in the database (what it is, how its last check went) and in the job queue as a repeating job (when it
// fires); the next run time comes from the queue.

import { badInput } from '../shared/errors.ts';
import { secretScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import type { JobQueue } from '../jobs/job-catalog.ts';
import { resolveTrainConfig, type TrainConfigInput } from './train-config.ts';
import type { TrainingSchedule, TrainingScheduleRepository } from './training-schedule.ports.ts';

export interface TrainingScheduleInput {
  readonly cron: string;
  readonly timeZone: string;
  readonly config?: TrainConfigInput | null;
}

export interface ScheduleView extends TrainingSchedule {
  readonly nextRunAt: Date | null;
}

/** Five cron fields of digits, ranges, steps, lists and '*' (the queue's parser then checks the values). */
const CRON = /^\s*(\S+\s+){4}\S+\s*$/;
const CRON_FIELD = /^[\d*,/-]+$/;

export function checkTimeZone(timeZone: string, field = 'schedule.timeZone'): string {
  const zone = timeZone.trim();
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw badInput(field, `is not an IANA time zone, got ${JSON.stringify(timeZone)}`);
  }
  return zone;
}

export function checkCron(cron: string, field = 'schedule.cron'): string {
  const pattern = cron.trim().replace(/\s+/g, ' ');
  if (!CRON.test(pattern) || !pattern.split(' ').every((f) => CRON_FIELD.test(f)))
    throw badInput(field, `must be five cron fields (minute hour day month weekday), got ${JSON.stringify(cron)}`);
  return pattern;
}

export class TrainingScheduleService {
  constructor(
    private readonly schedules: TrainingScheduleRepository,
    private readonly jobs: JobQueue,
    private readonly shops: ShopService,
  ) {}

  async set(principal: Principal, shopId: string, input: TrainingScheduleInput): Promise<ScheduleView> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    const cron = checkCron(input.cron);
    const timeZone = checkTimeZone(input.timeZone);
    const config = resolveTrainConfig(input.config);
    const payload = { tenantId: scope.tenantId, shopId: shop.id };
    // The queue refuses a pattern its parser cannot read before anything is stored.
    const nextRunAt = await this.jobs.upsertSchedule('scheduled-training', payload, { cron, timeZone });
    const schedule = await this.schedules.upsert(scope.tenantId, shop.id, { cron, timeZone, config });
    return { ...schedule, nextRunAt };
  }

  async get(principal: Principal, shopId: string): Promise<ScheduleView | null> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    const schedule = await this.schedules.find(scope.tenantId, shop.id);
    if (!schedule) return null;
    const nextRunAt = await this.jobs.nextRun('scheduled-training', { tenantId: scope.tenantId, shopId: shop.id });
    return { ...schedule, nextRunAt };
  }

  async remove(principal: Principal, shopId: string): Promise<boolean> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    await this.jobs.removeSchedule('scheduled-training', { tenantId: scope.tenantId, shopId: shop.id });
    return this.schedules.remove(scope.tenantId, shop.id);
  }
}
