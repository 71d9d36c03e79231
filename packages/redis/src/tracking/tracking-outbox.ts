// Reads the shops' tracking streams as one consumer of the flush group. Entries stay pending until the batch
// is acknowledged (XACK + XDEL, so the streams do not grow); entries left pending by a reader that died are
// claimed after `claimIdleMs` and delivered again. Blocking reads use a connection of their own.

import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { OutboxBatch, TrackedEvent, TrackedRequestContext, TrackingOutbox } from '@shopspace/domain';
import type { Redis } from 'ioredis';
import type { KeySpace } from '../connection.ts';
import { TRACKING_GROUP, trackingStreamsKey, type ContextMeta, type RequestMeta } from './request-log.ts';

type StreamEntry = [id: string, fields: string[]];

export interface OutboxOptions {
  /** A pending entry idle this long belongs to a dead (or stuck) reader and is claimed. */
  readonly claimIdleMs?: number;
  readonly consumer?: string;
}

export class RedisTrackingOutbox implements TrackingOutbox {
  readonly #reader: Redis;
  readonly #consumer: string;
  readonly #claimIdleMs: number;
  #lastClaim = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
    options: OutboxOptions = {},
  ) {
    this.#reader = redis.duplicate({ maxRetriesPerRequest: null });
    this.#consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.#claimIdleMs = options.claimIdleMs ?? 30_000;
  }

  async read(max: number, blockMs: number): Promise<OutboxBatch | null> {
    const streams = await this.redis.smembers(trackingStreamsKey(this.keys));
    if (streams.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, blockMs));
      return null;
    }
    const claimed = await this.claimStale(streams, max);
    if (claimed.length > 0) return this.batch(claimed);
    const reply = (await this.#reader.xreadgroup(
      'GROUP',
      TRACKING_GROUP,
      this.#consumer,
      'COUNT',
      max,
      'BLOCK',
      blockMs,
      'STREAMS',
      ...streams,
      ...streams.map(() => '>'),
    )) as Array<[string, StreamEntry[]]> | null;
    if (!reply) return null;
    return this.batch(reply.flatMap(([stream, entries]) => entries.map((e) => ({ stream, entry: e }))));
  }

  /** Entries another reader took and never acknowledged (checked at most every claimIdleMs / 2). */
  private async claimStale(streams: string[], max: number): Promise<Array<{ stream: string; entry: StreamEntry }>> {
    const now = Date.now();
    if (now - this.#lastClaim < this.#claimIdleMs / 2) return [];
    this.#lastClaim = now;
    const out: Array<{ stream: string; entry: StreamEntry }> = [];
    for (const stream of streams) {
      if (out.length >= max) break;
      const reply = (await this.redis.xautoclaim(
        stream,
        TRACKING_GROUP,
        this.#consumer,
        this.#claimIdleMs,
        '0-0',
        'COUNT',
        max - out.length,
      )) as [string, Array<StreamEntry | null>, string[]?];
      for (const entry of reply[1]) if (entry) out.push({ stream, entry });
    }
    return out;
  }

  private batch(entries: Array<{ stream: string; entry: StreamEntry }>): OutboxBatch {
    const events: TrackedEvent[] = [];
    let malformed = 0;
    for (const { entry } of entries) {
      const event = parseEntry(entry[1]);
      if (event) events.push(event);
      else malformed++;
    }
    const byStream = new Map<string, string[]>();
    for (const { stream, entry } of entries) byStream.set(stream, [...(byStream.get(stream) ?? []), entry[0]]);
    return {
      events,
      malformed,
      ack: async () => {
        const pipeline = this.redis.pipeline();
        for (const [stream, ids] of byStream) {
          pipeline.xack(stream, TRACKING_GROUP, ...ids);
          pipeline.xdel(stream, ...ids);
        }
        await pipeline.exec();
      },
    };
  }

  async close(): Promise<void> {
    await this.#reader.quit().catch(() => undefined);
  }
}

function parseEntry(fields: string[]): TrackedEvent | null {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i] ?? '', fields[i + 1] ?? '');
  const kind = f.get('k');
  const sku = f.get('sku');
  const requestId = f.get('r');
  const at = Number(f.get('at'));
  const position = Number(f.get('pos'));
  if ((kind !== 'IMPRESSION' && kind !== 'CLICK') || !sku || !requestId || !Number.isFinite(at)) return null;
  let meta: RequestMeta;
  try {
    meta = JSON.parse(f.get('m') ?? '') as RequestMeta;
  } catch {
    return null;
  }
  if (typeof meta.t !== 'string' || typeof meta.s !== 'string' || typeof meta.a !== 'number') return null;
  const request = parseContext(f.get('c'));
  return {
    tenantId: meta.t,
    shopId: meta.s,
    requestId,
    kind,
    sku,
    position: Number.isInteger(position) ? position : 0,
    placement: meta.p ?? null,
    experimentId: meta.e ?? null,
    variant: meta.v ?? null,
    servedAt: new Date(meta.a),
    occurredAt: new Date(at),
    ...(request ? { request } : {}),
  };
}

/** The request context an entry carries; an unreadable one is dropped (the event itself still counts). */
function parseContext(raw: string | undefined): TrackedRequestContext | null {
  if (raw === undefined) return null;
  let c: ContextMeta;
  try {
    c = JSON.parse(raw) as ContextMeta;
  } catch {
    return null;
  }
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    sessionId: text(c.s),
    userId: text(c.u),
    visitorId: text(c.v),
    sessionSkus: texts(c.q),
    strategy: text(c.g),
    modelVersionId: text(c.mv),
    skus: texts(c.k),
  };
}

/** Entries written ahead to the shops' tracking streams and not yet flushed (acknowledged ones are deleted). */
export async function trackingBacklog(redis: Redis, keys: KeySpace): Promise<number> {
  const streams = await redis.smembers(trackingStreamsKey(keys));
  if (streams.length === 0) return 0;
  const pipeline = redis.pipeline();
  for (const s of streams) pipeline.xlen(s);
  const replies = (await pipeline.exec()) ?? [];
  return replies.reduce((n, [, length]) => n + (typeof length === 'number' ? length : 0), 0);
}
