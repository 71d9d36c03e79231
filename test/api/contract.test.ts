// The served schema keeps every operation of the public contract (../shared/api/contract.graphql): no breaking
// change between the two, and the checked-in copy is the contract verbatim.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { typeDefs } from '../../apps/api/src/graphql/schema.ts';

const contract = readFileSync(new URL('../../../shared/api/contract.graphql', import.meta.url), 'utf8');

describe('public contract', () => {
  it('is copied verbatim into the API', () => {
    expect(typeDefs[0]).toBe(contract);
  });

  it('has no breaking change in the served schema', () => {
    const served = buildSchema(typeDefs.join('\n'));
    expect(findBreakingChanges(buildSchema(contract), served)).toEqual([]);
  });
});
