// Opening the database: PostgreSQL through a pg pool, or the embedded PGlite fallback for a zero-setup start.
// Both give a Prisma client (driver adapter, no native engine) and a raw SQL client for the bulk paths.

import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export type { PrismaClient };

/** The raw SQL the bulk paths need; node-pg and PGlite both serialise JS arrays as PostgreSQL arrays. */
export interface SqlClient {
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly prisma: PrismaClient;
  readonly sql: SqlClient;
  close(): Promise<void>;
}

// int8 (counts, bigint ids) as JS numbers: every count here stays far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgres',
    prisma,
    sql: {
      async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
        const result = await pool.query<T>(sql, params);
        return result.rows;
      },
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** True when a PostgreSQL server answers at `url` within the timeout. */
export async function canConnect(url: string, timeoutMs = 1_500): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
