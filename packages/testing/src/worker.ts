// The real worker for a test file, in this process, on the test API's database, Redis prefix and artifacts.

import { composeWorker, type ComposedWorker } from '@shopspace/worker';
import { FilesystemArtifactStore } from '@shopspace/artifacts';
import { createLogger } from '@shopspace/ops';
import { openRedis } from '@shopspace/redis';
import type { TestApi } from './api.ts';

export function startTestWorker(
  api: TestApi,
  options: {
    lockDurationMs?: number;
    trainerThreads?: number | 'auto';
    flushTracking?: boolean;
    debounceMs?: number;
    responseNegativeWindowMs?: number;
  } = {},
): ComposedWorker {
  const redis = openRedis(api.redis.url, { bullmq: true });
  const worker = composeWorker({
    db: api.database.db,
    redis,
    redisPrefix: api.redis.prefix,
    artifacts: new FilesystemArtifactStore(api.artifactsDir),
    logger: createLogger('worker', 'warn'),
    ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
    ...(options.trainerThreads ? { trainerThreads: options.trainerThreads } : {}),
    ...(options.flushTracking === false ? { flushTracking: false } : {}),
    ...(options.debounceMs ? { debounceMs: options.debounceMs } : {}),
    ...(options.responseNegativeWindowMs !== undefined
      ? { responseNegativeWindowMs: options.responseNegativeWindowMs }
      : {}),
  });
  return {
    queues: worker.queues,
    jobs: worker.jobs,
    async close(graceMs) {
      await worker.close(graceMs);
      redis.disconnect();
    },
  };
}
