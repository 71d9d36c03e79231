// Composition root of the API process (`pnpm start:api`): settings, connections, the migrations check, HTTP
// listen, graceful shutdown. Refuses to start, with one line naming the cause, on a bad setting, an unreachable
// PostgreSQL or Redis, or a database whose migrations are not applied.

import { openPostgres, pendingMigrations } from '@shopspace/db';
import { openRedis, persistenceProblem, redisPersistence } from '@shopspace/redis';
import { openArtifactStore } from '@shopspace/artifacts';
import {
  StartRefused,
  createLogger,
  createMetrics,
  onShutdown,
  redact,
  requireReachable,
  startProcess,
} from '@shopspace/ops';
import { artifactLocations, readSettings, settingsOf } from '@shopspace/settings';
import { composeApi } from './compose.ts';
import { requestLimits } from './request-limits.ts';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/shopspace';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

startProcess('api', async () => {
  const s = readSettings(settingsOf('api'));
  const logger = createLogger('api', s.LOG_LEVEL ?? 'info');
  const databaseUrl = s.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const redisUrl = s.REDIS_URL ?? DEFAULT_REDIS_URL;
  const db = openPostgres(databaseUrl);
  await requireReachable('DATABASE_URL', databaseUrl, () => db.sql.query('select 1'));
  const pending = await pendingMigrations(db.sql);
  if (pending.length > 0)
    throw new StartRefused(
      `the database at DATABASE_URL=${redact(databaseUrl)} lacks ${pending.length} migration(s) (${pending.join(', ')}): run DATABASE_URL=… pnpm db:migrate`,
    );
  const redis = openRedis(redisUrl);
  await requireReachable('REDIS_URL', redisUrl, () => redis.ping());
  // The tracking write-ahead log lives in Redis: say (or refuse, by setting) when it would not survive a restart.
  const problem = persistenceProblem(await redisPersistence(redis));
  if (problem) {
    const line = `the Redis at REDIS_URL=${redact(redisUrl)} ${problem}`;
    if (s.REDIS_REQUIRE_AOF) throw new StartRefused(`${line} (REDIS_REQUIRE_AOF=1)`);
    logger.warn({ redis: redact(redisUrl) }, line);
  }
  const metrics = createMetrics('api');
  const api = await composeApi({
    db,
    redis,
    redisPrefix: s.REDIS_PREFIX,
    operatorToken: s.OPERATOR_TOKEN,
    artifacts: openArtifactStore(s.ARTIFACT_STORE, artifactLocations(s), db.sql),
    logger,
    metrics,
    ...requestLimits(s),
    requestTtlSeconds: s.REQUEST_TTL_SECONDS,
    debounceMs: s.REBUILD_DEBOUNCE_MS,
    reconcileIntervalMs: s.RECONCILE_INTERVAL_MS,
  });
  const url = await api.server.listen(s.PORT, s.HOST);
  logger.info({ url: `${url}/graphql`, artifactStore: s.ARTIFACT_STORE }, 'api listening');
  onShutdown(
    logger,
    async () => {
      api.server.drain();
      await api.close(s.SHUTDOWN_GRACE_MS);
      await db.close();
      redis.disconnect();
    },
    s.SHUTDOWN_GRACE_MS,
  );
});
