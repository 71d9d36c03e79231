// An Apollo plugin that notes, per request, what the access log and the metrics need: the root fields the
// operation selected (a bounded label, unlike the client's operationName) and the codes of the errors answered.

import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';

export interface Observed {
  operation: string;
  readonly codes: string[];
}

export const newObserved = (): Observed => ({ operation: 'graphql', codes: [] });

function rootFields(operation: OperationDefinitionNode): string {
  const names = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
  const unique = [...new Set(names)].sort();
  if (unique.length === 0) return operation.operation;
  return unique.length > 2 ? `${unique.slice(0, 2).join(',')}+${unique.length - 2}` : unique.join(',');
}

export function observePlugin(): ApolloServerPlugin<{ observed: Observed }> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, contextValue }) {
          if (operation) contextValue.observed.operation = rootFields(operation);
          return Promise.resolve();
        },
        willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return Promise.resolve();
          for (const error of response.body.singleResult.errors ?? []) {
            const code = error.extensions?.['code'];
            contextValue.observed.codes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
          }
          return Promise.resolve();
        },
      });
    },
  };
}
