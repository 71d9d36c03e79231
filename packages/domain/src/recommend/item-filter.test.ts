// What a storefront may be shown: never an inactive item or an excluded one, and only what the filter allows.

import { describe, expect, it } from 'vitest';
import { itemAllowed } from './recommendation.service.ts';
import type { Item } from '../catalog/catalog.ports.ts';

const item = (over: Partial<Item> = {}): Item => ({
  sku: 'A',
  shopId: 's',
  title: 'Lamp',
  description: null,
  category: ['Home', 'Lighting', 'Lamps'],
  brand: null,
  price: 20,
  attributes: null,
  active: true,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});

describe('itemAllowed', () => {
  it('refuses inactive, missing and excluded items', () => {
    expect(itemAllowed(item(), null, new Set())).toBe(true);
    expect(itemAllowed(item({ active: false }), null, new Set())).toBe(false);
    expect(itemAllowed(null, null, new Set())).toBe(false);
    expect(itemAllowed(item(), null, new Set(['A']))).toBe(false);
  });

  it('matches a category prefix level by level, case-insensitively', () => {
    expect(itemAllowed(item(), { categoryPrefix: ['home', 'LIGHTING'] }, new Set())).toBe(true);
    expect(itemAllowed(item(), { categoryPrefix: ['Home', 'Kitchen'] }, new Set())).toBe(false);
    expect(itemAllowed(item({ category: ['Home'] }), { categoryPrefix: ['Home', 'Lighting'] }, new Set())).toBe(false);
  });

  it('applies a price range and refuses items without a price under one', () => {
    expect(itemAllowed(item(), { minPrice: 10, maxPrice: 20 }, new Set())).toBe(true);
    expect(itemAllowed(item(), { maxPrice: 19.99 }, new Set())).toBe(false);
    expect(itemAllowed(item(), { minPrice: 20.01 }, new Set())).toBe(false);
    expect(itemAllowed(item({ price: null }), { minPrice: 0 }, new Set())).toBe(false);
  });
});
