// The publisher every service and job announces changes through: it schedules the change's follow-up jobs
// (once, here, rather than in every process that hears of it) and broadcasts the change to the processes that
// keep copies of the state it touched.

import type { EnqueueOptions, JobName, JobPayload, JobQueue } from '../jobs/job-catalog.ts';
import type { Change, ChangeBroadcast, ChangeFeed, ChangeReactor } from './change.ts';
import { followUpsOf, isBroadcast } from './change-rules.ts';

export class ChangePublisher implements ChangeFeed {
  constructor(
    private readonly broadcast: ChangeBroadcast,
    private readonly jobs: JobQueue,
    private readonly onError: (message: string, detail: Record<string, unknown>) => void = () => undefined,
  ) {}

  async publish(change: Change): Promise<void> {
    // Follow-ups are rebuilds: one failing to enqueue must not fail the change that caused it.
    const enqueue = <N extends JobName>(f: {
      readonly job: N;
      readonly payload: JobPayload<N>;
      readonly options?: EnqueueOptions;
    }): Promise<void> =>
      this.jobs
        .enqueue(f.job, f.payload, f.options)
        .catch((error: unknown) => this.onError('follow-up job not enqueued', { job: f.job, error: String(error) }));
    await Promise.all(followUpsOf(change).map(enqueue));
    if (isBroadcast(change)) await this.broadcast.broadcast(change);
  }
}

/** The one subscriber of a process: hands each change to the reactors that name its kind. */
export async function subscribeReactors(broadcast: ChangeBroadcast, reactors: readonly ChangeReactor[]): Promise<void> {
  await broadcast.subscribe((change) => {
    for (const reactor of reactors) if (reactor.reactsTo.includes(change.kind)) reactor.onChange(change);
  });
}
