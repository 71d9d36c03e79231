// POST /v1/shops/{shopId}/imports/{items|events}: streams a CSV or NDJSON body (optionally gzipped) through
// the import service without holding the file in memory. Query parameters: format=csv|ndjson (default from
// Content-Type, else csv), preset=plain|online-retail, where=Column=value|Column!=value, source=<file name>,
// and for the plain preset map.<field>=<column> renames.
//
// Bounded: the body's bytes after gunzip are capped (maxBytes) and so is one line (maxLineLength); passing
// either ends the import FAILED with a message saying which, rather than reading on. The request is never
// destroyed when an import stops early (its socket carries the answer): the rest of the body is drained.

import type { IncomingMessage } from 'node:http';
import { limitBytes, maybeGunzip, parseCsvWithHeader, parseNdjson } from '@shopspace/formats';
import { PRESETS, badInput, type ImportJob, type Preset, type Principal, type SourceRecord } from '@shopspace/domain';
import type { Services } from '../graphql/context.ts';

export const BULK_ROUTE = /^\/v1\/shops\/([^/]+)\/imports\/(items|events)$/;

export interface BulkImportLimits {
  /** Bytes of the body after gunzip. */
  readonly maxBytes: number;
  /** Characters of one line (CSV record or NDJSON line). */
  readonly maxLineLength: number;
}

export const DEFAULT_BULK_LIMITS: BulkImportLimits = { maxBytes: 512 * 1024 * 1024, maxLineLength: 1 << 20 };

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

async function* csvRecords(body: AsyncIterable<Uint8Array>, maxLineLength: number): AsyncGenerator<SourceRecord[]> {
  const { header, batches } = await parseCsvWithHeader(body, {
    maxRecordLength: maxLineLength,
    stopOnLongRecord: true,
  });
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

async function* ndjsonRecords(body: AsyncIterable<Uint8Array>, maxLineLength: number): AsyncGenerator<SourceRecord[]> {
  for await (const batch of parseNdjson(body, { maxLineLength, stopOnLongLine: true })) {
    yield batch.map((r) => (r.error !== undefined ? { line: r.line, error: r.error } : { line: r.line, row: r.value }));
  }
}

/**
 * The request body as chunks. Unlike the stream's own async iterator, stopping early (return()) does not
 * destroy the request: the rest of the body is read and dropped, so the client can finish sending and read
 * the answer on the same socket.
 */
export function requestBody(req: IncomingMessage): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      let ended = false;
      let failure: Error | null = null;
      let wake: (() => void) | null = null;
      const notify = (): void => {
        const w = wake;
        wake = null;
        w?.();
      };
      const onEnd = (): void => {
        ended = true;
        notify();
      };
      const onError = (error: Error): void => {
        failure ??= error;
        notify();
      };
      const onClose = (): void => {
        if (!req.readableEnded) failure ??= new Error('the client closed the connection before the body ended');
        notify();
      };
      req.on('readable', notify);
      req.once('end', onEnd);
      req.once('error', onError);
      req.once('close', onClose);
      const cleanup = (): void => {
        req.off('readable', notify);
        req.off('end', onEnd);
        req.off('error', onError);
        req.off('close', onClose);
      };
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          for (;;) {
            if (failure) {
              cleanup();
              throw failure;
            }
            const chunk = req.read() as Buffer | null;
            if (chunk !== null) return { done: false, value: chunk };
            if (ended || req.readableEnded) {
              cleanup();
              return { done: true, value: undefined };
            }
            await new Promise<void>((resolve) => (wake = resolve));
          }
        },
        return(): Promise<IteratorResult<Uint8Array>> {
          cleanup();
          if (!req.readableEnded) req.resume();
          return Promise.resolve({ done: true, value: undefined });
        },
      };
    },
  };
}

export async function runBulkImport(
  services: Services,
  principal: Principal,
  request: BulkImportRequest,
  req: IncomingMessage,
  limits: BulkImportLimits = DEFAULT_BULK_LIMITS,
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
  const body = limitBytes(maybeGunzip(requestBody(req)), limits.maxBytes);
  const records = format === 'csv' ? csvRecords(body, limits.maxLineLength) : ndjsonRecords(body, limits.maxLineLength);
  try {
    return await run.consume(records);
  } finally {
    // However the import ended, what the client still sends is read and dropped, not left in the socket.
    if (!req.readableEnded) req.resume();
  }
}
