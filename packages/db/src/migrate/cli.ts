// `tsx packages/db/src/migrate/cli.ts deploy | diff <name>`: the offline stand-in for `prisma migrate deploy`
// and `prisma migrate dev --create-only` (behind `pnpm db:migrate` and `pnpm db:diff`).
import { join, relative } from 'node:path';
import { MIGRATIONS_DIR as migrationsDir, SCHEMA_PATH as schemaPath, deployPostgres, serverUrl } from './deploy.ts';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/shopspace';
async function deploy(databaseUrl: string): Promise<void> {
  const { created, applied } = await deployPostgres(databaseUrl);
  if (created) console.log(`created database ${new URL(databaseUrl).pathname.slice(1)}`);
  if (applied.length === 0) console.log('no pending migrations');
  for (const name of applied) console.log(`applied ${name}`);
}

async function diff(databaseUrl: string, name: string | undefined): Promise<void> {
  if (name === undefined) throw new Error('usage: cli.ts diff <name>');
  // Loaded lazily: the wasm engine is a dev dependency that production deploys do not need.
  const { createMigration } = await import('./diff.ts');
  const { directory } = await createMigration({ serverUrl: serverUrl(databaseUrl), schemaPath, migrationsDir, name });
  console.log(directory === null ? 'no changes' : `wrote ${relative(process.cwd(), join(directory, 'migration.sql'))}`);
}

async function main(argv: string[]): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  const [command, ...rest] = argv;
  if (command === 'deploy') return deploy(databaseUrl);
  if (command === 'diff') return diff(databaseUrl, rest[0]);
  throw new Error(`usage: cli.ts deploy | diff <name>   (got ${command ?? 'nothing'})`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
