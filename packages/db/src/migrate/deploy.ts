// Deploying migrations to a PostgreSQL server (creating the database first if needed) or to an embedded PGlite.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { PGliteInterface } from '@electric-sql/pglite';
import { applyMigrations, pgExecutor, pgliteExecutor, readMigrations } from './apply.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SCHEMA_PATH = join(repoRoot, 'prisma/schema.prisma');
export const MIGRATIONS_DIR = join(repoRoot, 'prisma/migrations');

/** The maintenance database on the same server, for CREATE/DROP DATABASE. */
export function serverUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Creates the URL's database if it does not exist; returns true when it created it. */
export async function ensureDatabase(databaseUrl: string, template?: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (name === '') throw new Error(`DATABASE_URL has no database name: ${databaseUrl}`);
  const admin = new pg.Client({ connectionString: serverUrl(databaseUrl) });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount !== 0) return false;
    const from = template ? ` TEMPLATE ${quoteIdent(template)}` : '';
    return await admin.query(`CREATE DATABASE ${quoteIdent(name)}${from}`).then(
      () => true,
      (error: { code?: string }) => {
        // 42P04: another process created it between our check and our CREATE.
        if (error.code === '42P04') return false;
        throw error;
      },
    );
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const admin = new pg.Client({ connectionString: serverUrl(databaseUrl) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function deployPostgres(databaseUrl: string): Promise<{ created: boolean; applied: string[] }> {
  const created = await ensureDatabase(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { applied } = await applyMigrations(pgExecutor(client), MIGRATIONS_DIR);
    return { created, applied };
  } finally {
    await client.end();
  }
}

export async function deployPglite(db: PGliteInterface): Promise<{ applied: string[] }> {
  return applyMigrations(pgliteExecutor(db), MIGRATIONS_DIR);
}

/**
 * The checked-in migrations the database has not finished applying (all of them when it has none), so a
 * process can refuse to start against a database older than its code.
 */
export async function pendingMigrations(sql: {
  query<T extends Record<string, unknown>>(q: string): Promise<T[]>;
}): Promise<string[]> {
  const local = (await readMigrations(MIGRATIONS_DIR)).map((m) => m.name);
  const [table] = await sql.query<{ exists: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`,
  );
  if (!table?.exists) return local;
  const rows = await sql.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(rows.map((r) => r.migration_name));
  return local.filter((name) => !done.has(name));
}
