// `pnpm start`: brings up Shopspace with its full demo on whatever this machine has (see scripts/lib/services.ts):
// the API and the worker in this one process (the embedded PGlite allows one owner), the console as a child,
// the demo tenant imported, trained, aligned and with a running experiment, then every printed example run once.
// Settings: the README's table (packages/settings); a bad one is refused with one line naming it.
// SIGTERM or SIGINT (or pnpm exiting, which does not forward SIGTERM) stops everything it started.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeApi, requestLimits } from '@shopspace/api';
import { composeWorker } from '@shopspace/worker';
import { openRedis } from '@shopspace/redis';
import { openArtifactStore } from '@shopspace/artifacts';
import { createLogger, createMetrics, onShutdown, startProcess, stopWithLauncher } from '@shopspace/ops';
import { artifactLocations, readSettings, settingsOf } from '@shopspace/settings';
import { resolveDatabase, resolveRedis } from './lib/services.ts';
import { DEMO_TEST_FROM, importDemo, trainShops } from './lib/demo.ts';
import { alignDemoShops, runDemoExperiment, timeToFirstRecommendation } from './lib/demo-group.ts';
import { curlOf, demoExamples, runExample, type DemoIds } from './lib/demo-examples.ts';
import { buildConsoleIfStale, startConsole, type ConsoleServer } from '../apps/console/runner.ts';
import { WIDGET_FILE, buildWidget } from '../apps/widget/scripts/build.ts';

