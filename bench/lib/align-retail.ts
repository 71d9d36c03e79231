// Online Retail (Chen, Sain & Guo 2012, UCI, CC BY 4.0) split into two shops for the alignment benchmark:
// uk = United Kingdom, eu = every other country. Rows as the issue-3 protocol keeps them (no cancellations,
// positive quantities); a shop's catalog is each StockCode's most frequent Description and its median
// UnitPrice in that shop. Optionally simulates shoppers seen in both shops (none cross in the real data).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRng } from '@shopspace/item2vec';
import { ONLINE_RETAIL_CSV, parseCsvLine } from './online-retail.ts';

export type ShopName = 'uk' | 'eu';

interface Row {
  readonly invoice: string;
  readonly stock: string;
  readonly description: string;
  readonly date: string;
  readonly price: number;
  readonly customer: string;
  readonly shop: ShopName;
}

export interface ShopSession {
  readonly invoice: string;
  readonly date: string;
  readonly customer: string;
  /** Distinct StockCodes in order of first appearance. */
  readonly items: readonly string[];
}

export interface CatalogEntry {
  readonly description: string;
  readonly price: number;
}

export interface RetailShop {
  readonly sessions: ShopSession[];
  /** StockCode → catalog fields in this shop. */
  readonly catalog: Map<string, CatalogEntry>;
}

export interface CrossingSimulation {
  /** Share of uk customers (with a CustomerID and at least two invoices) that cross. */
  readonly share: number;
  readonly seed: number;
}

export function loadRetailRows(path = ONLINE_RETAIL_CSV): Row[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '');
  const at = (name: string): number => header.indexOf(name);
  const rows: Row[] = [];
  for (let r = 1; r < lines.length; r++) {
    let line = lines[r] ?? '';
    if (line === '') continue;
    while ((line.match(/"/g)?.length ?? 0) % 2 === 1 && r + 1 < lines.length) line += '\n' + lines[++r];
    const f = parseCsvLine(line);
    const invoice = f[at('InvoiceNo')] ?? '';
    const stock = f[at('StockCode')] ?? '';
    if (invoice.startsWith('C') || stock === '' || !(Number(f[at('Quantity')]) > 0)) continue;
    rows.push({
      invoice,
      stock,
      description: (f[at('Description')] ?? '').trim(),
      date: f[at('InvoiceDate')] ?? '',
      price: Number(f[at('UnitPrice')]),
      customer: (f[at('CustomerID')] ?? '').replace(/\.0$/, ''),
      shop: f[at('Country')] === 'United Kingdom' ? 'uk' : 'eu',
    });
  }
  return rows;
}

/**
 * The two shops. With `crossing`, a seeded share of uk customers moves the later half of its invoices (by
 * date) to the eu shop, so those customers are seen in both; returns their ids.
 */
export function splitShops(
  rows: readonly Row[],
  crossing?: CrossingSimulation,
): { shops: Record<ShopName, RetailShop>; crossers: Set<string> } {
  const moved = new Set<string>();
  const crossers = new Set<string>();
  if (crossing) {
    const invoicesOf = new Map<string, Map<string, string>>();
    for (const row of rows) {
      if (row.shop !== 'uk' || row.customer === '') continue;
      let invoices = invoicesOf.get(row.customer);
      if (!invoices) invoicesOf.set(row.customer, (invoices = new Map<string, string>()));
      invoices.set(row.invoice, row.date);
    }
    const rng = createRng(crossing.seed);
    for (const customer of [...invoicesOf.keys()].sort()) {
      const invoices = [...invoicesOf.get(customer)!].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      if (rng.nextFloat() >= crossing.share || invoices.length < 2) continue;
      crossers.add(customer);
      for (const [invoice] of invoices.slice(Math.floor(invoices.length / 2))) moved.add(invoice);
    }
  }
  const build = (): { sessions: Map<string, ShopSession & { items: string[] }>; seen: Map<string, Row[]> } => ({
    sessions: new Map(),
    seen: new Map(),
  });
  const parts = { uk: build(), eu: build() };
  for (const row of rows) {
    const shop: ShopName = moved.has(row.invoice) ? 'eu' : row.shop;
    const part = parts[shop];
    let session = part.sessions.get(row.invoice);
    if (!session) {
      part.sessions.set(
        row.invoice,
        (session = { invoice: row.invoice, date: row.date, customer: row.customer, items: [] }),
      );
    }
    if (!session.items.includes(row.stock)) session.items.push(row.stock);
    let seen = part.seen.get(row.stock);
    if (!seen) part.seen.set(row.stock, (seen = []));
    seen.push(row);
  }
  const finish = (part: ReturnType<typeof build>): RetailShop => ({
    sessions: [...part.sessions.values()],
    catalog: new Map([...part.seen].map(([stock, seen]) => [stock, catalogEntry(seen)])),
  });
  return { shops: { uk: finish(parts.uk), eu: finish(parts.eu) }, crossers };
}

function catalogEntry(rows: readonly Row[]): CatalogEntry {
  const counts = new Map<string, number>();
  for (const row of rows)
    if (row.description !== '') counts.set(row.description, (counts.get(row.description) ?? 0) + 1);
  let description = '';
  let best = 0;
  for (const [text, count] of counts) if (count > best) [description, best] = [text, count];
  const prices = rows
    .map((r) => r.price)
    .filter((p) => p > 0)
    .sort((a, b) => a - b);
  return { description, price: prices[Math.floor(prices.length / 2)] ?? 0 };
}

/** Item lists of the sessions in [from, before) with at least two items (the protocol's filter). */
export function sessionItems(sessions: readonly ShopSession[], window: { from?: string; before?: string }): string[][] {
  return sessions
    .filter(
      (s) =>
        (window.from === undefined || s.date >= window.from) &&
        (window.before === undefined || s.date < window.before) &&
        s.items.length >= 2,
    )
    .map((s) => [...s.items]);
}
