// Query depth and cost limits, as GraphQL validation rules, so an expensive query is refused before any
// resolver runs. Cost: every field costs 1 times the product of the page sizes of the lists above it; a list
// field's size is its `first` argument (a variable counts as the largest page allowed), else LIST_GUESS.

import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLOutputType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type GraphQLSchema,
} from 'graphql';

const LIST_GUESS = 10;
const MAX_PAGE = 200;

interface Limits {
  readonly maxDepth: number;
  readonly maxCost: number;
}

function listSize(field: FieldNode, def: GraphQLField<unknown, unknown> | undefined): number {
  const first = field.arguments?.find((a) => a.name.value === 'first');
  if (first?.value.kind === Kind.INT) return Math.max(1, Number(first.value.value));
  if (first?.value.kind === Kind.VARIABLE) return MAX_PAGE;
  const fallback = def?.args.find((a) => a.name === 'first')?.defaultValue;
  return typeof fallback === 'number' ? Math.max(1, fallback) : LIST_GUESS;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(getNullableType(type));
}

export function queryLimits(limits: Limits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema: GraphQLSchema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }

    const walk = (
      set: SelectionSetNode,
      parentTypeName: string,
      depth: number,
      multiplier: number,
      seen: Set<string>,
    ): { depth: number; cost: number } => {
      let maxDepth = depth;
      let cost = 0;
      const parent = schema.getType(parentTypeName);
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[sel.name.value] : undefined;
          const size = def && isList(def.type) ? listSize(sel, def) : 1;
          // Connections carry their page size on the field with `first`, not on `edges`.
          const own = def && !isList(def.type) && def.args.some((a) => a.name === 'first') ? listSize(sel, def) : size;
          cost += multiplier;
          if (sel.selectionSet && def) {
            const inner = walk(sel.selectionSet, getNamedType(def.type).name, depth + 1, multiplier * own, seen);
            maxDepth = Math.max(maxDepth, inner.depth);
            cost += inner.cost;
          }
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const typeName = sel.typeCondition?.name.value ?? parentTypeName;
          const inner = walk(sel.selectionSet, typeName, depth, multiplier, seen);
          maxDepth = Math.max(maxDepth, inner.depth);
          cost += inner.cost;
        } else {
          const name = sel.name.value;
          const frag = fragments.get(name);
          if (!frag || seen.has(name)) continue; // cycles are reported by the standard rules
          const inner = walk(
            frag.selectionSet,
            frag.typeCondition.name.value,
            depth,
            multiplier,
            new Set([...seen, name]),
          );
          maxDepth = Math.max(maxDepth, inner.depth);
          cost += inner.cost;
        }
      }
      return { depth: maxDepth, cost };
    };

    return {
      OperationDefinition(node) {
        const root =
          node.operation === OperationTypeNode.QUERY
            ? schema.getQueryType()
            : node.operation === OperationTypeNode.MUTATION
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        if (!root) return;
        const { depth, cost } = walk(node.selectionSet, root.name, 1, 1, new Set());
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${depth} exceeds the limit of ${limits.maxDepth}`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP' },
            }),
          );
        }
        if (cost > limits.maxCost) {
          context.reportError(
            new GraphQLError(`query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' },
            }),
          );
        }
      },
    };
  };
}
