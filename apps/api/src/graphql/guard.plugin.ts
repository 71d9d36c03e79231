// Per-caller checks that need the parsed operation and so cannot be validation rules (Apollo validates a
// document once and then serves it from its document cache, whoever calls): introspection only for trusted
// callers when so configured, and the operation's cost charged to the calling key's token bucket.

import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import type { Principal } from '@shopspace/domain';
import { operationCost } from './limits.ts';

export interface CostLimit {
  take(
    tenantId: string,
    keyId: string,
    cost: number,
    ratePerSecond: number,
    burst: number,
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface GuardOptions {
  /** `all`: anyone may introspect; `trusted`: the operator and secret keys only. */
  readonly introspection: 'all' | 'trusted';
  readonly costLimiter?: CostLimit;
  /** Cost units a key may spend per second (0: no cost limit). */
  readonly costPerSecond: number;
  /** The bucket's size: the most a key can spend at once (at least the largest cost one query may have). */
  readonly costBurst: number;
}

const introspects = new WeakMap<DocumentNode, boolean>();

/** Whether the document selects `__schema` or `__type` anywhere (`__typename` is not introspection). */
export function usesIntrospection(document: DocumentNode): boolean {
  const known = introspects.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  introspects.set(document, found);
  return found;
}

const trusted = (p: Principal): boolean => p.kind === 'operator' || (p.kind === 'key' && p.keyKind === 'SECRET');

export function guardPlugin(options: GuardOptions): ApolloServerPlugin<{ principal: Principal }> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async didResolveOperation({ document, operation, contextValue, schema }) {
          const { principal } = contextValue;
          if (options.introspection === 'trusted' && !trusted(principal) && usesIntrospection(document)) {
            throw new GraphQLError('introspection is off for publishable keys and anonymous callers', {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            });
          }
          if (!options.costLimiter || options.costPerSecond <= 0 || principal.kind !== 'key' || !operation) return;
          const { cost } = operationCost(schema, document, operation);
          const decision = await options.costLimiter.take(
            principal.tenantId,
            principal.keyId,
            Math.min(Math.max(cost, 1), options.costBurst),
            options.costPerSecond,
            options.costBurst,
          );
          if (decision.allowed) return;
          throw new GraphQLError(
            `query cost ${cost} is over this API key's remaining budget (${options.costPerSecond} per second); slow down`,
            {
              extensions: {
                code: 'RATE_LIMITED',
                reason: 'COST_BUDGET',
                http: {
                  status: 429,
                  headers: new HeaderMap([['retry-after', String(decision.retryAfterSeconds)]]),
                },
              },
            },
          );
        },
      });
    },
  };
}
