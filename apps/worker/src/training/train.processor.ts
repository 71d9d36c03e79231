// BullMQ processor of the `training` queue: validates the payload, runs the domain's TrainingJob, and decides
// what a failure means: retry (transient, attempts left) or stop for good (bad payload, nothing to learn from,
// last attempt). Retried runs go back to QUEUED in the database; the final failure is FAILED with its message.

import { UnrecoverableError, type Job } from 'bullmq';
import { JOBS } from '@shopspace/redis';
import {
  UnrecoverableTrainingError,
  type JobOutcome,
  type TrainingJob,
  type TrainingRepository,
} from '@shopspace/domain';

export function trainProcessor(
  trainingJob: TrainingJob,
  runs: TrainingRepository,
  /** Called after a run succeeded (e.g. to rebuild the shop's autocomplete); its failure fails nothing. */
  afterSuccess?: (tenantId: string, shopId: string) => Promise<void>,
) {
  return async (job: Job): Promise<JobOutcome> => {
    const parsed = JOBS.train.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid training payload: ${parsed.error.message}`);
    const payload = parsed.data;
    try {
      const outcome = await trainingJob.run(payload, (p) => job.updateProgress(Math.round(p * 1000) / 1000));
      if (outcome.kind === 'succeeded') await afterSuccess?.(payload.tenantId, payload.shopId).catch(() => undefined);
      return outcome;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const unrecoverable = error instanceof UnrecoverableTrainingError;
      const final = unrecoverable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await runs.markFailed(payload.tenantId, payload.runId, message, final);
      if (unrecoverable) throw new UnrecoverableError(message);
      throw error;
    }
  };
}
