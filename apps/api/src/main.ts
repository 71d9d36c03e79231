// Composition root of the API process: configuration, connections, migrations check, HTTP listen.

import { openPostgres } from '@shopspace/db';
import { openRedis } from '@shopspace/redis';
import { readApiEnv } from './env.ts';
import { composeApi } from './compose.ts';

const env = readApiEnv();
const log = (message: string, detail?: Record<string, unknown>): void => {
  if (env.LOG_LEVEL === 'silent') return;
  process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), msg: message, ...detail })}\n`);
};

const db = openPostgres(env.DATABASE_URL);
const redis = openRedis(env.REDIS_URL);
const api = await composeApi({
  db,
  redis,
  redisPrefix: env.REDIS_PREFIX,
  operatorToken: env.OPERATOR_TOKEN,
  artifactsDir: env.ARTIFACTS_DIR,
  rateLimitPerSecond: env.RATE_LIMIT_PER_SECOND,
  requestTtlSeconds: env.REQUEST_TTL_SECONDS,
  baselineDebounceMs: env.REBUILD_DEBOUNCE_MS,
  log,
});
const url = await api.server.listen(env.PORT, env.HOST);
log('api listening', { url: `${url}/graphql` });

const shutdown = async (): Promise<void> => {
  await api.close();
  await db.close();
  redis.disconnect();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
