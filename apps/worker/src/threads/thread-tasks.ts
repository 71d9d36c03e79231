// The CPU-heavy steps of the worker's jobs that run on a worker thread (run-on-thread.ts), so the worker's
// event loop stays free to renew job locks, write progress and, under `pnpm start`, answer API requests.
// Each task is a pure function of what it is sent; what it returns is copied back.

import { inlineQueryModelBuilder, type QueryModelInput, type SessionRecord } from '@shopspace/domain';
import { alignGroup, encodeAlignmentFiles, type GroupInput } from '@shopspace/alignment';
import { encodeBundle } from '@shopspace/serving';
import { buildBaselines } from '../baselines/baseline.builder.ts';
import { trainPipelineModel, type PipelineTrainingInput } from '../training/pipeline-training.ts';
import { alignmentMetrics } from '../alignment/alignment-metrics.ts';

export const THREAD_TASKS = {
  baselines: async (input: { sessions: readonly SessionRecord[] }) =>
    encodeBundle('baseline', await buildBaselines(input.sessions)),

  trainModel: (input: PipelineTrainingInput, progress: (fraction: number) => void) =>
    trainPipelineModel(input, progress),

  queryModel: (input: QueryModelInput) => inlineQueryModelBuilder.build(input),

  alignment: (input: GroupInput, progress: (fraction: number) => void) => {
    const group = alignGroup(input, progress);
    return Promise.resolve({ files: encodeAlignmentFiles(group), metrics: alignmentMetrics(group) });
  },
} satisfies Record<string, (input: never, progress: (fraction: number) => void) => Promise<unknown>>;

export type ThreadTask = keyof typeof THREAD_TASKS;
export type TaskInput<T extends ThreadTask> = Parameters<(typeof THREAD_TASKS)[T]>[0];
export type TaskOutput<T extends ThreadTask> = Awaited<ReturnType<(typeof THREAD_TASKS)[T]>>;
