// Reading a bounded JSON request body.

import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {}

/** A body whose bytes are not UTF-8: refused, never stored with U+FFFD in place of the bad bytes. */
export class BodyNotUtf8 extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLarge(`request body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new BodyNotUtf8('request body is not valid UTF-8');
  }
}
