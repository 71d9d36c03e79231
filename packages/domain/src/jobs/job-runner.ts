// Running a job of the catalog, the same way for every queue: the payload is parsed against its schema (a bad
// one fails for good), the handler runs with a context (attempt, progress), and a failure is classified once —
// final when unrecoverable or on the last attempt — so the handler's bookkeeping (a run row marked FAILED or
// back to QUEUED) and the queue's retry agree.

import { JOB_CATALOG, type JobName, type JobPayload } from './job-catalog.ts';

/** A failure no retry can fix (a bad payload, nothing to learn from): the queue does not retry it. */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableJobError';
}

/**
 * The process is shutting down and stopped the job part way: it goes back to the queue (without spending an
 * attempt) and another worker, or this one after a restart, takes it again.
 */
export class JobInterruptedError extends Error {
  override readonly name = 'JobInterruptedError';
  constructor() {
    super('interrupted by a worker shutdown; handed back to the queue');
  }
}

export interface JobContext {
  /** Attempts made before this one (0 on the first). */
  readonly attemptsMade: number;
  /** Fraction 0..1 done, for the queue's own view (the domain records its own progress too). */
  progress(fraction: number): Promise<void>;
  /** Aborted when the process shuts down: a long job stops at its next check and throws JobInterruptedError. */
  readonly signal: AbortSignal;
}

export interface JobHandler<N extends JobName> {
  run(payload: JobPayload<N>, context: JobContext): Promise<unknown>;
  /** Told of every failure; `final` when the queue will not retry. */
  failed?(payload: JobPayload<N>, message: string, final: boolean): Promise<void>;
}

export type JobHandlers = { readonly [N in JobName]: JobHandler<N> };

export async function runJob<N extends JobName>(
  handler: JobHandler<N>,
  name: N,
  data: unknown,
  context: JobContext,
): Promise<unknown> {
  const spec = JOB_CATALOG[name];
  const parsed = spec.payload.safeParse(data);
  if (!parsed.success) throw new UnrecoverableJobError(`invalid ${name} payload: ${parsed.error.message}`);
  const payload = parsed.data as JobPayload<N>;
  try {
    return await handler.run(payload, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final =
      !(error instanceof JobInterruptedError) &&
      (error instanceof UnrecoverableJobError || context.attemptsMade + 1 >= spec.attempts);
    await handler.failed?.(payload, message, final);
    throw error;
  }
}
