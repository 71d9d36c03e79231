// Every setting of every process in one table: name, default, meaning and its zod schema. Each entry point
// (api, worker, console, pnpm start) reads the settings it uses through readSettings, which refuses a bad value
// with one line naming the setting; the README's table is generated from this one (pnpm settings:doc).

import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: relative paths in settings are resolved against it, never the working directory. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export type Process = 'api' | 'worker' | 'console' | 'start';

interface SettingSpec<T> {
  readonly schema: z.ZodType<T>;
  /** As written in the README (the schema's default applies when unset). */
  readonly shown: string;
  readonly meaning: string;
  readonly processes: readonly Process[];
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

const toAbsolute = (p: string): string => (isAbsolute(p) ? resolve(p) : resolve(REPO_ROOT, p));
/** A path setting, relative ones against the repository; the default goes through the same resolution. */
const path = (fallback: string) => z.string().trim().min(1).default(fallback).transform(toAbsolute);
const optionalPath = () => z.string().trim().min(1).transform(toAbsolute).optional();
const url = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine(
      (u) => {
        try {
          return protocols.includes(new URL(u).protocol);
        } catch {
          return false;
        }
      },
      `must be a ${protocols.join(' or ')} URL`,
    );
const flag = z.enum(['0', '1']).transform((v) => v === '1');
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function setting<T>(spec: SettingSpec<T>): SettingSpec<T> {
  return spec;
}

export const SETTINGS = {
  PORT: setting({
    schema: int(0, 65_535).default(4000),
    shown: '4000',
    meaning: 'HTTP port of the API (GraphQL, bulk imports, tracking beacon, widget, /health, /ready, /metrics).',
    processes: ['api', 'start'],
  }),
  HOST: setting({
    schema: z.string().trim().min(1).default('127.0.0.1'),
    shown: '127.0.0.1',
    meaning: 'Interface the API, the worker’s ops endpoints and the console listen on; 0.0.0.0 to serve other hosts.',
    processes: ['api', 'worker', 'console', 'start'],
  }),
  DATABASE_URL: setting({
    schema: url(['postgresql:', 'postgres:']).optional(),
    shown: 'postgresql://postgres@127.0.0.1:5432/shopspace',
    meaning:
      'PostgreSQL. `pnpm start` without it uses the local server when one answers, else an embedded PGlite under the data directory.',
    processes: ['api', 'worker', 'start'],
  }),
  REDIS_URL: setting({
    schema: url(['redis:', 'rediss:']).optional(),
    shown: 'redis://127.0.0.1:6379',
    meaning:
      'Redis (BullMQ queues, change feed, request log, tracking write-ahead log). `pnpm start` without it starts a private redis-server when none answers.',
    processes: ['api', 'worker', 'start'],
  }),
  REDIS_PREFIX: setting({
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, _ . or -')
      .default('shopspace'),
    shown: 'shopspace',
    meaning: 'First part of every Redis key and of the BullMQ queues (`<prefix>:bull`).',
    processes: ['api', 'worker', 'start'],
  }),
  REDIS_REQUIRE_AOF: setting({
    schema: flag.default(false),
    shown: '0',
    meaning:
      '1: the API refuses to start on a Redis without the append-only file (appendonly yes, appendfsync everysec), which acknowledged tracking writes need to survive its restart; 0: it warns.',
    processes: ['api'],
  }),
  SHOPSPACE_DATA_DIR: setting({
    schema: path('.data'),
    shown: '.data',
    meaning:
      'Where `pnpm start` keeps its state (embedded database, private Redis data, kept secrets, default artifacts); relative to the repository.',
    processes: ['api', 'worker', 'start'],
  }),
  ARTIFACT_STORE: setting({
    schema: z.enum(['filesystem', 'postgres']).default('filesystem'),
    shown: 'filesystem',
    meaning:
      'Where model versions live: `filesystem` under ARTIFACTS_DIR, or `postgres` (chunked, checksummed rows) so processes on different machines share models without a shared disk.',
    processes: ['api', 'worker', 'start'],
  }),
  ARTIFACTS_DIR: setting({
    schema: optionalPath(),
    shown: '<SHOPSPACE_DATA_DIR>/artifacts',
    meaning: 'Root of the filesystem artifact store, resolved once (relative paths against the repository).',
    processes: ['api', 'worker', 'start'],
  }),
  ARTIFACT_CACHE_DIR: setting({
    schema: optionalPath(),
    shown: '<SHOPSPACE_DATA_DIR>/artifact-cache',
    meaning: 'Local copies of artifacts the PostgreSQL store hands to libraries that load from a file (the ANN index).',
    processes: ['api', 'worker', 'start'],
  }),
  SHOPSPACE_PRIVATE_REDIS: setting({
    schema: flag.default(false),
    shown: '0',
    meaning:
      '`pnpm start` runs its own redis-server (append-only file in the data directory) even when one answers on 6379.',
    processes: ['start'],
  }),
  OPERATOR_TOKEN: setting({
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    shown: '(generated by `pnpm start` into .data/operator-token)',
    meaning: 'Bearer token of the operator: creates tenants, sees every queue.',
    processes: ['api', 'start'],
  }),
  RATE_LIMIT_PER_SECOND: setting({
    schema: int(0).default(2_000),
    shown: '2000',
    meaning: 'Requests per second allowed per API key (0: no limit).',
    processes: ['api', 'start'],
  }),
  RATE_LIMIT_COST_PER_SECOND: setting({
    schema: int(0).default(200_000),
    shown: '200000',
    meaning:
      'Query cost a key may spend per second (token bucket in Redis, as large as one second or the cost limit); a 10-item recommendation with a few item fields costs about 60 (0: no limit).',
    processes: ['api', 'start'],
  }),
  RATE_LIMIT_ANONYMOUS_PER_SECOND: setting({
    schema: int(0).default(50),
    shown: '50',
    meaning:
      'Requests per second per client address without a valid key (anonymous or unknown keys, answered from a negative cache); 0: no limit.',
    processes: ['api', 'start'],
  }),
  TRUST_PROXY: setting({
    schema: flag.default(false),
    shown: '0',
    meaning: 'Take the client address from the first X-Forwarded-For entry (set it behind a proxy that writes it).',
    processes: ['api', 'start'],
  }),
  GRAPHQL_MAX_TOKENS: setting({
    schema: int(100).default(10_000),
    shown: '10000',
    meaning: 'Lexical tokens one GraphQL document may have; parsing stops past it.',
    processes: ['api', 'start'],
  }),
  GRAPHQL_MAX_DEPTH: setting({
    schema: int(2).default(10),
    shown: '10',
    meaning: 'Nested selection levels of one operation (introspection included).',
    processes: ['api', 'start'],
  }),
  GRAPHQL_MAX_COST: setting({
    schema: int(1).default(50_000),
    shown: '50000',
    meaning:
      'Cost of one operation: each field 1 × the page sizes above it; fragments as often as spread, aliases and `__` fields like any other.',
    processes: ['api', 'start'],
  }),
  GRAPHQL_MAX_ROOT_FIELDS: setting({
    schema: int(1).default(32),
    shown: '32',
    meaning: 'Root fields of one operation, aliases included.',
    processes: ['api', 'start'],
  }),
  GRAPHQL_INTROSPECTION: setting({
    schema: z.enum(['auto', 'all', 'trusted']).default('auto'),
    shown: 'auto',
    meaning:
      'Who may introspect the schema: `trusted` (the operator and secret keys), `all`, or `auto` (trusted when NODE_ENV=production, else all).',
    processes: ['api', 'start'],
  }),
  IMPORT_MAX_BYTES: setting({
    schema: int(1_024).default(512 * 1024 * 1024),
    shown: '536870912',
    meaning:
      'Bytes one bulk import may read after gunzip (512 MiB); past it the import ends FAILED (HTTP 422) with what it stored.',
    processes: ['api', 'start'],
  }),
  IMPORT_MAX_LINE_LENGTH: setting({
    schema: int(64).default(1 << 20),
    shown: '1048576',
    meaning:
      'Characters of one line (CSV record or NDJSON line) of a bulk import; a longer one ends the import FAILED.',
    processes: ['api', 'start'],
  }),
  IMPORT_LEASE_MS: setting({
    schema: int(100).default(30_000),
    shown: '30000',
    meaning:
      'A running bulk import refreshes a lease on its job every third of this; an import whose API process died ends FAILED (interrupted) once it lapses.',
    processes: ['api', 'start'],
  }),
  REQUEST_TTL_SECONDS: setting({
    schema: int(60).default(3_600),
    shown: '3600',
    meaning: 'How long a served list can be tracked; Redis holds about 1.4 kB per 10-item list for this long.',
    processes: ['api', 'start'],
  }),
  REBUILD_DEBOUNCE_MS: setting({
    schema: int(100).default(60_000),
    shown: '60000',
    meaning: 'Window of the debounced rebuilds (baselines, autocomplete) after events or catalog changes.',
    processes: ['api', 'worker', 'start'],
  }),
  RECONCILE_INTERVAL_MS: setting({
    schema: int(100).default(30_000),
    shown: '30000',
    meaning:
      'How often an API process compares its in-memory models, baselines and query models with the database (heals a lost change message).',
    processes: ['api', 'start'],
  }),
  LOG_LEVEL: setting({
    schema: z.enum(LOG_LEVELS).optional(),
    shown: 'info',
    meaning: `Structured log level (${LOG_LEVELS.join(', ')}); JSON lines on stderr, one access line per request at info. \`pnpm start\` defaults to warn, to keep its demo output readable.`,
    processes: ['api', 'worker', 'start'],
  }),
  WORKER_PORT: setting({
    schema: int(0, 65_535).default(4001),
    shown: '4001',
    meaning: 'Port of the worker’s /health, /ready and /metrics.',
    processes: ['worker'],
  }),
  WORKER_LOCK_MS: setting({
    schema: int(1_000).default(30_000),
    shown: '30000',
    meaning: 'How long a job’s lock lasts without renewal; a killed worker’s job is retried after about this long.',
    processes: ['worker', 'start'],
  }),
  RESPONSE_NEGATIVE_WINDOW_MS: setting({
    schema: int(0).default(1_209_600_000),
    shown: '1209600000',
    meaning:
      'The response refit counts a tracked impression without a click as a negative after this long (14 days, as LinkedIn waits), or at once when an item below it in the same list was clicked.',
    processes: ['worker', 'start'],
  }),
  WORKER_THREADS: setting({
    schema: z
      .string()
      .trim()
      .regex(/^(auto|[1-9]\d*)$/, 'must be auto or a whole number ≥ 1')
      .transform((v): number | 'auto' => (v === 'auto' ? 'auto' : Number(v)))
      .default('auto'),
    shown: 'auto',
    meaning: 'Training threads (auto: one per core).',
    processes: ['worker', 'start'],
  }),
  SHUTDOWN_GRACE_MS: setting({
    schema: int(0).default(8_000),
    shown: '8000',
    meaning:
      'On SIGTERM or SIGINT: how long in-flight requests and running jobs get to finish before jobs are handed back to the queue.',
    processes: ['api', 'worker', 'start'],
  }),
  CONSOLE_PORT: setting({
    schema: int(0, 65_535).default(3000),
    shown: '3000',
    meaning: 'Port of the admin console.',
    processes: ['console', 'start'],
  }),
  CONSOLE_SESSION_SECRET: setting({
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
    shown: '(generated by `pnpm start` into .data/console-secret)',
    meaning: 'Seals the console’s session cookies; sessions survive restarts while it stays the same.',
    processes: ['console', 'start'],
  }),
  SHOPSPACE_API_URL: setting({
    schema: url(['http:', 'https:']).default('http://127.0.0.1:4000/graphql'),
    shown: 'http://127.0.0.1:4000/graphql',
    meaning: 'The API’s GraphQL URL, as the console calls it server-side.',
    processes: ['console'],
  }),
  SHOPSPACE_CONSOLE: setting({
    schema: flag.default(true),
    shown: '1',
    meaning: '`pnpm start` serves the console too (0: API and worker only).',
    processes: ['start'],
  }),
  SHOPSPACE_DEMO: setting({
    schema: flag.default(true),
    shown: '1',
    meaning: '`pnpm start` seeds the demo tenant, trains, aligns and runs its experiment (0: an empty product).',
    processes: ['start'],
  }),
  SHOPSPACE_DEMO_DATA: setting({
    schema: path('data/online-retail/online-retail.csv.gz'),
    shown: 'data/online-retail/online-retail.csv.gz',
    meaning: 'The Online Retail file the demo imports.',
    processes: ['start'],
  }),
} as const;

export type SettingName = keyof typeof SETTINGS;
type Value<N extends SettingName> = z.output<(typeof SETTINGS)[N]['schema']>;
export type Settings<N extends SettingName> = { readonly [K in N]: Value<K> };

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** The settings `names` from `source` (process.env), or a SettingsError naming the first bad one. */
export function readSettings<const N extends SettingName>(
  names: readonly N[],
  source: Readonly<Record<string, string | undefined>> = process.env,
): Settings<N> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const raw = source[name];
    const value = raw === '' ? undefined : raw;
    const parsed = SETTINGS[name].schema.safeParse(value);
    if (!parsed.success) {
      const why = parsed.error.issues[0]?.message ?? 'is not valid';
      throw new SettingsError(`invalid setting ${name}=${JSON.stringify(raw)}: ${why}`);
    }
    out[name] = parsed.data;
  }
  return out as Settings<N>;
}

/** Every setting a process reads. */
export function settingsOf(process: Process): SettingName[] {
  return (Object.keys(SETTINGS) as SettingName[]).filter((n) => SETTINGS[n].processes.includes(process));
}

/** The README's settings table (Markdown). */
export function settingsTable(): string {
  const rows = (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const s = SETTINGS[name];
    return `| \`${name}\` | ${s.shown.startsWith('(') ? s.shown : `\`${s.shown}\``} | ${s.processes.join(', ')} | ${s.meaning} |`;
  });
  return ['| setting | default | read by | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
