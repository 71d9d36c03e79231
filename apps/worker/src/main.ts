// Composition root of the worker process.

import { openPostgres } from '@shopspace/db';
import { openRedis } from '@shopspace/redis';
import { composeWorker } from './compose.ts';
import { readWorkerEnv } from './env.ts';

const env = readWorkerEnv();
const log = (message: string, detail?: Record<string, unknown>): void => {
  if (env.LOG_LEVEL !== 'silent')
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), msg: message, ...detail })}\n`);
};
const db = openPostgres(env.DATABASE_URL);
const redis = openRedis(env.REDIS_URL, { bullmq: true });
const worker = composeWorker({
  db,
  redis,
  redisPrefix: env.REDIS_PREFIX,
  artifactsDir: env.ARTIFACTS_DIR,
  lockDurationMs: env.WORKER_LOCK_MS,
  log,
});
log('worker ready', { queues: worker.queues });

const shutdown = async (): Promise<void> => {
  await worker.close();
  await db.close();
  redis.disconnect();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
