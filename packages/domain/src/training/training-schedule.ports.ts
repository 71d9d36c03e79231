// Ports of scheduled retraining: a shop's schedule (cron pattern in a time zone, with the config its runs get)
// and the outcome of its last check.

import type { TrainConfig } from './train-config.ts';

export interface TrainingSchedule {
  readonly tenantId: string;
  readonly shopId: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly config: TrainConfig;
  readonly updatedAt: Date;
  readonly lastCheckedAt: Date | null;
  /** In words: "started run …", "nothing new since run … (… events)", "run … is still QUEUED". */
  readonly lastOutcome: string | null;
  readonly lastRunId: string | null;
}

export interface TrainingScheduleRepository {
  find(tenantId: string, shopId: string): Promise<TrainingSchedule | null>;
  upsert(
    tenantId: string,
    shopId: string,
    schedule: { cron: string; timeZone: string; config: TrainConfig },
  ): Promise<TrainingSchedule>;
  /** True when there was one to remove. */
  remove(tenantId: string, shopId: string): Promise<boolean>;
  recordCheck(tenantId: string, shopId: string, at: Date, outcome: string, runId: string | null): Promise<void>;
}
