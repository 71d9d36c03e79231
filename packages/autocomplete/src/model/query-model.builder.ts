// Builds a shop's query model from its events (in time order) and catalog: every distinct normalised search
// query with its time-decayed popularity and a vector in the shop's item space (the weighted mean of the items
// viewed or clicked in the same session after the query, before the next one), plus catalog candidates with a
// small prior popularity so a shop without a query log gets completions on day one.
import { invalidArgument, requireArray, requireFinite, requirePositiveInteger } from '../autocomplete.errors.ts';
import { normalizeQuery } from '../text/normalize.ts';
import { collectCatalogCandidates, type CatalogItem } from './catalog-candidates.ts';
import {
  QuerySource,
  addUnitItemVector,
  quantizeInto,
  validateItemSpace,
  type ItemSpace,
  type QueryModel,
} from './query-model.ts';
import { TextTable } from './text-table.ts';

export type ShopEventType = 'VIEW' | 'CLICK' | 'ADD_TO_CART' | 'PURCHASE' | 'SEARCH';
const EVENT_TYPES: ReadonlySet<string> = new Set(['VIEW', 'CLICK', 'ADD_TO_CART', 'PURCHASE', 'SEARCH']);

/** One tracked event. SEARCH carries `query`, the others `sku`. */
export interface ShopEvent {
  readonly type: ShopEventType;
  readonly sessionId: string;
  readonly sku?: string | null;
  readonly query?: string | null;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
}

export interface QueryModelInput {
  /** The shop's events in time order (non-decreasing timestamps). */
  readonly events: readonly ShopEvent[];
  /** The catalog: titles for item hits and day-one candidates. */
  readonly items: readonly CatalogItem[];
  readonly itemSpace: ItemSpace;
}

export interface QueryModelOptions {
  /** Popularity is decayed to this instant (ms since the epoch). */
  readonly now: number;
  /** An event this many days before `now` counts half. Default 30. */
  readonly halfLifeDays?: number;
  /** The j-th item viewed after a query (0-based) weighs `afterQueryDecay^j` in the query vector. Default 0.7. */
  readonly afterQueryDecay?: number;
  /** Items after a query that still count towards its vector. Default 5. */
  readonly maxItemsAfterQuery?: number;
  /** Prior popularity of a catalog candidate per item it matches. Default 0.02 (a fiftieth of one search now). */
  readonly catalogPrior?: number;
  /** Add catalog candidates (title phrases, categories, brands). Default true. */
  readonly catalogCandidates?: boolean;
}

const DAY_MS = 86_400_000;

/** Builds the model; throws an AutocompleteError naming the offending event, item or option. */
export function buildQueryModel(input: QueryModelInput, options: QueryModelOptions): QueryModel {
  const { events, items, itemSpace } = input;
  validateItemSpace(itemSpace);
  requireArray('events', events);
  requireArray('items', items);
  const resolved = resolveOptions(options);
  const { dim } = itemSpace;
  const log = new TextTable(dim);
  const itemRowOf = catalogRows(items);
  const itemPopularity = new Float32Array(items.length);
  const decay = (timestamp: number): number => 2 ** (-Math.max(0, resolved.now - timestamp) / resolved.halfLifeMs);
  // Per session: the open query's row and weight, and how many items followed it so far.
  const open = new Map<string, { row: number; weight: number; seen: number }>();
  let previous = -Infinity;
  events.forEach((event, index) => {
    validateEvent(event, index, previous);
    previous = event.timestamp;
    const weight = decay(event.timestamp);
    if (event.type === 'SEARCH') {
      const text = normalizeQuery(event.query ?? '');
      if (text === '') return;
      const row = log.row(text);
      log.addWeight(row, weight);
      open.set(event.sessionId, { row, weight, seen: 0 });
      return;
    }
    const sku = event.sku ?? '';
    const catalogRow = itemRowOf.get(sku);
    if (catalogRow !== undefined) itemPopularity[catalogRow] = (itemPopularity[catalogRow] ?? 0) + weight;
    const query = open.get(event.sessionId);
    if (!query || (event.type !== 'VIEW' && event.type !== 'CLICK')) return;
    if (query.seen >= resolved.maxItemsAfterQuery) return;
    const spaceRow = itemSpace.rowOf.get(sku);
    if (spaceRow !== undefined) {
      log.addItem(query.row, itemSpace, spaceRow, query.weight * resolved.afterQueryDecay ** query.seen);
    }
    query.seen++;
  });
  const catalog = new TextTable(dim);
  const matched = resolved.catalogCandidates
    ? collectCatalogCandidates(items, itemSpace, catalog)
    : new Map<number, number>();
  return {
    dim,
    builtAt: resolved.now,
    queries: mergeTables(log, catalog, matched, resolved.catalogPrior),
    items: itemTable(items, itemSpace, itemPopularity),
  };
}

interface ResolvedOptions {
  readonly now: number;
  readonly halfLifeMs: number;
  readonly afterQueryDecay: number;
  readonly maxItemsAfterQuery: number;
  readonly catalogPrior: number;
  readonly catalogCandidates: boolean;
}

