// Drift check: prisma/schema.prisma must be fully described by the committed migrations; when this fails, run
// `pnpm db:diff <name>` and commit the new migration.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffSchemaAgainstMigrations, migrationSlug, migrationTimestamp } from './diff.ts';

const SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const root = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

describe('migrations', () => {
  it('match prisma/schema.prisma (no drift)', async () => {
    const sql = await diffSchemaAgainstMigrations({
      serverUrl: SERVER_URL,
      schemaPath: root('prisma/schema.prisma'),
      migrationsDir: root('prisma/migrations'),
    });
    expect(sql).toBe('');
  });
});

describe('migration folder names', () => {
  it('use a UTC timestamp and a safe slug', () => {
    expect(migrationTimestamp(new Date('2025-03-04T05:06:07.890Z'))).toBe('20250304050607');
    expect(migrationSlug(' Add item colour! ')).toBe('add_item_colour');
    expect(() => migrationSlug('!!')).toThrow(/Invalid migration name/);
  });
});
