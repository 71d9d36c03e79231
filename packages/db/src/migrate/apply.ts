// Applies prisma/migrations/*/migration.sql to PostgreSQL or PGlite without Prisma's native engine, keeping
// Prisma's own `_prisma_migrations` bookkeeping so `prisma migrate status/deploy` agree wherever they can run.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { PGliteInterface } from '@electric-sql/pglite';

/** The two calls the runner needs; a `pg` client (via pgExecutor) and a PGlite instance both provide them. */
export interface SqlExecutor {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Runs a script of several statements (simple query protocol, no parameters). */
  exec(sql: string): Promise<void>;
}

export interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

/** Same key as Prisma's schema engine, so this runner and the Prisma CLI also exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export function pgExecutor(client: pg.ClientBase): SqlExecutor {
  return {
    async query(sql, params) {
      const result = await client.query(sql, params);
      return { rows: result.rows as Record<string, unknown>[] };
    },
    async exec(sql) {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

/** PGlite's own query/exec already have this shape; the wrapper only drops exec's result sets. */
export function pgliteExecutor(db: PGliteInterface): SqlExecutor {
  return {
    query: (sql, params) => db.query<Record<string, unknown>>(sql, params),
    async exec(sql) {
      await db.exec(sql);
    },
  };
}

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Like Prisma, tolerate line-ending conversions (git autocrlf) so a Windows checkout is not "edited". */
function checksumMatches(sql: string, recorded: string): boolean {
  const lf = sql.replace(/\r\n/g, '\n');
  return [sql, lf, lf.replace(/\n/g, '\r\n')].some((variant) => migrationChecksum(variant) === recorded);
}

/** Migration folders in name order (the timestamp prefix makes that chronological), as Prisma reads them. */
export async function readMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const migrations: LocalMigration[] = [];
  for (const name of names) {
    let sql: string;
    try {
      sql = await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    migrations.push({ name, sql, checksum: migrationChecksum(sql) });
  }
  return migrations;
}

/**
 * Prisma's generated scripts for some enum changes carry their own BEGIN/COMMIT; wrapping those in ours would let
 * their COMMIT end our transaction half way, so such scripts run unwrapped and are recorded Prisma-style.
 */
function managesOwnTransaction(sql: string): boolean {
  // Not END: a plpgsql body's `END;` would match it.
  return /^\s*(BEGIN|START\s+TRANSACTION|COMMIT)\s*;/im.test(sql);
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function applyOne(exec: SqlExecutor, migration: LocalMigration): Promise<void> {
  const id = randomUUID();
  const insert = `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count")
    VALUES ($1, $2, $3, now(), 0)`;
  const finish = `UPDATE "_prisma_migrations" SET "finished_at" = now(), "applied_steps_count" = 1 WHERE "id" = $1`;
  const params = [id, migration.checksum, migration.name];

  if (managesOwnTransaction(migration.sql)) {
    // A failure here may leave part of the script applied, so record the attempt first, as Prisma does.
    await exec.query(insert, params);
    try {
      await exec.exec(migration.sql);
    } catch (error) {
      await exec.query(`UPDATE "_prisma_migrations" SET "logs" = $2 WHERE "id" = $1`, [id, describe(error)]);
      throw new Error(`Migration ${migration.name} failed and may be partly applied: ${describe(error)}`, {
        cause: error,
      });
    }
    await exec.query(finish, [id]);
    return;
  }

  // Row and script share one transaction: a failure rolls back both, so nothing is half-applied and a fixed
  // migration can simply be deployed again.
  await exec.exec('BEGIN');
  try {
    await exec.query(insert, params);
    await exec.exec(migration.sql);
    await exec.query(finish, [id]);
    await exec.exec('COMMIT');
  } catch (error) {
    await exec.exec('ROLLBACK').catch(() => undefined);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${describe(error)}`, { cause: error });
  }
}

/**
 * Applies every migration under migrationsDir that the database has not recorded yet, in name order. Refuses to
 * start if an applied migration's file changed or a previous attempt failed; applied migrations missing on disk
 * are ignored so an older release can still start against a newer database.
 */
export async function applyMigrations(exec: SqlExecutor, migrationsDir: string): Promise<{ applied: string[] }> {
  const local = await readMigrations(migrationsDir);
  // Session-level lock: a second process waits here, then finds everything applied.
  await exec.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await exec.exec(MIGRATIONS_TABLE_DDL);
    const { rows } = await exec.query(
      `SELECT "id", "checksum", "migration_name", "finished_at", "rolled_back_at"
         FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL ORDER BY "started_at"`,
    );
    const recorded = rows as unknown as MigrationRow[];

    const failed = recorded.filter((row) => row.finished_at === null);
    if (failed.length > 0) {
      const names = failed.map((row) => row.migration_name).join(', ');
      throw new Error(
        `Migration ${names} failed in an earlier run (finished_at is null in _prisma_migrations); refusing to ` +
          `apply more. Check the database by hand, then mark it rolled back ` +
          `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '...') and deploy again.`,
      );
    }

    const done = new Map(recorded.map((row) => [row.migration_name, row]));
    const edited = local.filter((m) => {
      const row = done.get(m.name);
      return row !== undefined && !checksumMatches(m.sql, row.checksum);
    });
    if (edited.length > 0) {
      throw new Error(
        `Migration ${edited.map((m) => m.name).join(', ')} was modified after it was applied (checksum differs ` +
          `from _prisma_migrations); refusing to continue. Restore the applied file and put changes in a new migration.`,
      );
    }

    const applied: string[] = [];
    for (const migration of local) {
      if (done.has(migration.name)) continue;
      await applyOne(exec, migration);
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    // Never let a failed unlock hide the real error; the lock also ends with the session.
    await exec.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
}
