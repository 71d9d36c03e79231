// The API's request limits as its settings give them, for `pnpm start:api` and `pnpm start` alike.

import type { Settings } from '@shopspace/settings';
import type { ApiDependencies } from './compose.ts';

type LimitSettings = Settings<
  | 'RATE_LIMIT_PER_SECOND'
  | 'RATE_LIMIT_ANONYMOUS_PER_SECOND'
  | 'RATE_LIMIT_COST_PER_SECOND'
  | 'TRUST_PROXY'
  | 'GRAPHQL_MAX_TOKENS'
  | 'GRAPHQL_MAX_DEPTH'
  | 'GRAPHQL_MAX_COST'
  | 'GRAPHQL_MAX_ROOT_FIELDS'
  | 'GRAPHQL_INTROSPECTION'
  | 'IMPORT_MAX_BYTES'
  | 'IMPORT_MAX_LINE_LENGTH'
  | 'IMPORT_LEASE_MS'
>;

export function requestLimits(
  s: LimitSettings,
  nodeEnv: string | undefined = process.env['NODE_ENV'],
): Pick<
  ApiDependencies,
  | 'rateLimitPerSecond'
  | 'anonymousPerSecond'
  | 'costPerSecond'
  | 'trustProxy'
  | 'maxTokens'
  | 'maxDepth'
  | 'maxCost'
  | 'maxRootFields'
  | 'introspection'
  | 'importMaxBytes'
  | 'importMaxLineLength'
  | 'importLeaseMs'
> {
  return {
    rateLimitPerSecond: s.RATE_LIMIT_PER_SECOND,
    anonymousPerSecond: s.RATE_LIMIT_ANONYMOUS_PER_SECOND,
    costPerSecond: s.RATE_LIMIT_COST_PER_SECOND,
    trustProxy: s.TRUST_PROXY,
    maxTokens: s.GRAPHQL_MAX_TOKENS,
    maxDepth: s.GRAPHQL_MAX_DEPTH,
    maxCost: s.GRAPHQL_MAX_COST,
    maxRootFields: s.GRAPHQL_MAX_ROOT_FIELDS,
    importMaxBytes: s.IMPORT_MAX_BYTES,
    importMaxLineLength: s.IMPORT_MAX_LINE_LENGTH,
    importLeaseMs: s.IMPORT_LEASE_MS,
    introspection:
      s.GRAPHQL_INTROSPECTION === 'auto' ? (nodeEnv === 'production' ? 'trusted' : 'all') : s.GRAPHQL_INTROSPECTION,
  };
}
