// The real worker for a test file, in this process, on the test API's database, Redis prefix and artifacts.

import { composeWorker, type ComposedWorker } from '@shopspace/worker';
import { openRedis } from '@shopspace/redis';
import type { TestApi } from './api.ts';

export function startTestWorker(
  api: TestApi,
  options: { lockDurationMs?: number; trainerThreads?: number | 'auto'; flushTracking?: boolean } = {},
): ComposedWorker {
  const redis = openRedis(api.redis.url, { bullmq: true });
  const worker = composeWorker({
    db: api.database.db,
    redis,
    redisPrefix: api.redis.prefix,
    artifactsDir: api.artifactsDir,
    ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
    ...(options.trainerThreads ? { trainerThreads: options.trainerThreads } : {}),
    ...(options.flushTracking === false ? { flushTracking: false } : {}),
  });
  return {
    queues: worker.queues,
    async close() {
      await worker.close();
      redis.disconnect();
    },
  };
}
