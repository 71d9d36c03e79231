// The ModelTrainer the worker gives the training job: the whole of a run's numerics on a worker thread of its
// own (pipeline-training.ts), its progress reported back, an abort (a cancel, the worker shutting down)
// terminating it at once.

import type { ModelTrainer, TrainedModel, TrainingInput, TrainHooks } from '@shopspace/domain';
import { runOnThread } from '../threads/run-on-thread.ts';

export class PipelineTrainer implements ModelTrainer {
  constructor(private readonly threads: number | 'auto' = 'auto') {}

  async train(input: TrainingInput, hooks: TrainHooks): Promise<TrainedModel> {
    return runOnThread(
      'trainModel',
      { ...input, trainerThreads: this.threads },
      {
        onProgress: hooks.onProgress,
        signal: hooks.signal,
      },
    );
  }
}
