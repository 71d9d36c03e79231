// Composition root of the worker process (`pnpm start:worker`): settings, connections, the job catalog's
// workers, the ops endpoints (/health, /ready, /metrics on WORKER_PORT) and graceful shutdown: running jobs get
// SHUTDOWN_GRACE_MS to finish, then are handed back to the queue.

import { openPostgres, pendingMigrations } from '@shopspace/db';
import { openRedis } from '@shopspace/redis';
import { openArtifactStore } from '@shopspace/artifacts';
import {
  StartRefused,
  createLogger,
  createMetrics,
  createOpsServer,
  onShutdown,
  redact,
  requireReachable,
  startProcess,
} from '@shopspace/ops';
import { artifactLocations, readSettings, settingsOf } from '@shopspace/settings';
import { composeWorker } from './compose.ts';

startProcess('worker', async () => {
  const s = readSettings(settingsOf('worker'));
  const logger = createLogger('worker', s.LOG_LEVEL ?? 'info');
  const databaseUrl = s.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/shopspace';
  const redisUrl = s.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const db = openPostgres(databaseUrl);
  await requireReachable('DATABASE_URL', databaseUrl, () => db.sql.query('select 1'));
  const pending = await pendingMigrations(db.sql);
  if (pending.length > 0)
    throw new StartRefused(
      `the database at DATABASE_URL=${redact(databaseUrl)} lacks ${pending.length} migration(s): run pnpm db:migrate`,
    );
  const redis = openRedis(redisUrl, { bullmq: true });
  await requireReachable('REDIS_URL', redisUrl, () => redis.ping());
  const metrics = createMetrics('worker');
  const worker = composeWorker({
    db,
    redis,
    redisPrefix: s.REDIS_PREFIX,
    artifacts: openArtifactStore(s.ARTIFACT_STORE, artifactLocations(s), db.sql),
    logger,
    metrics,
    lockDurationMs: s.WORKER_LOCK_MS,
    responseNegativeWindowMs: s.RESPONSE_NEGATIVE_WINDOW_MS,
    trainerThreads: s.WORKER_THREADS,
    debounceMs: s.REBUILD_DEBOUNCE_MS,
  });
  const ops = createOpsServer({
    registry: metrics.registry,
    probes: { postgres: () => db.sql.query('select 1'), redis: () => redis.ping() },
    beforeScrape: async () => {
      for (const [queue, counts] of Object.entries(await worker.jobs.depths()))
        for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue, state }, n);
    },
  });
  const url = await ops.listen(s.WORKER_PORT, s.HOST);
  logger.info({ queues: worker.queues, ops: url }, 'worker ready');
  onShutdown(
    logger,
    async () => {
      ops.drain();
      await worker.close(s.SHUTDOWN_GRACE_MS);
      await ops.close();
      await db.close();
      redis.disconnect();
    },
    s.SHUTDOWN_GRACE_MS,
  );
});
