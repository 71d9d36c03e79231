// Validation of one catalog row, shared by upsertItems and the bulk importer: the row becomes an ItemRecord or
// a RowError naming the first bad field.

import type { RowError } from '../shared/row-error.ts';
import {
  categoryPath,
  optionalBoolean,
  optionalJsonObject,
  optionalNumber,
  optionalString,
  requiredString,
  type FieldResult,
} from '../shared/fields.ts';

export interface ItemRecord {
  readonly sku: string;
  readonly title: string;
  readonly description: string | null;
  readonly category: string[];
  readonly brand: string | null;
  readonly price: number | null;
  readonly attributes: Record<string, unknown> | null;
  readonly active: boolean;
}

export const ITEM_LIMITS = {
  sku: 256,
  title: 1_000,
  description: 20_000,
  brand: 200,
  categoryDepth: 10,
  categoryLevel: 200,
  attributesBytes: 16_384,
  attributesDepth: 32,
  /** The largest price numeric(14, 4) holds. */
  price: 9_999_999_999.9999,
} as const;

export type Validated<T> = { ok: true; value: T } | { ok: false; error: RowError };

export function validateItem(raw: Record<string, unknown>, index: number, coerce = false): Validated<ItemRecord> {
  const fields: { [K in keyof ItemRecord]: FieldResult<ItemRecord[K]> } = {
    sku: requiredString(raw['sku'], ITEM_LIMITS.sku, 'id'),
    title: requiredString(raw['title'], ITEM_LIMITS.title),
    description: optionalString(raw['description'], ITEM_LIMITS.description),
    category: categoryPath(raw['category'], coerce, ITEM_LIMITS.categoryDepth, ITEM_LIMITS.categoryLevel),
    brand: optionalString(raw['brand'], ITEM_LIMITS.brand),
    price: optionalNumber(raw['price'], coerce, { min: 0, max: ITEM_LIMITS.price, scale: 4 }),
    attributes: optionalJsonObject(raw['attributes'], coerce, ITEM_LIMITS.attributesBytes, ITEM_LIMITS.attributesDepth),
    active: optionalBoolean(raw['active'], coerce, true),
  };
  for (const [field, result] of Object.entries(fields)) {
    if (!result.ok) return { ok: false, error: { index, field, message: `${field} ${result.message}` } };
  }
  const value = Object.fromEntries(
    Object.entries(fields).map(([k, r]) => [k, (r as { value: unknown }).value]),
  ) as unknown as ItemRecord;
  return { ok: true, value };
}
