// Shared fixtures for the package's unit tests: a 4-dimensional item space with two clear intents (candles
// along axis 0, sweets along axis 1) and a small catalog, so rankings can be predicted by hand.
import type { CatalogItem } from './model/catalog-candidates.ts';
import type { ItemSpace } from './model/query-model.ts';

export const CATALOG: readonly CatalogItem[] = [
  { sku: 'C1', title: 'Candle Holder Glass', category: ['Home', 'Candles'], brand: 'Lumen' },
  { sku: 'C2', title: 'Scented Candle Jar', category: ['Home', 'Candles'], brand: 'Lumen' },
  { sku: 'S1', title: 'Candy Jar Pink', category: ['Kitchen', 'Sweets'], brand: 'Sugar & Co' },
  { sku: 'S2', title: 'Candy Floss Maker', category: ['Kitchen', 'Sweets'], brand: 'Sugar & Co' },
];

const VECTORS: Readonly<Record<string, readonly number[]>> = {
  C1: [1, 0.1, 0, 0],
  C2: [0.9, 0, 0.1, 0],
  S1: [0, 1, 0, 0.1],
  S2: [0.1, 0.9, 0, 0],
};

export const SPACE: ItemSpace = {
  dim: 4,
  vectors: Float32Array.from(Object.values(VECTORS).flat()),
  rowOf: new Map(Object.keys(VECTORS).map((sku, row) => [sku, row])),
};

export const DAY = 86_400_000;
export const NOW = Date.UTC(2024, 0, 31);
