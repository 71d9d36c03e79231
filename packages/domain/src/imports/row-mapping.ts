// Turning a source row (CSV cells by header, or an NDJSON object) into the fields the validators expect.
// `plain` takes the product's own field names (optionally renamed with a column map); `online-retail` maps the
// UCI Online Retail export (Chen, Sain & Guo, 2012; data/online-retail in this repository) onto shops, sessions and skus.

import { badInput } from '../shared/errors.ts';
import { parseTimestamp } from '../shared/fields.ts';
import { onlineRetailCategory } from './online-retail-category.ts';
import type { ImportKind } from './imports.ports.ts';

export type SourceRow = Readonly<Record<string, unknown>>;
/** Returns the row for the validator, or null when the preset deliberately skips it (counted as skipped). */
export type RowMapper = (row: SourceRow) => Record<string, unknown> | null;

export const PRESETS = ['plain', 'online-retail'] as const;
export type Preset = (typeof PRESETS)[number];

export interface MappingOptions {
  readonly preset: Preset;
  /** Source column for each product field, e.g. {"sku": "StockCode"}; only for the plain preset. */
  readonly columns?: Readonly<Record<string, string>>;
  /**
   * Row filter on one source column: "Country=United Kingdom" keeps only those rows,
   * "Country!=United Kingdom" keeps the others.
   */
  readonly where?: string | null;
}

interface Filter {
  readonly column: string;
  readonly value: string;
  readonly negate: boolean;
}

export function parseWhere(where: string | null | undefined): Filter | null {
  if (!where) return null;
  const m = /^([^=!]+)(!?=)(.*)$/.exec(where);
  if (!m?.[1] || !m[2]) throw badInput('where', 'must look like Column=value or Column!=value');
  return { column: m[1].trim(), value: (m[3] ?? '').trim(), negate: m[2] === '!=' };
}

const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

export function createRowMapper(kind: ImportKind, options: MappingOptions): RowMapper {
  const filter = parseWhere(options.where);
  const keep = filter
    ? (row: SourceRow) => (text(row[filter.column]).trim() === filter.value) !== filter.negate
    : () => true;
  const map = options.preset === 'online-retail' ? onlineRetail(kind) : plain(options.columns ?? {});
  return (row) => (keep(row) ? map(row) : null);
}

function plain(columns: Readonly<Record<string, string>>): RowMapper {
  const renames = Object.entries(columns);
  if (renames.length === 0) return (row) => ({ ...row });
  return (row) => {
    const out: Record<string, unknown> = { ...row };
    for (const [field, column] of renames) out[field] = row[column];
    return out;
  };
}

/**
 * Online Retail: an invoice is a session (its lines in file order are its events), StockCode is the sku,
 * Description the title, UnitPrice the price, CustomerID ("17850.0") the user. The file has no category, so
 * the catalog's is derived from the description's product-type noun (onlineRetailCategory: "WHITE HANGING
 * HEART T-LIGHT HOLDER" → candles & holders; unrecognised → other), one coarse level for the embedding map. Every line becomes a PURCHASE
 * event with its quantity (cancellations keep their negative quantity; training ignores them), timed at the
 * invoice date plus its line ordinal in milliseconds, so time order is entry order. The catalog
 * takes only lines with a positive quantity and price, because the zero-price adjustment lines carry notes
 * ("damaged", "?") rather than product titles.
 */
function onlineRetail(kind: ImportKind): RowMapper {
  if (kind === 'ITEMS') {
    return (row) => {
      if (Number(row['Quantity']) <= 0 || !(Number(row['UnitPrice']) > 0)) return null;
      const category = onlineRetailCategory(text(row['Description']));
      return { sku: row['StockCode'], title: row['Description'], price: row['UnitPrice'], category: [category] };
    };
  }
  // An invoice's lines are mostly contiguous but not always (a few reappear later in the file), so the line
  // ordinal is counted per invoice, not per run of lines: event ids stay unique and stable across re-imports.
  const lines = new Map<string, number>();
  return (row) => {
    const inv = text(row['InvoiceNo']).trim();
    const ordinal = lines.get(inv) ?? 0;
    lines.set(inv, ordinal + 1);
    const customer = text(row['CustomerID']).trim().replace(/\.0$/, '');
    // All lines of an invoice share its minute; the line ordinal is added in milliseconds so that time order
    // is entry order, whatever order concurrent inserts give the rows.
    const date = parseTimestamp(text(row['InvoiceDate']));
    const occurredAt = Number.isNaN(date.getTime())
      ? row['InvoiceDate']
      : new Date(date.getTime() + ordinal).toISOString();
    return {
      eventId: `${inv}:${ordinal}`,
      sessionId: inv,
      userId: customer || null,
      type: 'PURCHASE',
      sku: row['StockCode'],
      quantity: row['Quantity'],
      occurredAt,
    };
  };
}
