// vitest globalSetup: migrates one template database per migration set, once per run. Each test file then
// clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds instead of re-running migrations.

import { createHash } from 'node:crypto';
import { readMigrations } from '../../db/src/migrate/apply.ts';
import { MIGRATIONS_DIR, deployPostgres, dropDatabase } from '@shopspace/db';
import { TEMPLATE_ENV, TEST_PG_SERVER } from './env.ts';

export default async function setup(): Promise<void> {
  const migrations = await readMigrations(MIGRATIONS_DIR);
  const digest = createHash('sha256')
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const name = `shopspace_test_tpl_${digest}`;
  const url = new URL(TEST_PG_SERVER);
  url.pathname = `/${name}`;
  try {
    await deployPostgres(url.toString());
  } catch {
    // A half-made template from an interrupted run: start it again.
    await dropDatabase(url.toString());
    await deployPostgres(url.toString());
  }
  process.env[TEMPLATE_ENV] = name;
}
