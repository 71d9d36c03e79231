// A shop's scheduled retraining, as the worker runs it at each tick of the schedule: starts a training run with
// the schedule's config unless nothing was ingested since the last successful run (same event count), in which
// case it records that and trains nothing. The outcome of every check is kept on the schedule.

import type { ShopRepository } from '../catalog/catalog.ports.ts';
import type { JobQueue } from '../jobs/job-catalog.ts';
import type { TrainingScheduleRepository } from './training-schedule.ports.ts';
import type { TrainingRepository } from './training.ports.ts';

export type ScheduledOutcome =
  { readonly kind: 'started'; readonly runId: string } | { readonly kind: 'skipped'; readonly reason: string };

export interface ScheduledTrainingDeps {
  readonly schedules: TrainingScheduleRepository;
  readonly runs: TrainingRepository;
  readonly shops: Pick<ShopRepository, 'find'>;
  readonly jobs: JobQueue;
  readonly now?: () => number;
}

export class ScheduledTrainingJob {
  constructor(private readonly deps: ScheduledTrainingDeps) {}

  async run(payload: { tenantId: string; shopId: string }): Promise<ScheduledOutcome> {
    const { schedules, runs, shops, jobs } = this.deps;
    const { tenantId, shopId } = payload;
    const at = new Date((this.deps.now ?? Date.now)());
    const schedule = await schedules.find(tenantId, shopId);
    const shop = await shops.find(tenantId, shopId);
    if (!schedule || !shop) {
      // A schedule removed (or a shop deleted) while its tick was already queued.
      await jobs.removeSchedule('scheduled-training', payload);
      return { kind: 'skipped', reason: 'the schedule no longer exists' };
    }
    const last = await runs.lastSucceeded(tenantId, shopId);
    if (last && last.eventsAtStart !== null && last.eventsAtStart === shop.eventCount) {
      const reason = `nothing new since run ${last.id} (${shop.eventCount} events then and now): not retrained`;
      await schedules.recordCheck(tenantId, shopId, at, reason, last.id);
      return { kind: 'skipped', reason };
    }
    const { run, created } = await runs.createUnlessBusy(tenantId, shopId, schedule.config, 'schedule');
    if (!created) {
      const reason = `run ${run.id} is still ${run.status}: not started again`;
      await schedules.recordCheck(tenantId, shopId, at, reason, run.id);
      return { kind: 'skipped', reason };
    }
    await jobs.enqueue('training', { tenantId, shopId, runId: run.id });
    const since = last ? ` (${shop.eventCount - (last.eventsAtStart ?? 0)} events since run ${last.id})` : '';
    await schedules.recordCheck(tenantId, shopId, at, `started run ${run.id}${since}`, run.id);
    return { kind: 'started', runId: run.id };
  }
}
