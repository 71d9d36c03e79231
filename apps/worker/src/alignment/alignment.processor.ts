// BullMQ processor of the `alignment` queue: validates the payload, runs the domain's AlignmentJob, and marks the
// run failed for good on a final attempt or an unrecoverable cause (no trained shop, an empty catalog).

import { UnrecoverableError, type Job } from 'bullmq';
import { JOBS } from '@shopspace/redis';
import {
  UnrecoverableAlignmentError,
  type AlignmentJob,
  type AlignmentRepository,
  type AlignmentVersion,
} from '@shopspace/domain';

export function alignmentProcessor(alignmentJob: AlignmentJob, alignments: AlignmentRepository) {
  return async (job: Job): Promise<Pick<AlignmentVersion, 'id'> | null> => {
    const parsed = JOBS.align.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid alignment payload: ${parsed.error.message}`);
    const payload = parsed.data;
    try {
      const version = await alignmentJob.run(payload, (f) => void job.updateProgress(f).catch(() => undefined));
      return version && { id: version.id };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const unrecoverable = error instanceof UnrecoverableAlignmentError;
      const final = unrecoverable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await alignments.markFailed(payload.tenantId, payload.runId, message, final);
      if (unrecoverable) throw new UnrecoverableError(message);
      throw error;
    }
  };
}
