// Loads the Online Retail data set kept in the repository (data/online-retail) as the issue-3 protocol defines
// sessions: one shop's invoices, cancellations and non-positive quantities dropped, each invoice's distinct
// StockCodes in order of first appearance. Own small CSV reader: the file is RFC 4180 with quoted descriptions.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ONLINE_RETAIL_CSV = fileURLToPath(
  new URL('../../../data/online-retail/online-retail.csv.gz', import.meta.url),
);

export interface RetailSession {
  readonly invoice: string;
  /** InvoiceDate as in the file, 'YYYY-MM-DD HH:MM:SS', so string order is time order. */
  readonly date: string;
  readonly items: readonly string[];
  /** CustomerID without the file's ".0", or null where the invoice has none. */
  readonly customer: string | null;
}

/** Splits one CSV line into fields, honouring double quotes and "" escapes. */
export function parseCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** Sessions of one country's shop ('United Kingdom' is shop uk), in file (= time) order. */
export function loadRetailSessions(country = 'United Kingdom', path = ONLINE_RETAIL_CSV): RetailSession[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '');
  const column = (name: string): number => {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`${path}: no column ${name}`);
    return at;
  };
  const [invoiceAt, stockAt, quantityAt, dateAt, countryAt, customerAt] = [
    column('InvoiceNo'),
    column('StockCode'),
    column('Quantity'),
    column('InvoiceDate'),
    column('Country'),
    column('CustomerID'),
  ];
  const invoices = new Map<string, { date: string; items: string[]; customer: string | null }>();
  for (let row = 1; row < lines.length; row++) {
    let line = lines[row] ?? '';
    if (line === '') continue;
    // A quoted field could hold a line break: join lines until the quotes balance.
    while ((line.match(/"/g)?.length ?? 0) % 2 === 1 && row + 1 < lines.length) line += '\n' + lines[++row];
    const fields = parseCsvLine(line);
    const invoice = fields[invoiceAt] ?? '';
    const stock = fields[stockAt] ?? '';
    if (invoice.startsWith('C') || stock === '' || fields[countryAt] !== country) continue;
    if (!(Number(fields[quantityAt]) > 0)) continue;
    let session = invoices.get(invoice);
    if (!session) {
      const customer = (fields[customerAt] ?? '').trim().replace(/\.0$/, '');
      invoices.set(invoice, (session = { date: '', items: [], customer: customer || null }));
    }
    session.date = fields[dateAt] ?? '';
    if (!session.items.includes(stock)) session.items.push(stock);
  }
  return [...invoices].map(([invoice, { date, items, customer }]) => ({ invoice, date, items, customer }));
}

export interface DateWindow {
  /** Inclusive lower bound ('2011-11-01'); omitted = from the start. */
  readonly from?: string;
  /** Exclusive upper bound; omitted = to the end. */
  readonly before?: string;
}

/** Item lists of the sessions dated within the window with at least `minItems` distinct items (protocol: 2). */
export function sessionsBetween(sessions: readonly RetailSession[], window: DateWindow, minItems = 2): string[][] {
  return sessions
    .filter(
      (s) =>
        (window.from === undefined || s.date >= window.from) &&
        (window.before === undefined || s.date < window.before) &&
        s.items.length >= minItems,
    )
    .map((s) => [...s.items]);
}

/** The shared protocol's split: train before 2011-11-01, test from then on. */
export const PROTOCOL_SPLIT = { train: { before: '2011-11-01' }, test: { from: '2011-11-01' } } as const;
/** Hyper-parameters are chosen on this split, carved from the protocol's training period only. */
export const VALIDATION_SPLIT = {
  train: { before: '2011-10-01' },
  test: { from: '2011-10-01', before: '2011-11-01' },
} as const;
