// Where tests find the machine's services. The only process.env reads of the test helpers.

export const TEST_PG_SERVER = process.env['TEST_DATABASE_SERVER'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const TEMPLATE_ENV = 'SHOPSPACE_TEST_TEMPLATE_DB';
export const templateName = (): string => {
  const name = process.env[TEMPLATE_ENV];
  if (!name) throw new Error(`${TEMPLATE_ENV} is not set: run tests through vitest (globalSetup names the template)`);
  return name;
};
