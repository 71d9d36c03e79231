// BullMQ processor of the `autocomplete` queue: validates the payload and rebuilds the shop's query model.

import { UnrecoverableError, type Job } from 'bullmq';
import { JOBS } from '@shopspace/redis';
import type { AutocompleteJob, AutocompleteOutcome } from '@shopspace/domain';

export function autocompleteProcessor(autocompleteJob: AutocompleteJob) {
  return async (job: Job): Promise<AutocompleteOutcome> => {
    const parsed = JOBS.autocomplete.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid autocomplete payload: ${parsed.error.message}`);
    return autocompleteJob.run(parsed.data.tenantId, parsed.data.shopId);
  };
}
