// The request log and the tracking write-ahead log in Redis. A served list is a hash under the tenant and
// shop (meta + one field per sku shown, with its position) that expires after a TTL; tracking runs one Lua
// script that checks the request and its skus, marks each (kind, sku) once with HSETNX and appends the new
// ones to the shop's stream, atomically, before the API answers. A click implies an impression of the same
// sku, so clicks can never outnumber impressions. The request's context (session, user, strategy, the list)
// rides on the first entry streamed for the request only, so the flusher can store it once.

import type { RequestLog, ServedRequest, TrackKind, TrackOutcome } from '@shopspace/domain';
import type { Redis } from 'ioredis';
import type { KeySpace } from '../connection.ts';
import { RedisDeadline, STOREFRONT_REDIS_DEADLINE_MS, guarded } from '../deadline.ts';

/** The consumer group every flusher reads the shop streams with. */
export const TRACKING_GROUP = 'flush';

const TRACK_SCRIPT = `
local meta = redis.call('HGET', KEYS[1], 'm')
if not meta then return {'unknown-request'} end
local positions = {}
for i = 5, #ARGV do
  local p = redis.call('HGET', KEYS[1], 's:' .. ARGV[i])
  if not p then return {'not-shown', ARGV[i]} end
  positions[i] = p
end
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('XGROUP', 'CREATE', KEYS[2], '${TRACKING_GROUP}', '0', 'MKSTREAM')
elseif redis.call('XLEN', KEYS[2]) >= tonumber(ARGV[3]) then
  return {'backlog-full'}
end
redis.call('SADD', KEYS[3], KEYS[2])
local added = 0
local context = redis.call('HGET', KEYS[1], 'c')
local function mark(kind, prefix, sku, position)
  if redis.call('HSETNX', KEYS[1], prefix .. sku, ARGV[2]) == 1 then
    if context and redis.call('HSETNX', KEYS[1], 'cx', '1') == 1 then
      redis.call('XADD', KEYS[2], '*', 'r', ARGV[4], 'k', kind, 'sku', sku, 'pos', position, 'at', ARGV[2], 'm', meta,
        'c', context)
    else
      redis.call('XADD', KEYS[2], '*', 'r', ARGV[4], 'k', kind, 'sku', sku, 'pos', position, 'at', ARGV[2], 'm', meta)
    end
    return 1
  end
  return 0
end
for i = 5, #ARGV do
  local sku = ARGV[i]
  if ARGV[1] == 'CLICK' then
    mark('IMPRESSION', 'i:', sku, positions[i])
    added = added + mark('CLICK', 'c:', sku, positions[i])
  else
    added = added + mark('IMPRESSION', 'i:', sku, positions[i])
  end
end
return {'ok', added}
`;

type TrackReply = [string, (string | number)?];

interface TrackingCommands {
  shopspaceTrack(...args: Array<string | number>): Promise<TrackReply>;
}

export interface RequestLogOptions {
  /** How long a served list can be tracked; memory is about this × request rate × ~300 bytes. */
  readonly ttlSeconds?: number;
  /** Entries a shop's stream may hold unflushed before tracking is refused (backpressure, never loss). */
  readonly maxBacklog?: number;
  /** How long remembering a served list may wait for a disconnected Redis before the answer goes out untracked (default 250 ms; 2 s while connected). */
  readonly rememberDeadlineMs?: number;
}

/** Redis key of a shop's tracking stream, and of the set listing every such stream (the flusher's index). */
export const trackingStreamKey = (keys: KeySpace, tenantId: string, shopId: string): string =>
  keys.shopKey(tenantId, shopId, 'track');
export const trackingStreamsKey = (keys: KeySpace): string => keys.key('track', 'streams');

