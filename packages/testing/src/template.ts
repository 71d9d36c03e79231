// The migrated template database that test databases are cloned from, made on first use rather than before every
// run: a run of pure tests never contacts PostgreSQL. Every test process may race to make it, and other runs
// (other worktrees on the same server) may be cloning it, so making it and cloning it are serialised by a
// PostgreSQL advisory lock: exclusive to make or check it, shared to clone it.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readMigrations } from '../../db/src/migrate/apply.ts';
import { MIGRATIONS_DIR, deployPostgres, dropDatabase, ensureDatabase, quoteIdent } from '@shopspace/db';

/** Advisory lock key of the template (not the migration runner's, which the deploy takes inside it). */
const TEMPLATE_LOCK_KEY = 0x5e57_7e11;
/** Set on the template once fully migrated: a half-made template from an interrupted run lacks it. */
const READY_COMMENT = 'shopspace test template: migrated';
const CONNECT_TIMEOUT_MS = 5_000;

/** The part of pg's Client used here, typed locally: @types/pg is a dependency of @shopspace/db only. */
interface PgClient {
  connect(): Promise<unknown>;
  query<R>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
const load = createRequire(import.meta.url);
const { Client } = load('pg') as {
  Client: new (config: { connectionString: string; connectionTimeoutMillis: number }) => PgClient;
};

/** The template's name: one per migration set, so a new migration gets a fresh template. */
export async function templateDatabaseName(): Promise<string> {
  const migrations = await readMigrations(MIGRATIONS_DIR);
  const digest = createHash('sha256')
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  return `shopspace_test_tpl_${digest}`;
}

const withDatabase = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** A connection to the server's maintenance database, or an error that says what a test needs and where. */
async function connectAdmin(serverUrl: string): Promise<PgClient> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const url = new URL(serverUrl);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL at ${url.host} is unreachable (${reason}). This test file needs a database; start PostgreSQL ` +
        `or point TEST_DATABASE_SERVER at one. Tests that use only the in-memory fakes do not need it.`,
      { cause: error },
    );
  }
}

/** Makes (or finishes) the template under the exclusive lock; a no-op once the template says it is ready. */
async function prepareTemplate(admin: PgClient, serverUrl: string, name: string): Promise<void> {
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
  try {
    // Read from the maintenance database: connecting to the template would block other processes' clones.
    const { rows } = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    if (rows[0]?.comment === READY_COMMENT) return;
    const url = withDatabase(serverUrl, name);
    try {
      await deployPostgres(url);
    } catch {
      // A half-made template from an interrupted run: start it again.
      await dropDatabase(url);
      await deployPostgres(url);
    }
    await admin.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS '${READY_COMMENT}'`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
  }
}

/** 55006: the template is being accessed (a run with the old eager setup may be checking it). */
const isTemplateBusy = (error: unknown): boolean => (error as { code?: string }).code === '55006';

/**
 * Creates `databaseUrl` as a clone of the template, making the template first if this server has none yet.
 * Throws a plain explanation when PostgreSQL is unreachable.
 */
export async function cloneTemplate(serverUrl: string, templateName: string, databaseUrl: string): Promise<void> {
  const admin = await connectAdmin(serverUrl);
  try {
    await prepareTemplate(admin, serverUrl, templateName);
    await admin.query('SELECT pg_advisory_lock_shared($1)', [TEMPLATE_LOCK_KEY]);
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureDatabase(databaseUrl, templateName);
        return;
      } catch (error) {
        if (!isTemplateBusy(error) || attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    // Ending the session releases the shared lock.
    await admin.end().catch(() => undefined);
  }
}
