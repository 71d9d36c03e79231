// API keys: minting (shown once, stored as a sha256 hash), listing, revocation, and the single place where a
// bearer token becomes a Principal.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { badInput, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { requireOperator, secretScope, type ApiKeyKind, type Principal } from './principal.ts';
import type { ApiKeyRecord, ApiKeyRepository } from './tenancy.ports.ts';
import type { ChangeFeed } from '../changes/change.ts';

const PREFIX: Record<ApiKeyKind, string> = { SECRET: 'sk_live_', PUBLISHABLE: 'pk_live_' };
const DISPLAY_PREFIX_LENGTH = 12;
const MAX_LABEL_LENGTH = 100;

export interface MintedKey {
  readonly secret: string;
  readonly prefix: string;
  readonly hash: string;
}

export const hashKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** 24 random bytes (192 bits) in base64url: unguessable, so a plain sha256 is a sufficient stored form. */
export function mintKey(kind: ApiKeyKind): MintedKey {
  const secret = PREFIX[kind] + randomBytes(24).toString('base64url');
  return { secret, prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH), hash: hashKey(secret) };
}

export interface ApiKeyServiceOptions {
  readonly operatorToken: string | undefined;
  /** How long a resolved key is trusted without a database read; revocation elsewhere shows up within this. */
  readonly cacheTtlMs?: number;
  /** lastUsedAt is written at most this often per key, off the request path. */
  readonly touchEveryMs?: number;
  /** How long a token that matched no key is answered anonymous without a database read (default 60 s). */
  readonly unknownTtlMs?: number;
  readonly now?: () => number;
  /** Tells the other API processes to drop a revoked key from their caches. */
  readonly changes?: ChangeFeed;
}

interface CachedKey {
  readonly principal: Principal;
  readonly until: number;
}

/** Unknown key hashes remembered at most this many at once (a flood of random keys must not grow memory). */
const MAX_UNKNOWN = 50_000;

export class ApiKeyService {
  private readonly cache = new Map<string, CachedKey>();
  /**
   * Negative cache: hashes of tokens that looked like keys but matched none, until when. Kept apart from the
   * known keys so a flood of random keys neither evicts them nor costs a database read each time it repeats.
   */
  private readonly unknown = new Map<string, number>();
  private readonly lastTouch = new Map<string, number>();
  private readonly operatorDigest: Buffer | null;
  private readonly now: () => number;

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly options: ApiKeyServiceOptions,
  ) {
    this.operatorDigest = options.operatorToken ? createHash('sha256').update(options.operatorToken).digest() : null;
    this.now = options.now ?? Date.now;
  }

  /** Resolves `Authorization: Bearer <token>`; an unknown or revoked key is anonymous, never an exception. */
  async authenticate(token: string | null | undefined): Promise<Principal> {
    if (!token) return { kind: 'anonymous' };
    if (this.operatorDigest) {
      const digest = createHash('sha256').update(token).digest();
      if (timingSafeEqual(digest, this.operatorDigest)) return { kind: 'operator' };
    }
    if (!token.startsWith(PREFIX.SECRET) && !token.startsWith(PREFIX.PUBLISHABLE)) return { kind: 'anonymous' };
    const hash = hashKey(token);
    const now = this.now();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) {
      this.touchLater(cached.principal, now);
      return cached.principal;
    }
    const unknownUntil = this.unknown.get(hash);
    if (unknownUntil !== undefined && unknownUntil > now) return { kind: 'anonymous' };
    const record = await this.keys.findByHash(hash);
    if (!record || record.revokedAt) {
      if (this.unknown.size >= MAX_UNKNOWN) this.unknown.clear();
      this.unknown.set(hash, now + (this.options.unknownTtlMs ?? 60_000));
      return { kind: 'anonymous' };
    }
    const principal: Principal = { kind: 'key', tenantId: record.tenantId, keyId: record.id, keyKind: record.kind };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: now + (this.options.cacheTtlMs ?? 5_000) });
    this.touchLater(principal, now);
    return principal;
  }

  /**
   * The caller when the token resolves to a live key or the operator without a database read (a key seen in
   * the last cacheTtlMs), else null: anonymous, unknown, or not looked up yet. The HTTP layer rate-limits the
   * null case per client address before authenticate() may read the database.
   */
  knownCaller(token: string | null | undefined): Principal | null {
    if (!token) return null;
    if (this.operatorDigest) {
      const digest = createHash('sha256').update(token).digest();
      if (timingSafeEqual(digest, this.operatorDigest)) return { kind: 'operator' };
    }
    if (!token.startsWith(PREFIX.SECRET) && !token.startsWith(PREFIX.PUBLISHABLE)) return null;
    const cached = this.cache.get(hashKey(token));
    return cached && cached.until > this.now() ? cached.principal : null;
  }

  async create(
    principal: Principal,
    kind: ApiKeyKind,
    label: string | null | undefined,
  ): Promise<{ apiKey: ApiKeyRecord; secret: string }> {
    const scope = secretScope(principal);
    const cleanLabel = label?.trim() || null;
    if (cleanLabel && cleanLabel.length > MAX_LABEL_LENGTH) {
      throw badInput('label', `must be at most ${MAX_LABEL_LENGTH} characters`);
    }
    const minted = mintKey(kind);
    const apiKey = await this.keys.create({
      tenantId: scope.tenantId,
      kind,
      label: cleanLabel,
      prefix: minted.prefix,
      hash: minted.hash,
    });
    return { apiKey, secret: minted.secret };
  }

  /** The operator mints a key for a tenant (lost keys, the demo): the explicit cross-tenant write path. */
  async createAsOperator(
    principal: Principal,
    tenantId: string,
    kind: ApiKeyKind,
    label: string,
  ): Promise<{ apiKey: ApiKeyRecord; secret: string }> {
    requireOperator(principal);
    const minted = mintKey(kind);
    const apiKey = await this.keys.create({ tenantId, kind, label, prefix: minted.prefix, hash: minted.hash });
    return { apiKey, secret: minted.secret };
  }

  async list(principal: Principal): Promise<ApiKeyRecord[]> {
    return this.keys.list(secretScope(principal).tenantId);
  }

  async revoke(principal: Principal, id: string): Promise<ApiKeyRecord> {
    const scope = secretScope(principal);
    if (!isUuid(id)) throw notFound('API key', id);
    const revoked = await this.keys.revoke(scope.tenantId, id, new Date(this.now()));
    if (!revoked) throw notFound('API key', id);
    this.forget(id);
    await this.options.changes?.publish({ kind: 'api-key-revoked', tenantId: scope.tenantId, keyId: id });
    return revoked;
  }

  /** Drops a key from this process's cache (called on revoke, and on a revocation heard from another process). */
  forget(keyId: string): void {
    for (const [hash, entry] of this.cache) {
      if (entry.principal.kind === 'key' && entry.principal.keyId === keyId) this.cache.delete(hash);
    }
  }

  private touchLater(principal: Principal, now: number): void {
    if (principal.kind !== 'key') return;
    const last = this.lastTouch.get(principal.keyId) ?? 0;
    if (now - last < (this.options.touchEveryMs ?? 60_000)) return;
    this.lastTouch.set(principal.keyId, now);
    // Best effort: a lost lastUsedAt write must never fail or slow the request.
    this.keys.touch(principal.keyId, new Date(now)).catch(() => undefined);
  }
}
