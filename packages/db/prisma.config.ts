// Prisma CLI configuration. Only `prisma generate` is run here (offline); migrations are diffed and applied by
// packages/db/src/migrate, because the CLI's migrate commands need a native engine these machines cannot download.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: { url: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/shopspace' },
});
