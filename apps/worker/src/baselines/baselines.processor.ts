// BullMQ processor of the `baselines` queue: validates the payload and rebuilds the shop's baselines.

import { UnrecoverableError, type Job } from 'bullmq';
import { JOBS } from '@shopspace/redis';
import type { BaselineJob, BaselineOutcome } from '@shopspace/domain';

export function baselinesProcessor(baselineJob: BaselineJob) {
  return async (job: Job): Promise<BaselineOutcome> => {
    const parsed = JOBS.baselines.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid baselines payload: ${parsed.error.message}`);
    return baselineJob.run(parsed.data.tenantId, parsed.data.shopId);
  };
}
