// A job queue that records what was enqueued instead of running it, with the BullMQ adapter's ids: a job id
// already waiting is not added twice, debounced jobs share one job per (shop, window) unless asked for `now`.
// Repeating schedules are not modelled (no cron evaluation): asking for one fails loudly instead of guessing.

import type { EnqueueOptions, JobName, JobPayload, JobQueue, JobSchedule } from '@shopspace/domain';
// The catalog module alone: the domain's entry point would load every service (and the numerics packages) into
// each unit test that only needs fakes.
import { jobId, jobSpec } from '../../../domain/src/jobs/job-catalog.ts';
import { FakeClock } from './fake-clock.ts';

export interface EnqueuedJob {
  readonly name: JobName;
  readonly payload: unknown;
  readonly now: boolean;
  /** The id BullMQ would have been given (window number appended for debounced jobs). */
  readonly jobId: string;
  /** Milliseconds until it would run (the end of its debounce window). */
  readonly delay: number;
}

export class RecordingJobQueue implements JobQueue {
  /** Every enqueue call, in order, including those that found their job already waiting. */
  readonly calls: EnqueuedJob[] = [];
  readonly #waiting = new Map<string, EnqueuedJob>();

  constructor(
    private readonly clock: FakeClock = new FakeClock(),
    private readonly debounceMs = 60_000,
  ) {}

  /** The distinct jobs waiting to run, oldest first. */
  get waiting(): EnqueuedJob[] {
    return [...this.#waiting.values()];
  }

  /** A worker took (and finished) every waiting job; later enqueues make new ones. */
  drain(): void {
    this.#waiting.clear();
  }

  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<void> {
    const id = jobId(name, payload);
    let full = id;
    let delay = 0;
    if (jobSpec(name).debounced) {
      const at = this.clock.now();
      if (options.now) full = `${id}.now-${at}`;
      else {
        const window = Math.floor(at / this.debounceMs);
        full = `${id}.${window}`;
        delay = (window + 1) * this.debounceMs - at;
      }
    }
    const job: EnqueuedJob = { name, payload: structuredClone(payload), now: options.now ?? false, jobId: full, delay };
    this.calls.push(job);
    if (!this.#waiting.has(full)) this.#waiting.set(full, job);
    return Promise.resolve();
  }

  /** Like BullMQ's getJob(id): only a job enqueued under the plain id (not a debounced one) can be removed. */
  remove<N extends JobName>(name: N, payload: JobPayload<N>): Promise<boolean> {
    return Promise.resolve(this.#waiting.delete(jobId(name, payload)));
  }

  upsertSchedule<N extends JobName>(name: N, _payload: JobPayload<N>, _schedule: JobSchedule): Promise<Date | null> {
    return Promise.reject(new Error(`RecordingJobQueue does not model repeating schedules (${name})`));
  }

  removeSchedule<N extends JobName>(_name: N, _payload: JobPayload<N>): Promise<void> {
    return Promise.resolve();
  }

  nextRun<N extends JobName>(_name: N, _payload: JobPayload<N>): Promise<Date | null> {
    return Promise.resolve(null);
  }
}