/** A request's context as stored (field `c`) and streamed with its first entry: compact JSON. */
export interface ContextMeta {
  /** sessionId, userId, visitorId, session skus, strategy, model version, skus shown. */
  readonly s: string | null;
  readonly u: string | null;
  readonly v: string | null;
  readonly q: readonly string[];
  readonly g: string | null;
  readonly mv: string | null;
  readonly k: readonly string[];
}

/** Meta of a served request as stored and streamed: compact JSON, parsed back by the outbox. */
export interface RequestMeta {
  readonly t: string;
  readonly s: string;
  readonly p: string | null;
  readonly e: string | null;
  readonly v: string | null;
  /** servedAt, epoch ms. */
  readonly a: number;
}

export class RedisRequestLog implements RequestLog {
  readonly #redis: Redis & TrackingCommands;
  readonly #ttl: number;
  readonly #maxBacklog: number;
  readonly #rememberDeadlineMs: number;

  constructor(
    redis: Redis,
    private readonly keys: KeySpace,
    options: RequestLogOptions = {},
  ) {
    if (!('shopspaceTrack' in redis)) redis.defineCommand('shopspaceTrack', { numberOfKeys: 3, lua: TRACK_SCRIPT });
    this.#redis = redis as Redis & TrackingCommands;
    this.#ttl = options.ttlSeconds ?? 3_600;
    this.#maxBacklog = options.maxBacklog ?? 1_000_000;
    this.#rememberDeadlineMs = options.rememberDeadlineMs ?? STOREFRONT_REDIS_DEADLINE_MS;
  }

  async remember(request: ServedRequest): Promise<void> {
    const key = this.keys.shopKey(request.tenantId, request.shopId, 'req', request.token);
    const meta: RequestMeta = {
      t: request.tenantId,
      s: request.shopId,
      p: request.placement,
      e: request.experimentId,
      v: request.variant,
      a: request.servedAt.getTime(),
    };
    const fields: string[] = ['m', JSON.stringify(meta)];
    const c = request.context;
    if (c) {
      const context: ContextMeta = {
        s: c.sessionId,
        u: c.userId,
        v: c.visitorId,
        q: c.sessionSkus,
        g: c.strategy,
        mv: c.modelVersionId,
        k: request.skus,
      };
      fields.push('c', JSON.stringify(context));
    }
    request.skus.forEach((sku, position) => fields.push(`s:${sku}`, String(position)));
    // A deadline, so a Redis that is down makes the answer untracked instead of slow (see rememberServed).
    await guarded(
      this.#redis,
      () =>
        this.#redis
          .multi()
          .hset(key, ...fields)
          .expire(key, this.#ttl)
          .exec(),
      this.#rememberDeadlineMs,
      'request log',
    );
  }

  async track(
    tenantId: string,
    shopId: string,
    token: string,
    kind: TrackKind,
    skus: readonly string[],
    at: Date,
  ): Promise<TrackOutcome> {
    let reply: Awaited<ReturnType<TrackingCommands['shopspaceTrack']>>;
    try {
      reply = await guarded(
        this.#redis,
        () =>
          this.#redis.shopspaceTrack(
            this.keys.shopKey(tenantId, shopId, 'req', token),
            trackingStreamKey(this.keys, tenantId, shopId),
            trackingStreamsKey(this.keys),
            kind,
            at.getTime(),
            this.#maxBacklog,
            `${shopId}.${token}`,
            ...skus,
          ),
        this.#rememberDeadlineMs,
        'tracking',
      );
    } catch (error) {
      // Not acknowledged: the caller says so and the client retries (idempotent per request, kind and sku).
      if (error instanceof RedisDeadline) return { status: 'unavailable' };
      throw error;
    }
    switch (reply[0]) {
      case 'ok':
        return { status: 'ok', added: Number(reply[1]) };
      case 'not-shown':
        return { status: 'not-shown', sku: String(reply[1]) };
      case 'backlog-full':
        return { status: 'backlog-full' };
      default:
        return { status: 'unknown-request' };
    }
  }
}
