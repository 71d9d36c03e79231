// The real API over HTTP for a test file: its own database and Redis prefix, listening on a free port.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApi, type ApiDependencies, type ComposedApi } from '@shopspace/api';
import { FilesystemArtifactStore } from '@shopspace/artifacts';
import { createLogger } from '@shopspace/ops';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { createTestRedis, type TestRedis } from './redis.ts';

export const TEST_OPERATOR_TOKEN = 'test-operator-token-0123456789';

export interface GraphQLResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly data: T | null | undefined;
  readonly errors:
    Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> | undefined;
}

export interface TestApi {
  readonly url: string;
  readonly database: TestDatabase;
  readonly redis: TestRedis;
  readonly api: ComposedApi;
  /** Model artifacts of this test file (a temporary directory). */
  readonly artifactsDir: string;
  gql<T = Record<string, any>>(
    key: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResult<T>>;
  /** POSTs a file body to the bulk import endpoint; returns the HTTP status and the parsed JSON answer. */
  upload(
    key: string | null,
    shopId: string,
    kind: 'items' | 'events',
    body: string | Uint8Array,
    params?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  /** The first error's code, or null when the call succeeded. */
  code(result: GraphQLResult<unknown>): string | null;
  close(): Promise<void>;
}

export async function startTestApi(
  label: string,
  options: {
    rateLimitPerSecond?: number;
    debounceMs?: number;
    reconcileIntervalMs?: number;
    /** Reach the test Redis through this URL instead (a TCP proxy a test can cut off). */
    redisUrl?: string;
  } & Partial<
    Pick<
      ApiDependencies,
      | 'anonymousPerSecond'
      | 'costPerSecond'
      | 'maxCost'
      | 'maxDepth'
      | 'maxRootFields'
      | 'maxTokens'
      | 'introspection'
      | 'trustProxy'
      | 'importMaxBytes'
      | 'importMaxLineLength'
      | 'importLeaseMs'
    >
  > = {},
): Promise<TestApi> {
  const { rateLimitPerSecond, debounceMs, reconcileIntervalMs, redisUrl, ...limits } = options;
  const database = await createTestDatabase(label);
  const redis = createTestRedis(label, redisUrl);
  const artifactsDir = mkdtempSync(join(tmpdir(), `shopspace-artifacts-${label}-`));
  const api = await composeApi({
    artifacts: new FilesystemArtifactStore(artifactsDir),
    db: database.db,
    redis: redis.redis,
    redisPrefix: redis.prefix,
    operatorToken: TEST_OPERATOR_TOKEN,
    rateLimitPerSecond: rateLimitPerSecond ?? 0,
    ...limits,
    ...(debounceMs ? { debounceMs } : {}),
    ...(reconcileIntervalMs !== undefined ? { reconcileIntervalMs } : {}),
    // Unexpected server errors reach the test output, where a failing assertion needs them.
    logger: createLogger('api', 'warn'),
  });
  const url = await api.server.listen(0, '127.0.0.1');
  return {
    url,
    database,
    redis,
    api,
    artifactsDir,
    async gql(key, query, variables) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: GraphQLResult['errors'] };
      return { status: res.status, data: body.data, errors: body.errors };
    },
    async upload(key, shopId, kind, body, params = {}) {
      const search = new URLSearchParams(params).toString();
      const res = await fetch(
        `${url}/v1/shops/${encodeURIComponent(shopId)}/imports/${kind}${search ? `?${search}` : ''}`,
        {
          method: 'POST',
          headers: key ? { authorization: `Bearer ${key}` } : {},
          body,
        },
      );
      return { status: res.status, body: await res.json() };
    },
    code(result) {
      const code = result.errors?.[0]?.extensions?.['code'];
      return typeof code === 'string' ? code : null;
    },
    async close() {
      await api.close();
      await redis.cleanup();
      await database.drop();
      rmSync(artifactsDir, { recursive: true, force: true });
    },
  };
}
