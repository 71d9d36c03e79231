// The embedded fallback: PGlite (PostgreSQL compiled to WebAssembly) in a data directory, for `pnpm start` on a
// machine with no PostgreSQL server. One process owns it, so the start script runs the API and worker together.

import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/prisma/client.ts';
import type { Database } from './database.ts';
import { deployPglite } from './migrate/deploy.ts';

export async function openPglite(dataDir: string): Promise<Database> {
  const pglite = await PGlite.create(dataDir);
  await deployPglite(pglite);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: 'pglite',
    prisma,
    sql: {
      async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
        const result = await pglite.query<T>(sql, params);
        return result.rows;
      },
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
