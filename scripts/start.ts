// `pnpm start`: brings up Shopspace with its demo on whatever this machine has (see scripts/lib/services.ts),
// runs the API and the worker in this one process, seeds the demo tenant, and prints the URL and keys.
// Settings: PORT (4000), DATABASE_URL, REDIS_URL, OPERATOR_TOKEN (else one is kept in .data/operator-token),
// SHOPSPACE_DATA_DIR (.data), SHOPSPACE_DEMO_DATA (the Online Retail file; data/online-retail/... by default),
// SHOPSPACE_DEMO=0 to skip the demo; CONSOLE_PORT (3000) for the admin console, SHOPSPACE_CONSOLE=0 to skip it.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeApi } from '@shopspace/api';
import { composeWorker } from '@shopspace/worker';
import { openRedis } from '@shopspace/redis';
import { StartError, resolveDatabase, resolveRedis } from './lib/services.ts';
import { seedDemo } from './lib/demo.ts';
import { buildConsoleIfStale, startConsole, type ConsoleServer } from '../apps/console/runner.ts';
import { WIDGET_FILE, buildWidget } from '../apps/widget/scripts/build.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const dataDir = resolve(root, env['SHOPSPACE_DATA_DIR'] ?? '.data');
const port = Number(env['PORT'] ?? 4000);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** A secret from the environment, else the one kept in .data (made on first start). */
function keptSecret(variable: string, file: string, prefix: string): string {
  if (env[variable]) return env[variable];
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = `${prefix}${randomBytes(24).toString('base64url')}`;
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const database = await resolveDatabase(env['DATABASE_URL'], dataDir);
  say(`database: ${database.description}`);
  const redisTarget = await resolveRedis(env['REDIS_URL']);
  say(`redis:    ${redisTarget.description}`);
  const redis = openRedis(redisTarget.url);
  const workerRedis = openRedis(redisTarget.url, { bullmq: true });
  const prefix = env['REDIS_PREFIX'] ?? 'shopspace';
  const token = keptSecret('OPERATOR_TOKEN', 'operator-token', 'op_');
  const withConsole = env['SHOPSPACE_CONSOLE'] !== '0';
  if (withConsole) {
    say('console:  building if its sources changed (the first start takes a minute or two)');
    buildConsoleIfStale();
  }
  // The autocomplete widget the API serves at /widget/shopspace-autocomplete.js (and its /demo page).
  if (!existsSync(WIDGET_FILE)) await buildWidget();
  const api = await composeApi({
    db: database.db,
    redis,
    redisPrefix: prefix,
    operatorToken: token,
    artifactsDir: resolve(dataDir, env['ARTIFACTS_DIR'] ?? 'artifacts'),
    rateLimitPerSecond: Number(env['RATE_LIMIT_PER_SECOND'] ?? 2_000),
    log: (message, detail) => process.stderr.write(`${JSON.stringify({ msg: message, ...detail })}\n`),
  });
  const artifactsDir = resolve(dataDir, env['ARTIFACTS_DIR'] ?? 'artifacts');
  const worker = composeWorker({ db: database.db, redis: workerRedis, redisPrefix: prefix, artifactsDir });
  const url = await api.server.listen(port, env['HOST'] ?? '0.0.0.0');
  say(`api:      ${url}/graphql`);
  let consoleServer: ConsoleServer | null = null;
  if (withConsole) {
    consoleServer = await startConsole(`${url.replace('0.0.0.0', '127.0.0.1')}/graphql`, {
      port: Number(env['CONSOLE_PORT'] ?? 3000),
      host: env['HOST'] ?? '0.0.0.0',
      sessionSecret: keptSecret('CONSOLE_SESSION_SECRET', 'console-secret', ''),
    });
    say(`console:  ${consoleServer.url}`);
  }

  const shutdown = async (): Promise<void> => {
    await consoleServer?.close();
    await api.close();
    await worker.close();
    await database.db.close();
    redis.disconnect();
    workerRedis.disconnect();
    redisTarget.child?.kill();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  if (env['SHOPSPACE_DEMO'] === '0') return;
  const dataFile = resolve(root, env['SHOPSPACE_DEMO_DATA'] ?? 'data/online-retail/online-retail.csv.gz');
  const found = existsSync(dataFile) ? dataFile : null;
  if (!found)
    say(`demo data not found at ${dataFile}: the demo tenant starts with empty shops (set SHOPSPACE_DEMO_DATA)`);
  const demo = await seedDemo(api, url, token, dataDir, found, say, database.db.sql);
  say('');
  say(`Shopspace is up. GraphQL: ${url}/graphql`);
  if (consoleServer) say(`  console: ${consoleServer.url} (sign in with the operator token or the demo secret key)`);
  say(`  operator token:  ${token}`);
  say(`  demo tenant "Demo Retail Group" (${demo.keys.tenantId})`);
  say(`    secret key:      ${demo.keys.secretKey}`);
  say(`    publishable key: ${demo.keys.publishableKey}`);
  for (const s of demo.shops) {
    const model = s.activeModelId ?? 'none';
    say(`    shop ${s.handle.padEnd(3)} ${s.id}  ${s.itemCount} items, ${s.eventCount} events, model ${model}`);
  }
  say('');
  const curl = (key: string): string =>
    `curl -s ${url}/graphql -H 'authorization: Bearer ${key}' -H 'content-type: application/json' \\`;
  say(`Try: ${curl(demo.keys.secretKey)}`);
  say(`       -d '{"query":"{ shops { handle itemCount eventCount activeModel { id metrics } } }"}'`);
  const uk = demo.shops.find((s) => s.handle === 'uk');
  if (uk) {
    const basket = '[\\"85123A\\", \\"71053\\"]';
    const query = `{ sessionRecommendations(shopId: \\"${uk.id}\\", session: { skus: ${basket} }, first: 5) { items { score item { sku title } } } }`;
    say('and next items for a uk basket, as a storefront asks (publishable key):');
    say(`     ${curl(demo.keys.publishableKey)}`);
    say(`       -d '{"query":"${query}"}'`);
    const demoPage = `${url}/demo?key=${encodeURIComponent(demo.keys.publishableKey)}&shop=${uk.id}`;
    say(`Search autocomplete widget on the uk shop (searches derived from the sessions): ${demoPage}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `shopspace: ${error instanceof StartError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
