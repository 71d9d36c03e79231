// validateItem: a row becomes an ItemRecord or one RowError naming its index and the first bad field; limits
// are inclusive; text forms (CSV cells) are read only when coercing.

import { describe, expect, it } from 'vitest';
import { ITEM_LIMITS, validateItem } from './item.validation.ts';

const base = { sku: 'sku-1', title: 'Mug' };

const errorOf = (raw: Record<string, unknown>, index = 0, coerce = false) => {
  const r = validateItem(raw, index, coerce);
  return r.ok ? null : r.error;
};

describe('validateItem', () => {
  it('fills the defaults of a minimal row and trims text', () => {
    expect(validateItem({ sku: ' sku-1 ', title: ' Mug ' }, 0)).toEqual({
      ok: true,
      value: {
        sku: 'sku-1',
        title: 'Mug',
        description: null,
        category: [],
        brand: null,
        price: null,
        attributes: null,
        active: true,
      },
    });
  });

  it('names the row index and the field, with the field first in the message', () => {
    expect(errorOf({ title: 'x' }, 7)).toEqual({ index: 7, field: 'sku', message: 'sku is required' });
    expect(errorOf({ sku: 'a', title: '  ' }, 3)).toEqual({ index: 3, field: 'title', message: 'title is required' });
    expect(errorOf({ ...base, price: -0.01 })).toEqual({
      index: 0,
      field: 'price',
      message: 'price must be at least 0',
    });
    expect(errorOf({ ...base, sku: 42 })).toMatchObject({ field: 'sku', message: 'sku must be a string' });
    expect(errorOf({ ...base, active: 'maybe' })).toMatchObject({ field: 'active' });
    expect(errorOf({ ...base, attributes: [1] })).toMatchObject({
      field: 'attributes',
      message: 'attributes must be a JSON object',
    });
  });

  it('reports the first bad field in field order when several are bad', () => {
    expect(errorOf({ sku: '', title: '', price: 'x' })).toMatchObject({ field: 'sku' });
    expect(errorOf({ ...base, brand: 'b'.repeat(201), price: -1 })).toMatchObject({ field: 'brand' });
  });

  it('accepts every limit exactly and refuses one past it', () => {
    const atLimit = {
      sku: 's'.repeat(ITEM_LIMITS.sku),
      title: 't'.repeat(ITEM_LIMITS.title),
      description: 'd'.repeat(ITEM_LIMITS.description),
      brand: 'b'.repeat(ITEM_LIMITS.brand),
      category: Array.from({ length: ITEM_LIMITS.categoryDepth }, () => 'c'.repeat(ITEM_LIMITS.categoryLevel)),
      price: 0,
    };
    expect(validateItem(atLimit, 0).ok).toBe(true);
    const over: Array<[string, unknown]> = [
      ['sku', 's'.repeat(ITEM_LIMITS.sku + 1)],
      ['title', 't'.repeat(ITEM_LIMITS.title + 1)],
      ['description', 'd'.repeat(ITEM_LIMITS.description + 1)],
      ['brand', 'b'.repeat(ITEM_LIMITS.brand + 1)],
      ['category', Array.from({ length: ITEM_LIMITS.categoryDepth + 1 }, () => 'c')],
      ['category', ['c'.repeat(ITEM_LIMITS.categoryLevel + 1)]],
    ];
    for (const [field, value] of over) expect(errorOf({ ...atLimit, [field]: value })).toMatchObject({ field });
  });

  it('limits attributes by the size of their JSON', () => {
    // {"k":"…"} is 8 characters around the value.
    const fits = { k: 'v'.repeat(ITEM_LIMITS.attributesBytes - 8) };
    expect(JSON.stringify(fits).length).toBe(ITEM_LIMITS.attributesBytes);
    expect(validateItem({ ...base, attributes: fits }, 0).ok).toBe(true);
    expect(errorOf({ ...base, attributes: { k: 'v'.repeat(ITEM_LIMITS.attributesBytes - 7) } })).toMatchObject({
      field: 'attributes',
      message: `attributes must be at most ${ITEM_LIMITS.attributesBytes} bytes of JSON`,
    });
  });

  it('reads CSV text forms only when coercing', () => {
    const csv = {
      ...base,
      price: ' 2.50 ',
      active: 'no',
      category: 'Home > Kitchen / Mugs | Large',
      attributes: '{"colour":"red"}',
    };
    expect(validateItem(csv, 0, true)).toMatchObject({
      ok: true,
      value: {
        price: 2.5,
        active: false,
        category: ['Home', 'Kitchen', 'Mugs', 'Large'],
        attributes: { colour: 'red' },
      },
    });
    expect(errorOf(csv, 0, false)).toMatchObject({ field: 'category' });
    expect(errorOf({ ...base, price: '2.5' }, 0, false)).toMatchObject({
      field: 'price',
      message: 'price must be a number',
    });
    expect(errorOf({ ...base, attributes: '{nope' }, 0, true)).toMatchObject({ field: 'attributes' });
    for (const [text, value] of [
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['false', false],
      ['0', false],
    ] as const) {
      expect(validateItem({ ...base, active: text }, 0, true)).toMatchObject({ value: { active: value } });
    }
  });

  it('refuses values PostgreSQL cannot store (NUL in text or JSON, a price past numeric(14, 4)) as row errors', () => {
    const nul = 'a\u0000b';
    for (const [field, value] of [
      ['sku', nul],
      ['title', nul],
      ['description', nul],
      ['brand', nul],
      ['category', ['Home', nul]],
      ['attributes', { note: nul }],
      ['attributes', { [nul]: 1 }],
    ] as const) {
      expect(errorOf({ ...base, [field]: value }, 4)).toEqual({
        index: 4,
        field,
        message: `${field} must not contain NUL (U+0000) characters`,
      });
    }
    expect(validateItem({ ...base, price: ITEM_LIMITS.price }, 0).ok).toBe(true);
    expect(errorOf({ ...base, price: 1e10 })).toMatchObject({ field: 'price', message: /^price must be at most/ });
  });

  it('drops empty category levels and treats blanks as absent', () => {
    expect(validateItem({ ...base, category: ['Home', ' ', 'Mugs'], description: '  ', brand: '' }, 0)).toMatchObject({
      value: { category: ['Home', 'Mugs'], description: null, brand: null },
    });
  });

  it('refuses a price the column would round, hex and non-finite numbers, naming the field', () => {
    expect(errorOf({ ...base, price: 0.00001 })).toMatchObject({ field: 'price', message: /at most 4 decimal places/ });
    expect(errorOf({ ...base, price: '12.34567' }, 0, true)).toMatchObject({ field: 'price' });
    expect(validateItem({ ...base, price: 19.99 }, 0).ok).toBe(true);
    expect(validateItem({ ...base, price: 9_999_999_999.9999 }, 0).ok).toBe(true);
    expect(validateItem({ ...base, price: '0.0001' }, 0, true)).toMatchObject({ value: { price: 0.0001 } });
    for (const text of ['0x10', '0b11', '1_000', 'Infinity', '1e12', '12,50', 'NaN']) {
      expect(errorOf({ ...base, price: text }, 0, true)).toMatchObject({ field: 'price' });
    }
    expect(errorOf({ ...base, price: Number.POSITIVE_INFINITY })).toMatchObject({ field: 'price' });
  });

  it('refuses control characters: any in a sku, all but tab and newlines in text', () => {
    expect(errorOf({ ...base, title: 'Mug\u0007' })).toMatchObject({
      field: 'title',
      message: 'title must not contain control characters',
    });
    expect(validateItem({ ...base, description: 'line 1\nline 2\tend' }, 0).ok).toBe(true);
    expect(errorOf({ ...base, sku: 'a\nb' })).toMatchObject({ field: 'sku' });
    expect(validateItem({ ...base, sku: 'sku-1\r' }, 0)).toMatchObject({ value: { sku: 'sku-1' } });
  });

  it('bounds attributes in depth (32) and size without recursing, so 10,000 levels are a row error', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(errorOf({ ...base, attributes: deep })).toMatchObject({
      field: 'attributes',
      message: 'attributes must nest at most 32 levels deep',
    });
    const text = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    expect(errorOf({ ...base, attributes: text }, 0, true)).toMatchObject({ field: 'attributes' });
    let ok: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 31; i++) ok = { a: ok };
    expect(validateItem({ ...base, attributes: ok }, 0).ok).toBe(true);
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    expect(errorOf({ ...base, attributes: wide })).toMatchObject({ field: 'attributes', message: /bytes of JSON/ });
  });
});
