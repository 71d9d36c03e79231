// The job catalog: every background job declared once, with its payload schema, retry policy, how many finished
// jobs are kept, concurrency per worker process, and its deterministic id (so "retrain" clicked twice enqueues
// once). Queues are named by their key. The BullMQ adapter (packages/redis) and the worker read only this.

import { z } from 'zod';

const uuid = z.string().uuid();
const shopPayload = z.object({ tenantId: uuid, shopId: uuid });

export interface JobSpec<P> {
  readonly payload: z.ZodType<P>;
  readonly attempts: number;
  readonly backoffMs: number;
  /** Finished jobs kept for inspection (bull-board, tests), by outcome. */
  readonly keep: { readonly completed: number; readonly failed: number };
  /** Jobs of this queue one worker process runs at once. */
  readonly concurrency: number;
  /**
   * The job id, with tenant and shop first like every key (BullMQ ids may not hold ':'). Debounced jobs get the
   * window's number appended by the queue, so calls within one window share one job.
   */
  readonly id: (payload: P) => string;
  /** Rebuilds that follow changes: enqueued at the end of a debounce window unless asked for at once. */
  readonly debounced?: boolean;
  /** A repeating job per key (a shop), with a cron pattern in a time zone (BullMQ job schedulers). */
  readonly scheduled?: boolean;
}

function job<P>(spec: JobSpec<P>): JobSpec<P> {
  return spec;
}

export const JOB_CATALOG = {
  /** Trains a shop's model for one training run. */
  training: job({
    payload: z.object({ tenantId: uuid, shopId: uuid, runId: uuid }),
    attempts: 3,
    backoffMs: 2_000,
    keep: { completed: 200, failed: 500 },
    concurrency: 1,
    id: (p) => `train.${p.tenantId}.${p.shopId}.${p.runId}`,
  }),
  /** Popularity and item-kNN rebuilt from a shop's events. */
  baselines: job({
    payload: shopPayload,
    attempts: 3,
    backoffMs: 5_000,
    keep: { completed: 100, failed: 100 },
    concurrency: 1,
    id: (p) => `baselines.${p.tenantId}.${p.shopId}`,
    debounced: true,
  }),
  /** A shop's autocomplete query model, rebuilt from its searches, catalog and item vectors. */
  autocomplete: job({
    payload: shopPayload,
    attempts: 3,
    backoffMs: 5_000,
    keep: { completed: 100, failed: 100 },
    concurrency: 1,
    id: (p) => `autocomplete.${p.tenantId}.${p.shopId}`,
    debounced: true,
  }),
  /** Aligns the spaces of some shops of a tenant, one job per run. */
  alignment: job({
    payload: z.object({ tenantId: uuid, runId: uuid }),
    attempts: 2,
    backoffMs: 5_000,
    keep: { completed: 100, failed: 200 },
    concurrency: 1,
    id: (p) => `align.${p.tenantId}.${p.runId}`,
  }),
  /** A shop's scheduled retraining: starts a training run unless nothing changed since the last one. */
  'scheduled-training': job({
    payload: shopPayload,
    attempts: 2,
    backoffMs: 10_000,
    keep: { completed: 50, failed: 50 },
    concurrency: 1,
    id: (p) => `schedule.${p.tenantId}.${p.shopId}`,
    scheduled: true,
  }),
  /**
   * A shop's response model refit on its tracked clicks (daily on its schedule; `at` tells a refit asked for
   * by hand apart from the last one): effects warm-started daily, the global part when older than a week.
   */
  response: job({
    payload: z.object({ tenantId: uuid, shopId: uuid, at: z.number().int().nonnegative().optional() }),
    attempts: 2,
    backoffMs: 10_000,
    keep: { completed: 50, failed: 50 },
    concurrency: 1,
    id: (p) => `response.${p.tenantId}.${p.shopId}${p.at === undefined ? '' : `.${p.at}`}`,
    scheduled: true,
  }),
} as const;

export type JobName = keyof typeof JOB_CATALOG;
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_CATALOG)[N]['payload']>;
export const JOB_NAMES = Object.keys(JOB_CATALOG) as JobName[];

export interface EnqueueOptions {
  /** Debounced jobs only: run at once (after a training run, an experiment start) instead of at the window's end. */
  readonly now?: boolean;
}

export interface JobSchedule {
  /** Five-field cron pattern, e.g. "0 3 * * *" (03:00 every day). */
  readonly cron: string;
  /** IANA time zone the pattern is read in, e.g. "Europe/London". */
  readonly timeZone: string;
}

/** The port every producer of jobs uses (the API's services, the worker's follow-ups). */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<void>;
  /** Removes a job that has not started; false when it is already running or gone. */
  remove<N extends JobName>(name: N, payload: JobPayload<N>): Promise<boolean>;
  /**
   * Creates or replaces the repeating job of a scheduled queue for `payload`'s key; returns its next run.
   * An invalid pattern or time zone is refused with a BAD_USER_INPUT naming the field.
   */
  upsertSchedule<N extends JobName>(name: N, payload: JobPayload<N>, schedule: JobSchedule): Promise<Date | null>;
  removeSchedule<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void>;
  /** When the repeating job for `payload` runs next, or null when there is none. */
  nextRun<N extends JobName>(name: N, payload: JobPayload<N>): Promise<Date | null>;
}

/** A queue's spec with its payload type (indexing the const catalog by a generic name loses it). */
export function jobSpec<N extends JobName>(name: N): JobSpec<JobPayload<N>> {
  return JOB_CATALOG[name] as unknown as JobSpec<JobPayload<N>>;
}

/** The deterministic id of a job (without a debounce window). */
export function jobId<N extends JobName>(name: N, payload: JobPayload<N>): string {
  return jobSpec(name).id(payload);
}
