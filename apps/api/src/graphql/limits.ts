// Query depth, cost and root-field limits, as a GraphQL validation rule, so an expensive query is refused
// before any resolver runs. Cost: every field costs 1 times the product of the page sizes of the lists above
// it; a list field's size is its `first` argument (a variable counts as the largest page allowed), else
// LIST_GUESS. A field that is not a list but takes `first` (a connection, a recommendation list) is the page:
// its selection is multiplied by `first` and the lists directly inside it (`edges`, `items`) are that page,
// not a further guess. `__` fields (introspection, `__typename`) and aliases are fields like any other.
//
// The analysis is linear in the document: each fragment is summarised once (its cost at multiplier 1, the
// levels it adds, its top-level field count) and a spread adds that summary, so a spread counts as often as it
// expands without being walked again. Cost is linear in the multiplier, which is what makes this exact. A
// fragment that spreads itself, directly or through others, is refused here (the standard rule reports it
// too, but this rule must not recurse on it meanwhile).

import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type ASTNode,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

const LIST_GUESS = 10;
const MAX_PAGE = 200;

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxCost: number;
  /** Fields at the root of one operation (aliases included, fragments expanded). */
  readonly maxRootFields: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxCost: 50_000, maxRootFields: 32 };

/** What a selection set costs at multiplier 1: its cost, the levels below it, and its own field count. */
interface Summary {
  readonly cost: number;
  /** Nested selection sets below this one (0 for a set of leaves). */
  readonly below: number;
  readonly fields: number;
}

export interface OperationCost {
  readonly cost: number;
  /** Selection-set levels, the root's included. */
  readonly depth: number;
  readonly rootFields: number;
}

export class FragmentCycle extends Error {
  constructor(readonly fragment: string) {
    super(`fragment ${fragment} spreads itself`);
  }
}

function listSize(field: FieldNode, def: GraphQLField<unknown, unknown> | undefined): number {
  const first = field.arguments?.find((a) => a.name.value === 'first');
  if (first?.value.kind === Kind.INT) return Math.max(1, Number(first.value.value));
  if (first?.value.kind === Kind.VARIABLE) return MAX_PAGE;
  const fallback = def?.args.find((a) => a.name === 'first')?.defaultValue;
  return typeof fallback === 'number' ? Math.max(1, fallback) : LIST_GUESS;
}

const isList = (type: GraphQLOutputType): boolean => isListType(getNullableType(type));

/** The field definitions of the schema's introspection entry points, which no type lists among its fields. */
function fieldDef(
  schema: GraphQLSchema,
  parent: GraphQLNamedType | undefined | null,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema' || name === '__type') {
    const type = schema.getType(name === '__schema' ? '__Schema' : '__Type');
    // Shaped as a field for the walk: a single object, no page.
    return type ? ({ name, type, args: [] } as unknown as GraphQLField<unknown, unknown>) : undefined;
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/**
 * Prices one document's operations, each fragment once. Throws FragmentCycle for a fragment that spreads itself.
 */
export class DocumentPricer {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  /** By fragment name and whether it is spread inside a page (see walk). */
  private readonly summaries = new Map<string, Summary>();
  private readonly visiting = new Set<string>();
  /** Selection sets walked, for the test that the work is linear. */
  walked = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
  ) {
    for (const def of document.definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(def.name.value, def);
    }
  }

  price(operation: OperationDefinitionNode): OperationCost {
    const root =
      operation.operation === OperationTypeNode.QUERY
        ? this.schema.getQueryType()
        : operation.operation === OperationTypeNode.MUTATION
          ? this.schema.getMutationType()
          : this.schema.getSubscriptionType();
    const s = this.walk(operation.selectionSet, root, false);
    return { cost: s.cost, depth: s.below + 1, rootFields: s.fields };
  }

  private fragment(name: string, paged: boolean): Summary | null {
    const key = `${paged ? 'p' : 'l'}:${name}`;
    const known = this.summaries.get(key);
    if (known) return known;
    const frag = this.fragments.get(name);
    if (!frag) return null; // reported by the standard rules
    if (this.visiting.has(name)) throw new FragmentCycle(name);
    this.visiting.add(name);
    const s = this.walk(frag.selectionSet, this.schema.getType(frag.typeCondition.name.value), paged);
    this.visiting.delete(name);
    this.summaries.set(key, s);
    return s;
  }

  /** `paged`: the multiplier already holds this set's page size, so its own list fields count once. */
  private walk(set: SelectionSetNode, parent: GraphQLNamedType | undefined | null, paged: boolean): Summary {
    this.walked++;
    let cost = 0;
    let below = 0;
    let fields = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        fields++;
        cost += 1;
        if (!sel.selectionSet) continue;
        const def = fieldDef(this.schema, parent, sel.name.value);
        const list = def !== undefined && isList(def.type);
        const page = def !== undefined && !list && def.args.some((a) => a.name === 'first');
        const own = page ? listSize(sel, def) : list ? (paged ? 1 : listSize(sel, def)) : 1;
        const inner = this.walk(sel.selectionSet, def ? getNamedType(def.type) : undefined, page);
        cost += own * inner.cost;
        // A type reference's `ofType` chain is bounded by the schema's wrapping, and the standard introspection
        // query nests it seven deep: it costs like any field but adds no depth.
        const levels = sel.name.value === 'ofType' ? inner.below : inner.below + 1;
        below = Math.max(below, levels);
      } else {
        const s =
          sel.kind === Kind.INLINE_FRAGMENT
            ? this.walk(
                sel.selectionSet,
                sel.typeCondition ? this.schema.getType(sel.typeCondition.name.value) : parent,
                paged,
              )
            : this.fragment(sel.name.value, paged);
        if (!s) continue;
        cost += s.cost;
        below = Math.max(below, s.below);
        fields += s.fields;
      }
    }
    return { cost, below, fields };
  }
}

/** The document's operations priced once per document object (Apollo hands the same object for a cached query). */
const priced = new WeakMap<DocumentNode, Map<OperationDefinitionNode, OperationCost>>();

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationCost {
  let byOperation = priced.get(document);
  if (!byOperation) {
    byOperation = new Map();
    priced.set(document, byOperation);
  }
  const known = byOperation.get(operation);
  if (known) return known;
  const cost = new DocumentPricer(schema, document).price(operation);
  byOperation.set(operation, cost);
  return cost;
}

const refuse = (message: string, node: ASTNode, reason: string): GraphQLError =>
  new GraphQLError(message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', reason } });

export function queryLimits(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const document = context.getDocument();
    return {
      OperationDefinition(node) {
        let priced: OperationCost;
        try {
          priced = operationCost(schema, document, node);
        } catch (error) {
          if (!(error instanceof FragmentCycle)) throw error;
          context.reportError(refuse(error.message, node, 'FRAGMENT_CYCLE'));
          return;
        }
        const { depth, cost, rootFields } = priced;
        if (rootFields > limits.maxRootFields) {
          context.reportError(
            refuse(
              `${rootFields} root fields exceed the limit of ${limits.maxRootFields} per request (aliases count)`,
              node,
              'TOO_MANY_ROOT_FIELDS',
            ),
          );
        }
        if (depth > limits.maxDepth) {
          context.reportError(
            refuse(`query depth ${depth} exceeds the limit of ${limits.maxDepth}`, node, 'QUERY_TOO_DEEP'),
          );
        }
        if (cost > limits.maxCost) {
          context.reportError(
            refuse(
              `query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages`,
              node,
              'QUERY_TOO_COSTLY',
            ),
          );
        }
      },
    };
  };
}