const startedAt = Date.now();
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** A secret from the settings, else the one kept in the data directory (made on first start). */
function keptSecret(value: string | undefined, dataDir: string, file: string, prefix: string): string {
  if (value) return value;
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = `${prefix}${randomBytes(24).toString('base64url')}`;
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

startProcess('shopspace', async () => {
  const s = readSettings(settingsOf('start'));
  const dataDir = s.SHOPSPACE_DATA_DIR;
  mkdirSync(dataDir, { recursive: true });
  const logger = createLogger('shopspace', s.LOG_LEVEL ?? 'warn');
  const database = await resolveDatabase(s.DATABASE_URL, dataDir);
  say(`database: ${database.description}`);
  const redisTarget = await resolveRedis(s.REDIS_URL, dataDir, { private: s.SHOPSPACE_PRIVATE_REDIS });
  say(`redis:    ${redisTarget.description}`);
  const redis = openRedis(redisTarget.url);
  const workerRedis = openRedis(redisTarget.url, { bullmq: true });
  const token = keptSecret(s.OPERATOR_TOKEN, dataDir, 'operator-token', 'op_');
  if (s.SHOPSPACE_CONSOLE) {
    say('console:  building if its sources changed (the first start takes a minute or two)');
    buildConsoleIfStale();
  }
  // The autocomplete widget the API serves at /widget/shopspace-autocomplete.js (and its /demo page).
  if (!existsSync(WIDGET_FILE)) await buildWidget();
  const artifacts = openArtifactStore(s.ARTIFACT_STORE, artifactLocations(s), database.db.sql);
  // One process, one registry: the API's /metrics shows the worker's job metrics too.
  const metrics = createMetrics('api');
  const api = await composeApi({
    db: database.db,
    redis,
    redisPrefix: s.REDIS_PREFIX,
    operatorToken: token,
    artifacts,
    logger: logger.child({ process: 'api' }),
    metrics,
    ...requestLimits(s),
    requestTtlSeconds: s.REQUEST_TTL_SECONDS,
    debounceMs: s.REBUILD_DEBOUNCE_MS,
    reconcileIntervalMs: s.RECONCILE_INTERVAL_MS,
  });
  const worker = composeWorker({
    db: database.db,
    redis: workerRedis,
    redisPrefix: s.REDIS_PREFIX,
    artifacts,
    logger: logger.child({ process: 'worker' }),
    metrics,
    lockDurationMs: s.WORKER_LOCK_MS,
    responseNegativeWindowMs: s.RESPONSE_NEGATIVE_WINDOW_MS,
    trainerThreads: s.WORKER_THREADS,
    debounceMs: s.REBUILD_DEBOUNCE_MS,
  });
  const url = await api.server.listen(s.PORT, s.HOST);
  say(`api:      ${url}/graphql`);
  let consoleServer: ConsoleServer | null = null;
  if (s.SHOPSPACE_CONSOLE) {
    consoleServer = await startConsole(`${url}/graphql`, {
      port: s.CONSOLE_PORT,
      host: s.HOST,
      sessionSecret: keptSecret(s.CONSOLE_SESSION_SECRET, dataDir, 'console-secret', ''),
    });
    say(`console:  ${consoleServer.url}`);
  }

  const stop = async (): Promise<void> => {
    api.server.drain();
    await consoleServer?.close();
    await api.close(s.SHUTDOWN_GRACE_MS);
    await worker.close(s.SHUTDOWN_GRACE_MS);
    await database.db.close();
    redis.disconnect();
    workerRedis.disconnect();
    if (redisTarget.child && redisTarget.child.exitCode === null) {
      const exited = new Promise((r) => redisTarget.child?.once('exit', r));
      redisTarget.child.kill('SIGTERM');
      await exited;
    }
  };
  onShutdown(logger, stop, s.SHUTDOWN_GRACE_MS);
  stopWithLauncher(() => process.kill(process.pid, 'SIGTERM'));

  if (!s.SHOPSPACE_DEMO) return;
  const dataFile = existsSync(s.SHOPSPACE_DEMO_DATA) ? s.SHOPSPACE_DEMO_DATA : null;
  if (!dataFile) say(`demo data not found at ${s.SHOPSPACE_DEMO_DATA}: the demo tenant starts with empty shops`);
  const first: { recommendation: Promise<number | null> | null } = { recommendation: null };
  const seeded = await importDemo(api, url, token, dataDir, dataFile, say, database.db.sql, (shop, demoKeys) => {
    // Measured from the start of the process to the first storefront answer with items, while the rest goes on.
    if (shop.handle === 'uk' && shop.eventCount > 0)
      first.recommendation = timeToFirstRecommendation(url, demoKeys.publishableKey, shop.id, startedAt);
  });
  const { keys, principal } = seeded;
  const uk = seeded.shops.find((x) => x.handle === 'uk');
  const eu = seeded.shops.find((x) => x.handle === 'eu');
  const shops = await trainShops(api, principal, seeded.shops, say);
  const seconds = await first.recommendation;
  let experimentId: string | null = null;
  if (uk && eu && uk.eventCount > 0) {
    await alignDemoShops(api, principal, { uk: uk.id, eu: eu.id }, say);
    experimentId = await runDemoExperiment(
      api,
      principal,
      {
        apiUrl: url,
        publishableKey: keys.publishableKey,
        sql: database.db.sql,
        tenantId: keys.tenantId,
        shopId: uk.id,
        from: DEMO_TEST_FROM,
      },
      say,
    );
  }

  say('');
  say(`Shopspace is up. GraphQL: ${url}/graphql`);
  if (consoleServer) say(`  console: ${consoleServer.url} (sign in with the operator token or the demo secret key)`);
  say(`  operator token:  ${token}`);
  say(`  demo tenant "Demo Retail Group" (${keys.tenantId})`);
  say(`    secret key:      ${keys.secretKey}`);
  say(`    publishable key: ${keys.publishableKey}`);
  for (const shop of shops) {
    const model = shop.activeModelId ?? 'none';
    say(
      `    shop ${shop.handle.padEnd(3)} ${shop.id}  ${shop.itemCount} items, ${shop.eventCount} events, model ${model}`,
    );
  }
  if (seconds !== null && seconds !== undefined)
    say(`  time to first recommendation: ${seconds.toFixed(1)} s after start (uk, from its events)`);
  if (!uk || !eu) return;
  const ids: DemoIds = {
    apiUrl: url,
    secretKey: keys.secretKey,
    publishableKey: keys.publishableKey,
    uk: uk.id,
    eu: eu.id,
    experimentId,
  };
  say('');
  say('Try these (each was just run against the demo):');
  for (const example of demoExamples(ids)) {
    const r = await runExample(ids, example);
    say(`  ${r.count > 0 ? '✓' : '✗'} ${example.name}: ${r.error ?? `${r.count} result(s)`}`);
    say(`    ${curlOf(ids, example)}`);
  }
  say(
    `  search autocomplete widget on the uk shop: ${url}/demo?key=${encodeURIComponent(keys.publishableKey)}&shop=${uk.id}`,
  );
  if (consoleServer) say(`  experiment results: ${consoleServer.url}/shops/${uk.id}/experiments`);
});
