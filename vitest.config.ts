// One vitest run for the whole workspace: pure tests beside the source, adapter and end-to-end tests under test/.
// Test files that touch PostgreSQL or Redis get their own database and key prefix (packages/testing).
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CJS ("main") and ESM ("module") builds without an exports map: Node (and so Apollo Server,
// which vitest leaves to Node) loads the CJS one, while vite would pick the ESM one for our sources. Two
// instances break schema checks, so everything gets the build Node loads.
const graphqlEntry = createRequire(new URL('./apps/api/package.json', import.meta.url)).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
