// vitest globalSetup: names the template database for this migration set and nothing more. The template itself
// is made on first use by createTestDatabase (template.ts), so a run that selects only pure test files never
// contacts PostgreSQL, and one that needs it fails only in the files that do, saying why.

import { TEMPLATE_ENV } from './env.ts';
import { templateDatabaseName } from './template.ts';

export default async function setup(): Promise<void> {
  process.env[TEMPLATE_ENV] = await templateDatabaseName();
}
