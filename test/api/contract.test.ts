// The served schema keeps every operation of the public contract (apps/api/src/schema/contract.graphql, the
// contract as published, pinned by its digest): no breaking change between the two, and the contract is served
// verbatim.

import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { typeDefs } from '../../apps/api/src/graphql/schema.ts';

const contract = readFileSync(new URL('../../apps/api/src/schema/contract.graphql', import.meta.url), 'utf8');
/** sha256 of the published contract: an edit of the checked-in copy fails here, not in a client. */
const PUBLISHED = '4ad0d70f677d3421a5f646782d0efd1f9c1d6e9d69706f0c6e0b89791b02b458';

describe('public contract', () => {
  it('is the published contract, unedited', () => {
    expect(createHash('sha256').update(contract).digest('hex')).toBe(PUBLISHED);
  });

  it('is served verbatim', () => {
    expect(typeDefs[0]).toBe(contract);
  });

  it('has no breaking change in the served schema', () => {
    const served = buildSchema(typeDefs.join('\n'));
    expect(findBreakingChanges(buildSchema(contract), served)).toEqual([]);
  });
});
