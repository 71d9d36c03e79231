// Online Retail ("Online Retail", Chen, Sain & Guo 2012, UCI, CC BY 4.0) as the shared next-item protocol's
// shops: uk = United Kingdom rows, eu = every other country; cancellations, empty StockCodes and non-positive
// quantities dropped; a session = an invoice's distinct skus in order of first appearance, timed by its first
// row; customers as users; per sku the median unit price and a coarse category derived from the description.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { onlineRetailCategory } from '@shopspace/domain';
import { parseCsvLine } from '../../../../bench/lib/online-retail.ts';
import type { SessionRow } from '../../src/index.ts';

export const RETAIL_CSV = fileURLToPath(
  new URL('../../../../data/online-retail/online-retail.csv.gz', import.meta.url),
);

export type Shop = 'uk' | 'eu';

export interface RetailShop {
  readonly shop: Shop;
  /** Every invoice of the shop (any length), in file order (= time order). */
  readonly sessions: readonly SessionRow[];
  /** Median unit price and category name per sku. */
  readonly price: ReadonlyMap<string, number>;
  readonly category: ReadonlyMap<string, string>;
}

/** 'YYYY-MM-DD HH:MM:SS' as UTC ms. */
export function retailTime(date: string): number {
  return Date.parse(`${date.replace(' ', 'T')}Z`);
}

export function loadRetailShop(shop: Shop, path = RETAIL_CSV): RetailShop {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '');
  const col = (name: string): number => {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`${path}: no column ${name}`);
    return at;
  };
  const [inv, sku, desc, qty, date, unitPrice, customer, country] = [
    'InvoiceNo',
    'StockCode',
    'Description',
    'Quantity',
    'InvoiceDate',
    'UnitPrice',
    'CustomerID',
    'Country',
  ].map(col) as [number, number, number, number, number, number, number, number];
  const invoices = new Map<string, { startedAt: number; skus: string[]; userId: string | undefined }>();
  const prices = new Map<string, number[]>();
  const category = new Map<string, string>();
  for (let row = 1; row < lines.length; row++) {
    let line = lines[row] ?? '';
    if (line === '') continue;
    while ((line.match(/"/g)?.length ?? 0) % 2 === 1 && row + 1 < lines.length) line += '\n' + lines[++row];
    const f = parseCsvLine(line);
    const invoice = f[inv] ?? '';
    const code = f[sku] ?? '';
    if (invoice.startsWith('C') || code === '' || !(Number(f[qty]) > 0)) continue;
    if ((f[country] === 'United Kingdom') !== (shop === 'uk')) continue;
    let session = invoices.get(invoice);
    if (!session) {
      const user = (f[customer] ?? '').trim();
      invoices.set(
        invoice,
        (session = { startedAt: retailTime(f[date] ?? ''), skus: [], userId: user === '' ? undefined : user }),
      );
    }
    if (!session.skus.includes(code)) session.skus.push(code);
    const p = Number(f[unitPrice]);
    if (p > 0) {
      let list = prices.get(code);
      if (!list) prices.set(code, (list = []));
      list.push(p);
    }
    if (!category.has(code)) category.set(code, onlineRetailCategory(f[desc] ?? ''));
  }
  const price = new Map<string, number>();
  for (const [code, list] of prices) {
    list.sort((a, b) => a - b);
    price.set(code, list[list.length >> 1] ?? NaN);
  }
  return { shop, sessions: [...invoices.values()], price, category };
}
