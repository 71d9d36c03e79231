// The full Online Retail export (541,909 rows) through the streaming path an import takes: file, gunzip, CSV.

import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvWithHeader } from './csv.parser.ts';
import { maybeGunzip } from './decode.ts';

// The Online Retail file kept in the repository (data/online-retail, see data/README.md).
const FILE = new URL('../../../data/online-retail/online-retail.csv.gz', import.meta.url);

describe('Online Retail', () => {
  it('parses to exactly 541,909 records of 8 fields and no errors', async () => {
    const { header, headerLine, batches } = await parseCsvWithHeader(maybeGunzip(createReadStream(FILE)));
    expect(header).toEqual([
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    expect(headerLine).toBe(1);
    let records = 0;
    let lastLine = 0;
    const errors: string[] = [];
    const widths = new Set<number>();
    const picked = new Map<number, string[]>();
    for await (const batch of batches) {
      for (const item of batch) {
        if (item.error !== undefined) {
          errors.push(`${item.line}: ${item.error}`);
          continue;
        }
        records++;
        widths.add(item.fields.length);
        if (item.line <= lastLine) errors.push(`${item.line}: line numbers went backwards`);
        lastLine = item.line;
        if (item.line === 873 || item.line === 38250) picked.set(item.line, item.fields);
      }
    }
    expect(errors.slice(0, 5)).toEqual([]);
    expect(records).toBe(541_909);
    expect([...widths]).toEqual([8]);
    expect(lastLine).toBe(541_910);
    // A doubled quote inside a quoted field, and a multi-byte character.
    expect(picked.get(873)?.[2]).toBe('RECORD FRAME 7" SINGLE SIZE ');
    expect(picked.get(38250)?.[2]).toBe('Dotcomgiftshop Gift Voucher £40.00');
  });
});
