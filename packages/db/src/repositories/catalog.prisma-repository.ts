// Shops and items. Reads go through Prisma; the batch upsert is one SQL statement over unnest()ed arrays that
// also keeps Shop.itemCount, so a 10,000-row batch is a single round trip.

import type { Item, ItemPage, ItemRecord, ItemRepository, Shop, ShopRepository } from '@shopspace/domain';
import type { PrismaClient, SqlClient } from '../database.ts';
import { Prisma } from '../generated/prisma/client.ts';

type ShopRow = Awaited<ReturnType<PrismaClient['shop']['findFirstOrThrow']>>;
const toShop = (s: ShopRow): Shop => ({ ...s, eventCount: Number(s.eventCount) });

export class ShopPrismaRepository implements ShopRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(tenantId: string, input: { handle: string; name: string; currency: string }): Promise<Shop | null> {
    try {
      return toShop(await this.prisma.shop.create({ data: { tenantId, ...input } }));
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }

  async list(tenantId: string): Promise<Shop[]> {
    return (await this.prisma.shop.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } })).map(toShop);
  }

  async find(tenantId: string, id: string): Promise<Shop | null> {
    const s = await this.prisma.shop.findFirst({ where: { id, tenantId } });
    return s && toShop(s);
  }

  async findByHandle(tenantId: string, handle: string): Promise<Shop | null> {
    const s = await this.prisma.shop.findUnique({ where: { tenantId_handle: { tenantId, handle } } });
    return s && toShop(s);
  }
}

type ItemRow = Awaited<ReturnType<PrismaClient['item']['findFirstOrThrow']>>;
const toItem = (i: ItemRow): Item => ({
  sku: i.sku,
  shopId: i.shopId,
  title: i.title,
  description: i.description,
  category: i.category,
  brand: i.brand,
  price: i.price === null ? null : i.price.toNumber(),
  attributes: (i.attributes ?? null) as Record<string, unknown> | null,
  active: i.active,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});

const UPSERT_ITEMS = `
WITH up AS (
  INSERT INTO items AS i (id, tenant_id, shop_id, sku, title, description, category, brand, price, attributes, active, updated_at)
  SELECT gen_random_uuid(), $1::uuid, $2::uuid, t.sku, t.title, t.description,
         ARRAY(SELECT jsonb_array_elements_text(t.category::jsonb)), t.brand, t.price::numeric, t.attributes::jsonb, t.active, now()
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[], $10::bool[])
       AS t(sku, title, description, category, brand, price, attributes, active)
  ON CONFLICT (tenant_id, shop_id, sku) DO UPDATE SET
    title = EXCLUDED.title, description = EXCLUDED.description, category = EXCLUDED.category, brand = EXCLUDED.brand,
    price = EXCLUDED.price, attributes = EXCLUDED.attributes, active = EXCLUDED.active, updated_at = now()
  RETURNING (xmax = 0) AS inserted
), n AS (
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up
), s AS (
  UPDATE shops SET item_count = item_count + (SELECT inserted FROM n), catalog_version = catalog_version + 1
  WHERE id = $2::uuid AND tenant_id = $1::uuid
)
SELECT inserted, updated FROM n`;

const DEACTIVATE_ITEMS = `
WITH d AS (
  UPDATE items SET active = false, updated_at = now()
  WHERE tenant_id = $1::uuid AND shop_id = $2::uuid AND sku = ANY($3::text[]) AND active
  RETURNING 1
), s AS (
  UPDATE shops SET catalog_version = catalog_version + 1
  WHERE id = $2::uuid AND tenant_id = $1::uuid AND EXISTS (SELECT 1 FROM d)
)
SELECT count(*)::int AS changed FROM d`;

export class ItemPrismaRepository implements ItemRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlClient,
  ) {}

  async upsertMany(
    tenantId: string,
    shopId: string,
    rows: readonly ItemRecord[],
  ): Promise<{ inserted: number; updated: number }> {
    const [result] = await this.sql.query<{ inserted: number; updated: number }>(UPSERT_ITEMS, [
      tenantId,
      shopId,
      rows.map((r) => r.sku),
      rows.map((r) => r.title),
      rows.map((r) => r.description),
      rows.map((r) => JSON.stringify(r.category)),
      rows.map((r) => r.brand),
      rows.map((r) => r.price),
      rows.map((r) => (r.attributes === null ? null : JSON.stringify(r.attributes))),
      rows.map((r) => r.active),
    ]);
    return result ?? { inserted: 0, updated: 0 };
  }

  async deactivate(tenantId: string, shopId: string, skus: readonly string[]): Promise<number> {
    const [r] = await this.sql.query<{ changed: number }>(DEACTIVATE_ITEMS, [tenantId, shopId, skus]);
    return r?.changed ?? 0;
  }

  async find(tenantId: string, shopId: string, sku: string): Promise<Item | null> {
    const i = await this.prisma.item.findUnique({ where: { tenantId_shopId_sku: { tenantId, shopId, sku } } });
    return i && toItem(i);
  }

  async all(tenantId: string, shopId: string): Promise<Item[]> {
    return (await this.prisma.item.findMany({ where: { tenantId, shopId } })).map(toItem);
  }

  async page(
    tenantId: string,
    shopId: string,
    args: { first: number; afterSku: string | null; query: string | null },
  ): Promise<ItemPage> {
    const where: Prisma.ItemWhereInput = { tenantId, shopId };
    if (args.query) {
      // Prisma passes the text into LIKE as it is: `%` and `_` would be wildcards (`items(query:"%")` matched
      // every item). PostgreSQL's default LIKE escape character is the backslash.
      const literal = escapeLike(args.query);
      where.OR = [
        { sku: { startsWith: literal, mode: 'insensitive' } },
        { title: { contains: literal, mode: 'insensitive' } },
      ];
    }
    const [rows, totalCount] = await Promise.all([
      this.prisma.item.findMany({
        where: args.afterSku === null ? where : { AND: [where, { sku: { gt: args.afterSku } }] },
        orderBy: { sku: 'asc' },
        take: args.first + 1,
      }),
      this.prisma.item.count({ where }),
    ]);
    return { items: rows.slice(0, args.first).map(toItem), hasNextPage: rows.length > args.first, totalCount };
  }
}

/** Text matched literally inside a LIKE pattern. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
