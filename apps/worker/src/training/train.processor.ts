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

export function trainProcessor(trainingJob: TrainingJob, runs: TrainingRepository) {
  return async (job: Job): Promise<JobOutcome> => {
    const parsed = JOBS.train.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid training payload: ${parsed.error.message}`);
    const payload = parsed.data;
    try {
      return await trainingJob.run(payload, (p) => job.updateProgress(Math.round(p * 1000) / 1000));
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
