// The Online Retail uk shop as the autocomplete benchmark needs it: sessions with their start time, a catalog
// (each StockCode's most frequent Description as its title) and DERIVED search events (deriveSearchEvents:
// shoppers typing words of the title of the next item they view; the file itself has no searches).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { deriveSearchEvents, type CatalogItem, type ShopEvent } from '@shopspace/autocomplete';
import { ONLINE_RETAIL_CSV, PROTOCOL_SPLIT, loadRetailSessions, parseCsvLine } from './online-retail.ts';

export interface RetailSearchShop {
  readonly catalog: readonly CatalogItem[];
  /** Item lists of the training sessions (before the protocol split), for item2vec. */
  readonly trainSessions: string[][];
  /** Derived events (VIEW + SEARCH) of training and test sessions, each in time order. */
  readonly trainEvents: ShopEvent[];
  readonly testEvents: ShopEvent[];
  /** The split instant (ms), used as the model's `now`. */
  readonly splitAt: number;
}

export const DERIVATION = { seed: 20111101, probability: 0.3 } as const;

/** 'YYYY-MM-DD HH:MM:SS' (the file's InvoiceDate) as ms since the epoch, read as UTC. */
export function retailTime(date: string): number {
  return Date.parse(`${date.replace(' ', 'T')}Z`);
}

/** Each StockCode's most frequent Description in the country's rows. */
export function loadRetailTitles(country = 'United Kingdom', path = ONLINE_RETAIL_CSV): Map<string, string> {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '');
  const [stockAt, descriptionAt, countryAt] = ['StockCode', 'Description', 'Country'].map((c) => header.indexOf(c));
  const counts = new Map<string, Map<string, number>>();
  for (let row = 1; row < lines.length; row++) {
    const fields = parseCsvLine(lines[row] ?? '');
    const stock = fields[stockAt ?? -1] ?? '';
    const description = (fields[descriptionAt ?? -1] ?? '').trim();
    if (stock === '' || description === '' || fields[countryAt ?? -1] !== country) continue;
    let byText = counts.get(stock);
    if (!byText) counts.set(stock, (byText = new Map<string, number>()));
    byText.set(description, (byText.get(description) ?? 0) + 1);
  }
  const titles = new Map<string, string>();
  for (const [stock, byText] of counts) {
    let best = '';
    let bestCount = 0;
    for (const [text, count] of byText) if (count > bestCount) [best, bestCount] = [text, count];
    titles.set(stock, best);
  }
  return titles;
}

export function loadRetailSearchShop(country = 'United Kingdom'): RetailSearchShop {
  const sessions = loadRetailSessions(country).filter((s) => s.items.length >= 2);
  const titles = loadRetailTitles(country);
  const split = PROTOCOL_SPLIT.test.from;
  const source = sessions.map((s) => ({ sessionId: s.invoice, start: retailTime(s.date), items: s.items }));
  const train = source.filter((_, i) => (sessions[i]?.date ?? '') < split);
  const test = source.filter((_, i) => (sessions[i]?.date ?? '') >= split);
  return {
    catalog: [...titles].map(([sku, title]) => ({ sku, title })),
    trainSessions: train.map((s) => [...s.items]),
    trainEvents: deriveSearchEvents(train, titles, DERIVATION),
    testEvents: deriveSearchEvents(test, titles, DERIVATION),
    splitAt: retailTime(`${split} 00:00:00`),
  };
}
