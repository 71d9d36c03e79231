// The migration runner against a real, throwaway PostgreSQL database and against in-memory PGlite (the product's
// fallback), checking Prisma-compatible bookkeeping, idempotence, locking and the refusals.
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, migrationChecksum, pgExecutor, pgliteExecutor, readMigrations } from './apply.ts';

const SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../prisma/migrations', import.meta.url));
const EXPECTED_TABLES = ['tenants', 'shops', 'api_keys', 'items', 'events', 'import_jobs'];

const dbName = `shopspace_test_migrate_${process.pid}_${randomBytes(4).toString('hex')}`;
const clients: pg.Client[] = [];
let scratchDir: string;

async function connect(database: string): Promise<pg.Client> {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  clients.push(client);
  return client;
}

/** A private copy of the migrations folder that a test may tamper with. */
async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(join(scratchDir, 'migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function tableNames(query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<string[]> {
  const { rows } = await query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
  return rows.map((row) => String(row['table_name']));
}

beforeAll(async () => {
  scratchDir = await mkdtemp(join(tmpdir(), 'shopspace-migrate-'));
  const admin = await connect('postgres');
  await admin.query(`CREATE DATABASE "${dbName}"`);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
  await rm(scratchDir, { recursive: true, force: true });
});

describe('applyMigrations on PostgreSQL', () => {
  it('finds at least the init migration', async () => {
    const local = await readMigrations(MIGRATIONS_DIR);
    expect(local.length).toBeGreaterThan(0);
    expect(local[0]?.name).toMatch(/^\d{14}_init$/);
  });

  it('applies every migration once even when two processes start together', async () => {
    const [a, b] = await Promise.all([connect(dbName), connect(dbName)]);
    const results = await Promise.all([
      applyMigrations(pgExecutor(a), MIGRATIONS_DIR),
      applyMigrations(pgExecutor(b), MIGRATIONS_DIR),
    ]);
    const names = (await readMigrations(MIGRATIONS_DIR)).map((m) => m.name);
    // The advisory lock serialises them: one applies everything, the other finds nothing left to do.
    expect(results.map((r) => r.applied).sort((x, y) => y.length - x.length)).toEqual([names, []]);
  });

  it('creates the schema and records one finished row per migration, as Prisma does', async () => {
    const client = await connect(dbName);
    expect(await tableNames((sql) => client.query(sql))).toEqual(
      expect.arrayContaining([...EXPECTED_TABLES, '_prisma_migrations']),
    );
    const local = await readMigrations(MIGRATIONS_DIR);
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs, applied_steps_count
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(local.length);
    for (const [i, migration] of local.entries()) {
      expect(rows[i]).toMatchObject({
        migration_name: migration.name,
        checksum: migrationChecksum(migration.sql),
        rolled_back_at: null,
        logs: null,
        applied_steps_count: 1,
      });
      expect(rows[i]?.['id']).toHaveLength(36);
      expect(rows[i]?.['finished_at']).toBeInstanceOf(Date);
    }
  });

  it('is a no-op the second time', async () => {
    const client = await connect(dbName);
    const count = 'SELECT count(*)::int AS n FROM _prisma_migrations';
    const before = await client.query<{ n: number }>(count);
    expect(await applyMigrations(pgExecutor(client), MIGRATIONS_DIR)).toEqual({ applied: [] });
    const after = await client.query<{ n: number }>(count);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('refuses when an applied migration file was edited, naming it', async () => {
    const dir = await copyMigrations();
    const first = (await readMigrations(dir))[0]!;
    await appendFile(join(dir, first.name, 'migration.sql'), '\n-- edited after the fact\n');
    const client = await connect(dbName);
    await expect(applyMigrations(pgExecutor(client), dir)).rejects.toThrow(
      new RegExp(`${first.name}.*modified after it was applied`),
    );
  });

  it('rolls back a failing migration completely and leaves no record of it', async () => {
    const dir = await copyMigrations();
    const name = '99990101000000_broken';
    await mkdir(join(dir, name));
    await writeFile(
      join(dir, name, 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INT);\nALTER TABLE "no_such_table" ADD COLUMN "x" INT;\n',
    );
    const client = await connect(dbName);
    await expect(applyMigrations(pgExecutor(client), dir)).rejects.toThrow(/99990101000000_broken.*rolled back/);
    expect(await tableNames((sql) => client.query(sql))).not.toContain('half_done');
    const { rowCount } = await client.query('SELECT 1 FROM _prisma_migrations WHERE migration_name = $1', [name]);
    expect(rowCount).toBe(0);
    // The lock was released despite the failure: a normal run still goes through.
    expect(await applyMigrations(pgExecutor(client), MIGRATIONS_DIR)).toEqual({ applied: [] });
  });

  it('accepts an applied file whose line endings were converted (git autocrlf)', async () => {
    const dir = await copyMigrations();
    for (const migration of await readMigrations(dir)) {
      await writeFile(join(dir, migration.name, 'migration.sql'), migration.sql.replace(/\n/g, '\r\n'));
    }
    const client = await connect(dbName);
    expect(await applyMigrations(pgExecutor(client), dir)).toEqual({ applied: [] });
  });

  it('runs a script with its own BEGIN/COMMIT unwrapped and records it', async () => {
    const dir = await copyMigrations();
    const name = '99990102000000_own_transaction';
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), 'BEGIN;\nCREATE TABLE "own_tx" ("id" INT);\nCOMMIT;\n');
    const client = await connect(dbName);
    expect(await applyMigrations(pgExecutor(client), dir)).toEqual({ applied: [name] });
    const { rows } = await client.query<{ finished: boolean }>(
      'SELECT finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE migration_name = $1',
      [name],
    );
    expect(rows).toEqual([{ finished: true }]);
  });

  it('refuses to continue after a failed migration recorded with finished_at null', async () => {
    const client = await connect(dbName);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ($1, $2, $3, 'boom')`,
      ['00000000-0000-4000-8000-000000000001', 'x'.repeat(64), '99990101000000_failed'],
    );
    try {
      await expect(applyMigrations(pgExecutor(client), MIGRATIONS_DIR)).rejects.toThrow(
        /99990101000000_failed failed in an earlier run/,
      );
    } finally {
      await client.query(`DELETE FROM _prisma_migrations WHERE migration_name = '99990101000000_failed'`);
    }
  });
});

describe('applyMigrations on in-memory PGlite', () => {
  it('applies the same migrations and is idempotent', async () => {
    const db = new PGlite();
    try {
      const names = (await readMigrations(MIGRATIONS_DIR)).map((m) => m.name);
      expect(await applyMigrations(pgliteExecutor(db), MIGRATIONS_DIR)).toEqual({ applied: names });
      expect(await tableNames((sql) => db.query(sql))).toEqual(expect.arrayContaining(EXPECTED_TABLES));
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL',
      );
      expect(rows[0]?.n).toBe(names.length);
      expect(await applyMigrations(pgliteExecutor(db), MIGRATIONS_DIR)).toEqual({ applied: [] });
    } finally {
      await db.close();
    }
  });
});