function resolveOptions(options: QueryModelOptions): ResolvedOptions {
  requireFinite('options.now', options.now, -8.64e15, 8.64e15);
  const halfLifeDays = options.halfLifeDays ?? 30;
  requireFinite('options.halfLifeDays', halfLifeDays, 1e-6, 1e6);
  const afterQueryDecay = options.afterQueryDecay ?? 0.7;
  requireFinite('options.afterQueryDecay', afterQueryDecay, 0, 1);
  const maxItemsAfterQuery = options.maxItemsAfterQuery ?? 5;
  requirePositiveInteger('options.maxItemsAfterQuery', maxItemsAfterQuery);
  const catalogPrior = options.catalogPrior ?? 0.02;
  requireFinite('options.catalogPrior', catalogPrior, 0, 1e6);
  return {
    now: options.now,
    halfLifeMs: halfLifeDays * DAY_MS,
    afterQueryDecay,
    maxItemsAfterQuery,
    catalogPrior,
    catalogCandidates: options.catalogCandidates ?? true,
  };
}

function catalogRows(items: readonly CatalogItem[]): Map<string, number> {
  const rows = new Map<string, number>();
  items.forEach((item, row) => {
    if (typeof item.sku !== 'string' || item.sku === '' || item.sku.includes('\n')) {
      throw invalidArgument(`items[${row}].sku`, 'must be a non-empty string without line breaks');
    }
    if (typeof item.title !== 'string') throw invalidArgument(`items[${row}].title`, 'must be a string');
    if (rows.has(item.sku)) throw invalidArgument(`items[${row}].sku`, `repeats ${JSON.stringify(item.sku)}`);
    rows.set(item.sku, row);
  });
  return rows;
}

function validateEvent(event: ShopEvent, index: number, previous: number): void {
  const at = `events[${index}]`;
  if (!EVENT_TYPES.has(event.type)) throw invalidArgument(`${at}.type`, `is not an event type: ${String(event.type)}`);
  if (typeof event.sessionId !== 'string' || event.sessionId === '') {
    throw invalidArgument(`${at}.sessionId`, 'must be a non-empty string');
  }
  if (typeof event.timestamp !== 'number' || !Number.isFinite(event.timestamp)) {
    throw invalidArgument(`${at}.timestamp`, 'must be a finite number (ms since the epoch)');
  }
  if (event.timestamp < previous) {
    throw invalidArgument(`${at}.timestamp`, `is earlier than the event before it: events must be in time order`);
  }
  if (event.type === 'SEARCH') {
    if (typeof event.query !== 'string') throw invalidArgument(`${at}.query`, 'is required for a SEARCH event');
  } else if (typeof event.sku !== 'string' || event.sku === '') {
    throw invalidArgument(`${at}.sku`, `is required for a ${event.type} event`);
  }
}

/** Log queries first (first-seen order), then catalog-only candidates; a text in both keeps its log vector. */
function mergeTables(
  log: TextTable,
  catalog: TextTable,
  matched: ReadonlyMap<number, number>,
  prior: number,
): QueryModel['queries'] {
  const { dim } = log;
  const extra = catalog.texts.filter((text) => log.find(text) === undefined);
  const count = log.size + extra.length;
  const popularity = new Float32Array(count);
  const vectors = new Int8Array(count * dim);
  const source = new Uint8Array(count);
  const logSums = log.vectorSums();
  const catalogSums = catalog.vectorSums();
  log.texts.forEach((text, row) => {
    popularity[row] = log.weight(row);
    source[row] = QuerySource.Log;
    quantizeInto(vectors, row, logSums, row * dim, dim);
    const catalogRow = catalog.find(text);
    if (catalogRow === undefined) return;
    popularity[row] = log.weight(row) + prior * (matched.get(catalogRow) ?? 0);
    source[row] = QuerySource.Log | QuerySource.Catalog;
    if (vectors.subarray(row * dim, (row + 1) * dim).every((value) => value === 0)) {
      quantizeInto(vectors, row, catalogSums, catalogRow * dim, dim);
    }
  });
  extra.forEach((text, i) => {
    const row = log.size + i;
    const catalogRow = catalog.find(text) ?? 0;
    popularity[row] = prior * (matched.get(catalogRow) ?? 0);
    source[row] = QuerySource.Catalog;
    quantizeInto(vectors, row, catalogSums, catalogRow * dim, dim);
  });
  return { texts: [...log.texts, ...extra], popularity, vectors, source };
}

function itemTable(items: readonly CatalogItem[], space: ItemSpace, popularity: Float32Array): QueryModel['items'] {
  const { dim } = space;
  const vectors = new Int8Array(items.length * dim);
  const sum = new Float64Array(dim);
  items.forEach((item, row) => {
    const spaceRow = space.rowOf.get(item.sku);
    if (spaceRow === undefined) return;
    sum.fill(0);
    addUnitItemVector(sum, 0, space, spaceRow, 1);
    quantizeInto(vectors, row, sum, 0, dim);
  });
  return {
    skus: items.map((item) => item.sku),
    titles: items.map((item) => normalizeQuery(item.title)),
    popularity,
    vectors,
  };
}
