// POST /v1/shops/{shopId}/imports/{items|events}: streams a CSV or NDJSON body (optionally gzipped) through
// the import service without holding the file in memory. Query parameters: format=csv|ndjson (default from
// Content-Type, else csv), preset=plain|online-retail, where=Column=value|Column!=value, source=<file name>,
// and for the plain preset map.<field>=<column> renames.

import type { IncomingMessage } from 'node:http';
import { maybeGunzip, parseCsvWithHeader, parseNdjson } from '@shopspace/formats';
import { PRESETS, badInput, type ImportJob, type Preset, type Principal, type SourceRecord } from '@shopspace/domain';
import type { Services } from '../graphql/context.ts';

export const BULK_ROUTE = /^\/v1\/shops\/([^/]+)\/imports\/(items|events)$/;

export interface BulkImportRequest {
  readonly shopId: string;
  readonly kind: 'ITEMS' | 'EVENTS';
  readonly search: URLSearchParams;
}

export function parseBulkRoute(pathname: string, search: URLSearchParams): BulkImportRequest | null {
  const m = BULK_ROUTE.exec(pathname);
  if (!m?.[1] || !m[2]) return null;
  return { shopId: decodeURIComponent(m[1]), kind: m[2] === 'items' ? 'ITEMS' : 'EVENTS', search };
}

function formatOf(req: IncomingMessage, search: URLSearchParams): 'csv' | 'ndjson' {
  const explicit = search.get('format');
  if (explicit === 'csv' || explicit === 'ndjson') return explicit;
  if (explicit) throw badInput('format', 'must be csv or ndjson');
  const type = req.headers['content-type'] ?? '';
  return /ndjson|jsonl|x-json-stream/.test(type) ? 'ndjson' : 'csv';
}

function presetOf(search: URLSearchParams): Preset {
  const preset = search.get('preset') ?? 'plain';
  if (!(PRESETS as readonly string[]).includes(preset))
    throw badInput('preset', `must be one of ${PRESETS.join(', ')}`);
  return preset as Preset;
}

async function* csvRecords(body: AsyncIterable<Uint8Array>): AsyncGenerator<SourceRecord[]> {
  const { header, batches } = await parseCsvWithHeader(body);
  const columns = header.map((h) => h.trim());
  for await (const batch of batches) {
    yield batch.map((r) => {
      if (r.error !== undefined) return { line: r.line, error: r.error };
      const row: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) row[columns[i] as string] = r.fields[i] ?? '';
      return { line: r.line, row };
    });
  }
}

async function* ndjsonRecords(body: AsyncIterable<Uint8Array>): AsyncGenerator<SourceRecord[]> {
  for await (const batch of parseNdjson(body)) {
    yield batch.map((r) => (r.error !== undefined ? { line: r.line, error: r.error } : { line: r.line, row: r.value }));
  }
}

export async function runBulkImport(
  services: Services,
  principal: Principal,
  request: BulkImportRequest,
  req: IncomingMessage,
): Promise<ImportJob> {
  const { search } = request;
  const format = formatOf(req, search);
  const columns: Record<string, string> = {};
  for (const [k, v] of search) if (k.startsWith('map.')) columns[k.slice(4)] = v;
  const run = await services.imports.open(principal, request.shopId, {
    kind: request.kind,
    format,
    preset: presetOf(search),
    columns,
    where: search.get('where'),
    source: search.get('source'),
  });
  // gzip is recognised by its magic bytes, so .csv.gz uploads work with or without Content-Encoding.
  const body = maybeGunzip(req);
  return run.consume(format === 'csv' ? csvRecords(body) : ndjsonRecords(body));
}
