import { describe, expect, it } from 'vitest';
import { buildItemFeatures, type CatalogItem } from './item-features.ts';
import { abbreviationKeys, normalizeText } from './text-tokens.ts';

const CATALOG: CatalogItem[] = [
  { title: 'WHITE HANGING HEART T-LIGHT HOLDER', price: 2.55 },
  { title: 'WHITE METAL LANTERN', price: 3.39 },
  { title: 'CREAM CUPID HEARTS COAT HANGER', price: 2.75 },
  { title: 'KNITTED UNION FLAG HOT WATER BOTTLE', price: 3.39 },
  { title: 'RED WOOLLY HOTTIE WHITE HEART.', price: 3.39 },
  { title: 'SET 7 BABUSHKA NESTING BOXES', price: 7.65 },
];

function cosine(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  let dot = 0;
  for (let d = 0; d < dim; d++) dot += a[i * dim + d]! * b[j * dim + d]!;
  return dot;
}

describe('text tokens', () => {
  it('folds case, accents and punctuation', () => {
    expect(normalizeText('  Crème-Brûlée   SET, (6)! ')).toBe('creme brulee set 6');
  });
  it('gives an abbreviation and its word the same keys', () => {
    expect(abbreviationKeys(['holder'])).toEqual(['s:hldr', 'p:hol']);
    expect(abbreviationKeys(['hldr'])).toContain('s:hldr');
    expect(abbreviationKeys(['hold'])).toContain('p:hol');
  });
});

describe('buildItemFeatures', () => {
  it('gives identical titles identical unit vectors across catalogs', () => {
    const { dim, vectors } = buildItemFeatures([CATALOG, [CATALOG[2]!, CATALOG[0]!]]);
    const [a, b] = vectors as [Float32Array, Float32Array];
    expect(dim).toBe(256);
    expect(b.subarray(0, dim)).toEqual(a.subarray(2 * dim, 3 * dim));
    expect(b.subarray(dim, 2 * dim)).toEqual(a.subarray(0, dim));
    expect(cosine(a, 0, a, 0, dim)).toBeCloseTo(1, 6);
  });

  it('keeps perturbed titles (case, punctuation, word order, abbreviation, a dropped word) closest to the original', () => {
    const perturbed: CatalogItem[] = [
      { title: 'white hanging heart t light hldr', price: 2.55 },
      { title: 'Lantern, White Metal', price: 3.39 },
      { title: 'CREAM CUPID HEARTS HANGER', price: 2.75 },
      { title: 'knitted union flag hot water bottl.', price: 3.39 },
    ];
    const { dim, vectors } = buildItemFeatures([CATALOG, perturbed]);
    const [a, b] = vectors as [Float32Array, Float32Array];
    perturbed.forEach((_, j) => {
      const own = cosine(b, j, a, j, dim);
      expect(own).toBeGreaterThan(0.6);
      CATALOG.forEach((__, i) => {
        if (i !== j) expect(cosine(b, j, a, i, dim)).toBeLessThan(own - 0.2);
      });
    });
  });

  it('is deterministic under a seed and changes with it', () => {
    const first = buildItemFeatures([CATALOG], { seed: 3, dim: 64 });
    expect(buildItemFeatures([CATALOG], { seed: 3, dim: 64 })).toEqual(first);
    expect(buildItemFeatures([CATALOG], { seed: 4, dim: 64 }).vectors[0]).not.toEqual(first.vectors[0]);
  });

  it('computes IDF over all catalogs, so adding a shop changes the weights', () => {
    const alone = buildItemFeatures([CATALOG.slice(0, 2)]).vectors[0]!;
    const withOther = buildItemFeatures([CATALOG.slice(0, 2), [{ title: 'WHITE WHITE WHITE' }]]).vectors[0]!;
    expect(withOther).not.toEqual(alone);
  });

  it('uses the other catalog fields: brand, category and price band separate equal titles', () => {
    const { dim, vectors } = buildItemFeatures([
      [
        { title: 'Mug', brand: 'Acme', categoryPath: ['Home', 'Kitchen'], price: 4 },
        { title: 'Mug', brand: 'Acme', categoryPath: ['Home', 'Kitchen'], price: 4 },
        { title: 'Mug', brand: 'Other', categoryPath: ['Garden'], price: 40, attributes: { colour: 'red' } },
      ],
    ]);
    const v = vectors[0]!;
    expect(cosine(v, 0, v, 1, dim)).toBeCloseTo(1, 6);
    expect(cosine(v, 0, v, 2, dim)).toBeLessThan(0.9);
  });

  it('rejects bad input naming the argument', () => {
    expect(() => buildItemFeatures([])).toThrow(/catalogs is empty/);
    expect(() => buildItemFeatures([CATALOG, []])).toThrow(/catalogs\[1\] is empty/);
    expect(() => buildItemFeatures([CATALOG], { dim: 0 })).toThrow(/options\.dim/);
    expect(() => buildItemFeatures([[{ title: 3 as unknown as string }]])).toThrow(/catalogs\[0\]\[0\]\.title/);
  });
});
