// A database of its own for one test file: cloned from the migrated template (made on first use), dropped
// afterwards.

import { randomBytes } from 'node:crypto';
import { dropDatabase, openPostgres, type Database } from '@shopspace/db';
import { TEST_PG_SERVER, templateName } from './env.ts';
import { cloneTemplate } from './template.ts';

export interface TestDatabase {
  readonly url: string;
  readonly db: Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 'file'): Promise<TestDatabase> {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const url = new URL(TEST_PG_SERVER);
  url.pathname = `/shopspace_test_${safe}_${randomBytes(4).toString('hex')}`;
  await cloneTemplate(TEST_PG_SERVER, templateName(), url.toString());
  const db = openPostgres(url.toString(), { max: 5 });
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.close();
      await dropDatabase(url.toString());
    },
  };
}
