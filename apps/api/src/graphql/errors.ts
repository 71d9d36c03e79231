// The one place errors become GraphQL `extensions.code`: domain codes pass through, GraphQL's own parse and
// validation failures are the caller's bad input, and anything unexpected is INTERNAL_SERVER_ERROR with its
// message hidden from the client and logged with the request id.

import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '@shopspace/domain';
import type { Logger } from '@shopspace/ops';

export const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
]);

const CALLER_FAULTS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
      };
    }
    const code = typeof formatted.extensions?.['code'] === 'string' ? formatted.extensions['code'] : undefined;
    if (code && CONTRACT_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    if (code && CALLER_FAULTS.has(code)) {
      // Our own limits say which one refused the request (QUERY_TOO_COSTLY, TOO_MANY_ROOT_FIELDS, …).
      const own = formatted.extensions?.['reason'];
      return { ...formatted, extensions: { code: 'BAD_USER_INPUT', reason: typeof own === 'string' ? own : code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error answered as INTERNAL_SERVER_ERROR');
    return {
      message: 'internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
