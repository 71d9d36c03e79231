// The job catalog: every BullMQ job's queue, payload schema, retry policy and deterministic id in one table,
// so "retrain" clicked twice enqueues once and a worker refuses a malformed payload without retrying it.

import { z } from 'zod';

const uuid = z.string().uuid();

export const JOBS = {
  train: {
    queue: 'training',
    payload: z.object({ tenantId: uuid, shopId: uuid, runId: uuid }),
    attempts: 3,
    backoffMs: 2_000,
    // BullMQ custom ids may not contain ':'; tenant and shop lead, as in every key.
    jobId: (p: { tenantId: string; shopId: string; runId: string }) => `train.${p.tenantId}.${p.shopId}.${p.runId}`,
  },
  /** Popularity and item-kNN from a shop's events; one job per shop and debounce window. */
  baselines: {
    queue: 'baselines',
    payload: z.object({ tenantId: uuid, shopId: uuid }),
    attempts: 3,
    backoffMs: 5_000,
    jobId: (p: { tenantId: string; shopId: string }, window: number) => `baselines.${p.tenantId}.${p.shopId}.${window}`,
  },
  /** A shop's autocomplete query model; one job per shop and debounce window (a negative window: at once). */
  autocomplete: {
    queue: 'autocomplete',
    payload: z.object({ tenantId: uuid, shopId: uuid }),
    attempts: 3,
    backoffMs: 5_000,
    jobId: (p: { tenantId: string; shopId: string }, window: number) =>
      `autocomplete.${p.tenantId}.${p.shopId}.${window}`,
  },
  /** Aligns the spaces of some shops of a tenant; one job per run. */
  align: {
    queue: 'alignment',
    payload: z.object({ tenantId: uuid, runId: uuid }),
    attempts: 2,
    backoffMs: 5_000,
    jobId: (p: { tenantId: string; runId: string }) => `align.${p.tenantId}.${p.runId}`,
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
