// Streams a file to the bulk import endpoint over plain HTTP, reporting bytes sent as it goes.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface UploadOptions {
  readonly apiUrl: string;
  readonly key: string;
  readonly shopId: string;
  readonly kind: 'items' | 'events';
  readonly file: string;
  readonly params: Record<string, string>;
  readonly onBytes?: (sent: number, total: number) => void;
}

export interface UploadResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function uploadFile(options: UploadOptions): Promise<UploadResult> {
  const { size } = await stat(options.file);
  const url = new URL(`/v1/shops/${encodeURIComponent(options.shopId)}/imports/${options.kind}`, options.apiUrl);
  for (const [k, v] of Object.entries(options.params)) url.searchParams.set(k, v);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.key}`,
          'content-type': options.params['format'] === 'ndjson' ? 'application/x-ndjson' : 'text/csv',
          'content-length': String(size),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
          } catch {
            reject(new Error(`unexpected answer (HTTP ${res.statusCode ?? '?'}): ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    let sent = 0;
    const file = createReadStream(options.file, { highWaterMark: 256 * 1024 });
    file.on('data', (chunk) => {
      sent += chunk.length;
      options.onBytes?.(sent, size);
    });
    file.on('error', (e) => req.destroy(e));
    file.pipe(req);
  });
}
