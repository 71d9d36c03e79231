// Loads Online Retail ("Online Retail", Chen, Sain & Guo 2012, UCI, CC BY 4.0) for the users benchmark: one
// country's purchase lines with their customer, date and record index (the reference's tie-breaker).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ONLINE_RETAIL_CSV, parseCsvLine } from '../../../../bench/lib/online-retail.ts';

export interface PurchaseLine {
  readonly invoice: string;
  readonly stock: string;
  /** 'YYYY-MM-DD HH:MM:SS': string order is time order. */
  readonly date: string;
  /** CustomerID as in the file ('17850.0'), '' when missing. */
  readonly customer: string;
  /** 0-based index of the data record in the file (what the Python reference's enumerate counts). */
  readonly record: number;
}

/** Kept lines of one country: no cancellations, no empty StockCode, quantity > 0; file order. */
export function loadPurchaseLines(country = 'United Kingdom', path = ONLINE_RETAIL_CSV): PurchaseLine[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '');
  const at = (name: string): number => {
    const column = header.indexOf(name);
    if (column < 0) throw new Error(`${path}: no column ${name}`);
    return column;
  };
  const [invoiceAt, stockAt, quantityAt, dateAt, customerAt, countryAt] = [
    at('InvoiceNo'),
    at('StockCode'),
    at('Quantity'),
    at('InvoiceDate'),
    at('CustomerID'),
    at('Country'),
  ];
  const out: PurchaseLine[] = [];
  let record = -1;
  for (let row = 1; row < lines.length; row++) {
    let line = lines[row] ?? '';
    if (line === '') continue;
    while ((line.match(/"/g)?.length ?? 0) % 2 === 1 && row + 1 < lines.length) line += '\n' + lines[++row];
    record++;
    const f = parseCsvLine(line);
    const invoice = f[invoiceAt] ?? '';
    const stock = f[stockAt] ?? '';
    if (invoice.startsWith('C') || stock === '' || f[countryAt] !== country) continue;
    if (!(Number(f[quantityAt]) > 0)) continue;
    out.push({ invoice, stock, date: f[dateAt] ?? '', customer: f[customerAt] ?? '', record });
  }
  return out;
}

export interface CustomerHistories {
  /** Customers in ascending string order (the reference's sorted(by)). */
  readonly customers: readonly string[];
  /** Skus in ascending string order: item index → StockCode. */
  readonly skus: readonly string[];
  /** Per customer, distinct sku indexes in order of first purchase (date, then record). */
  readonly histories: readonly Int32Array[];
}

/**
 * The reference's LOO input: each customer's distinct skus, each at its first line in file order, sorted by
 * (date, record); customers with fewer than `minItems` distinct skus dropped.
 */
export function customerHistories(lines: readonly PurchaseLine[], minItems = 5): CustomerHistories {
  const first = new Map<string, Map<string, { date: string; record: number }>>();
  for (const line of lines) {
    if (line.customer === '') continue;
    let bySku = first.get(line.customer);
    if (!bySku) first.set(line.customer, (bySku = new Map<string, { date: string; record: number }>()));
    if (!bySku.has(line.stock)) bySku.set(line.stock, { date: line.date, record: line.record });
  }
  const kept = [...first].filter(([, bySku]) => bySku.size >= minItems);
  const customers = kept.map(([c]) => c).sort(byCodePoint);
  const skus = [...new Set(kept.flatMap(([, bySku]) => [...bySku.keys()]))].sort(byCodePoint);
  const index = new Map(skus.map((s, i) => [s, i]));
  const histories = customers.map((c) => {
    const entries = [...first.get(c)!].sort(([, a], [, b]) => byCodePoint(a.date, b.date) || a.record - b.record);
    return Int32Array.from(entries, ([sku]) => index.get(sku)!);
  });
  return { customers, skus, histories };
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
