// Online Retail ("Online Retail", Chen, Sain & Guo 2012, UCI, CC BY 4.0) as the tower sees one shop: a catalog
// of skus with the fields a shop would upload (title = Description, price = UnitPrice, a coarse category derived
// from the words), contacts = invoice lines (actor = CustomerID, else the invoice), and the protocol's sessions.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ONLINE_RETAIL_CSV, parseCsvLine } from '../../../../bench/lib/online-retail.ts';
import { onlineRetailCategory } from '@shopspace/domain';
import type { ContactColumns, ItemFeatures } from '../../src/index.ts';

export interface RetailSessionRow {
  readonly invoice: string;
  /** ms (UTC) of the invoice, and its date string 'YYYY-MM-DD HH:MM:SS' as in the file. */
  readonly time: number;
  readonly date: string;
  /** Catalog indices, distinct, in order of first appearance. */
  readonly items: readonly number[];
}

export interface RetailShop {
  readonly skus: readonly string[];
  /** Catalog fields of each sku from its first line with a description (what the shop uploaded). */
  readonly items: readonly ItemFeatures[];
  /** ms of each sku's first valid line. */
  readonly firstSeen: Float64Array;
  /** Every valid line (no cancellations, quantity > 0), in file (= time) order. */
  readonly contacts: ContactColumns;
  readonly sessions: readonly RetailSessionRow[];
}

export function parseRetailDate(date: string): number {
  // 'YYYY-MM-DD HH:MM:SS' read as UTC (the file has no zone; only order and differences matter).
  return Date.parse(`${date.replace(' ', 'T')}Z`);
}

export function loadRetailShop(country = 'United Kingdom', path = ONLINE_RETAIL_CSV): RetailShop {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '');
  const at = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column ${name}`);
    return i;
  };
  const col = {
    invoice: at('InvoiceNo'),
    stock: at('StockCode'),
    description: at('Description'),
    quantity: at('Quantity'),
    date: at('InvoiceDate'),
    price: at('UnitPrice'),
    customer: at('CustomerID'),
    country: at('Country'),
  };
  const skuIndex = new Map<string, number>();
  const skus: string[] = [];
  const titles: string[] = [];
  const prices: number[] = [];
  const firstSeen: number[] = [];
  const actors = new Map<string, number>();
  const item: number[] = [];
  const actor: number[] = [];
  const time: number[] = [];
  const sessions = new Map<string, { time: number; date: string; items: number[] }>();
  for (let row = 1; row < lines.length; row++) {
    let line = lines[row] ?? '';
    if (line === '') continue;
    while ((line.match(/"/g)?.length ?? 0) % 2 === 1 && row + 1 < lines.length) line += '\n' + lines[++row];
    const f = parseCsvLine(line);
    const invoice = f[col.invoice] ?? '';
    const stock = f[col.stock] ?? '';
    if (invoice.startsWith('C') || stock === '' || f[col.country] !== country) continue;
    if (!(Number(f[col.quantity]) > 0)) continue;
    const date = f[col.date] ?? '';
    const ms = parseRetailDate(date);
    let index = skuIndex.get(stock);
    if (index === undefined) {
      index = skus.length;
      skuIndex.set(stock, index);
      skus.push(stock);
      titles.push('');
      prices.push(NaN);
      firstSeen.push(ms);
    }
    const description = (f[col.description] ?? '').trim();
    if (titles[index] === '' && description !== '') titles[index] = description;
    const price = Number(f[col.price]);
    if (Number.isNaN(prices[index]!) && price > 0) prices[index] = price;
    const customer = f[col.customer] ?? '';
    const actorKey = customer === '' ? `invoice:${invoice}` : `customer:${customer}`;
    let actorId = actors.get(actorKey);
    if (actorId === undefined) actors.set(actorKey, (actorId = actors.size));
    item.push(index);
    actor.push(actorId);
    time.push(ms);
    let session = sessions.get(invoice);
    if (!session) sessions.set(invoice, (session = { time: ms, date, items: [] }));
    if (!session.items.includes(index)) session.items.push(index);
  }
  const items: ItemFeatures[] = skus.map((_, i) => {
    const title = titles[i] ?? '';
    const price = prices[i]!;
    return {
      title,
      category: [onlineRetailCategory(title)],
      ...(Number.isNaN(price) ? {} : { price }),
    };
  });
  return {
    skus,
    items,
    firstSeen: Float64Array.from(firstSeen),
    contacts: {
      item: Int32Array.from(item),
      actor: Int32Array.from(actor),
      time: Float64Array.from(time),
      kind: new Uint8Array(item.length).fill(2),
    },
    sessions: [...sessions].map(([invoice, s]) => ({ invoice, time: s.time, date: s.date, items: s.items })),
  };
}

/** The contacts dated before `beforeMs`, in their order. */
export function contactsBefore(contacts: ContactColumns, beforeMs: number): ContactColumns {
  const keep: number[] = [];
  for (let i = 0; i < contacts.time.length; i++) if (contacts.time[i]! < beforeMs) keep.push(i);
  return {
    item: Int32Array.from(keep, (i) => contacts.item[i]!),
    actor: Int32Array.from(keep, (i) => contacts.actor[i]!),
    time: Float64Array.from(keep, (i) => contacts.time[i]!),
    kind: Uint8Array.from(keep, (i) => contacts.kind[i]!),
  };
}
