// Shops of a tenant. Every read resolves the shop through the caller's tenant, so another tenant's shop id
// behaves exactly like an id that does not exist.

import { badInput, conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { requireOperator, secretScope, type Principal, type TenantScope } from '../tenancy/principal.ts';
import type { Shop, ShopRepository } from './catalog.ports.ts';

const HANDLE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const CURRENCY = /^[A-Z]{3}$/;

const KNOWN_SHOP_TTL_MS = 60_000;

export class ShopService {
  /** Shops known to exist per tenant, for the storefront hot path (shops are never deleted or moved). */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly shops: ShopRepository,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Like `require`, but answers from memory for a shop seen in the last minute: storefront queries must not
   * pay a database round trip per request just to learn that the shop is still theirs.
   */
  async requireKnown(scope: TenantScope, id: string): Promise<string> {
    const key = `${scope.tenantId}/${id}`;
    const until = this.known.get(key);
    if (until !== undefined && until > this.now()) return id;
    const shop = await this.require(scope, id);
    if (this.known.size > 100_000) this.known.clear();
    this.known.set(key, this.now() + KNOWN_SHOP_TTL_MS);
    return shop.id;
  }

  async create(principal: Principal, input: { handle: string; name: string; currency?: string | null }): Promise<Shop> {
    const scope = secretScope(principal);
    const handle = input.handle.trim();
    if (!HANDLE.test(handle)) {
      throw badInput(
        'input.handle',
        'must be 1-64 lowercase letters, digits or dashes, not starting or ending with a dash',
      );
    }
    const name = input.name.trim();
    if (!name) throw badInput('input.name', 'must not be empty');
    if (name.length > 200) throw badInput('input.name', 'must be at most 200 characters');
    const currency = (input.currency ?? 'EUR').trim().toUpperCase();
    if (!CURRENCY.test(currency)) throw badInput('input.currency', 'must be a three-letter ISO 4217 code such as EUR');
    const shop = await this.shops.create(scope.tenantId, { handle, name, currency });
    if (!shop) throw conflict(`a shop with handle "${handle}" already exists`, 'input.handle');
    return shop;
  }

  async list(principal: Principal): Promise<Shop[]> {
    return this.shops.list(secretScope(principal).tenantId);
  }

  /** The console's operator view of one tenant's shops: the explicit cross-tenant read path. */
  async listAsOperator(principal: Principal, tenantId: string): Promise<Shop[]> {
    requireOperator(principal);
    return this.shops.list(tenantId);
  }

  async get(principal: Principal, id: string): Promise<Shop> {
    return this.require(secretScope(principal), id);
  }

  /** Resolves a shop id within a scope, or NOT_FOUND. Other services call this before touching a shop. */
  async require(scope: TenantScope, id: string): Promise<Shop> {
    if (!isUuid(id)) throw notFound('shop', id);
    const shop = await this.shops.find(scope.tenantId, id);
    if (!shop) throw notFound('shop', id);
    return shop;
  }
}
