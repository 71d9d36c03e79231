// DateTime and JSON scalars. DateTime input is read leniently into a Date (an unreadable value becomes an
// invalid Date) so that a bad timestamp in one row of a batch is that row's RowError, not a failed request.

import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { parseTimestamp } from '@shopspace/domain';

const toDate = (value: unknown): Date => {
  if (value instanceof Date) return value;
  if (typeof value === 'string') return parseTimestamp(value);
  if (typeof value === 'number') return new Date(value);
  return new Date(Number.NaN);
};

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO 8601 date-time; without a zone it is read as UTC.',
  serialize(value) {
    const d = toDate(value);
    if (Number.isNaN(d.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return d.toISOString();
  },
  parseValue: toDate,
  parseLiteral(ast) {
    return ast.kind === Kind.STRING || ast.kind === Kind.INT
      ? toDate(ast.kind === Kind.INT ? Number(ast.value) : ast.value)
      : new Date(Number.NaN);
  },
});

function literal(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return ast.value;
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, variables) => literal(ast, variables),
});
