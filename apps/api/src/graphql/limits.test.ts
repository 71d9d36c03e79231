// The query pricer on the served schema, without a server: linear in the document (each fragment summarised
// once, however often it is spread), spreads counted as often as they expand, `__` fields and aliases counted
// like other fields, fragment cycles refused, and the standard introspection query within the limits.

import { describe, expect, it } from 'vitest';
import {
  buildASTSchema,
  concatAST,
  getIntrospectionQuery,
  Kind,
  parse,
  validate,
  type OperationDefinitionNode,
} from 'graphql';
import { DEFAULT_QUERY_LIMITS, DocumentPricer, queryLimits } from './limits.ts';
import { typeDefs } from './schema.ts';

const schema = buildASTSchema(concatAST(typeDefs.map((t) => parse(t))));

function price(query: string) {
  const document = parse(query);
  const pricer = new DocumentPricer(schema, document);
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return { ...pricer.price(op), walked: pricer.walked };
}

/** `fragment F1 on Shop{...F0 ...F0}` … up to F<levels>: 2^levels expansions of F0 in a document of ~40 bytes a level. */
function nestedFragments(levels: number): string {
  const parts = ['query{shops{...F' + levels + '}}', 'fragment F0 on Shop{id}'];
  for (let i = 1; i <= levels; i++) parts.push(`fragment F${i} on Shop{...F${i - 1} ...F${i - 1}}`);
  return parts.join('\n');
}

const rules = [queryLimits(DEFAULT_QUERY_LIMITS)];

describe('DocumentPricer', () => {
  it('prices the 22-level nested-fragment document from one walk per fragment, counting every expansion', () => {
    const r = price(nestedFragments(22));
    // shops (1) + 2^22 expansions of `id` under a list of LIST_GUESS (10) shops.
    expect(r.cost).toBe(1 + 10 * 2 ** 22);
    // The root, shops' selection, and each of the 23 fragments once.
    expect(r.walked).toBe(2 + 23);
    const errors = validate(schema, parse(nestedFragments(22)), rules);
    expect(errors.map((e) => e.extensions['reason'])).toContain('QUERY_TOO_COSTLY');
  });

  it('stays linear far past where doubling would never finish', () => {
    const r = price(nestedFragments(200));
    expect(r.walked).toBe(2 + 201);
    expect(r.cost).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
  });

  it('counts `__typename` and aliases as fields, and root fields through fragments', () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}:__typename`).join(' ');
    const r = price(`{${aliases}}`);
    expect(r.cost).toBe(1000);
    expect(r.rootFields).toBe(1000);
    const viaFragment = price('query{...Q ...Q} fragment Q on Query{a:__typename b:__typename}');
    expect(viaFragment.rootFields).toBe(4);
    const errors = validate(schema, parse(`{${aliases}}`), rules);
    expect(errors.map((e) => e.extensions['reason'])).toEqual(['TOO_MANY_ROOT_FIELDS']);
  });

  it('prices introspection like data: 500 aliases of __schema{types{fields{…}}} are refused', () => {
    const one = price('{__schema{types{fields{name type{name}}}}}');
    expect(one.cost).toBe(1 + 1 + 10 * (1 + 10 * (1 + 1 + 1)));
    const many = Array.from({ length: 500 }, (_, i) => `s${i}:__schema{types{fields{name type{name}}}}`).join(' ');
    const reasons = validate(schema, parse(`{${many}}`), rules).map((e) => e.extensions['reason']);
    expect(reasons).toEqual(expect.arrayContaining(['TOO_MANY_ROOT_FIELDS', 'QUERY_TOO_COSTLY']));
  });

  it('lets the standard introspection query through the default limits', () => {
    const errors = validate(schema, parse(getIntrospectionQuery()), rules);
    expect(errors).toEqual([]);
  });

  it('refuses a fragment cycle without recursing on it', () => {
    const document = parse('query{shops{...A}} fragment A on Shop{...B} fragment B on Shop{id ...A}');
    const reasons = validate(schema, document, rules).map((e) => e.extensions['reason'] ?? e.message);
    expect(reasons).toContain('FRAGMENT_CYCLE');
  });

  it('counts depth through fragments and inline fragments as the selections nest', () => {
    expect(price('{shops{id}}').depth).toBe(2);
    expect(
      price('query{...Q} fragment Q on Query{shops{...S}} fragment S on Shop{items{edges{node{sku}}}}').depth,
    ).toBe(5);
  });
});

describe('page sizes', () => {
  it('counts a recommendation list as its page, not the page times a guess', () => {
    const r = price('{sessionRecommendations(shopId:"s",session:{skus:[]}){requestId items{score item{sku title}}}}');
    // The field, then 10 × (requestId, items, and per item score, item, sku, title).
    expect(r.cost).toBe(1 + 10 * (1 + 1 + 4));
    const connection = price('{shops{items(first:50){totalCount edges{node{sku}}}}}');
    expect(connection.cost).toBe(1 + 10 * (1 + 50 * (1 + 1 + 1 + 1)));
  });
});
