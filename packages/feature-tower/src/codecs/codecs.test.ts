import { describe, expect, it } from 'vitest';
import { FeatureTowerErrorCode } from '../feature-tower.errors.ts';
import { embedItems } from '../tower/tower.model.ts';
import { trainTowerSync } from '../tower/tower.trainer.ts';
import { plantedShop, SMALL_TOWER } from '../testing/planted-shop.fixture.ts';
import { clusteredCodes } from '../testing/clustered-codes.fixture.ts';
import { Int8VectorIndex } from '../int8/int8.vector-index.ts';
import { decodeTower, encodeTower } from './tower.codec.ts';
import { decodeInt8Index, encodeInt8Index } from './int8-index.codec.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('tower codec', () => {
  const shop = plantedShop(11);
  const { tower } = trainTowerSync({ items: shop.items, contacts: shop.contacts }, { ...SMALL_TOWER, epochs: 1 });
  const bytes = encodeTower(tower);

  it('round-trips to a tower that embeds bit-identically, new items included', () => {
    const decoded = decodeTower(bytes);
    expect(decoded.shape).toEqual(tower.shape);
    const unseen = [{ title: 'completely unseen words here', price: 9.5, brand: 'nobody' }, ...shop.items.slice(0, 20)];
    expect(embedItems(decoded, unseen)).toEqual(embedItems(tower, unseen));
    // Only trained rows are stored: far smaller than the full tables.
    const full = tower.weights.tables.reduce((sum, t) => sum + t.byteLength, 0);
    expect(bytes.length).toBeLessThan(full / 2);
  });

  it('decodes from a Buffer that starts at an odd offset of a larger allocation (as files and pools are)', () => {
    const pooled = Buffer.alloc(bytes.length + 3);
    pooled.set(bytes, 3);
    const view = pooled.subarray(3);
    expect(embedItems(decodeTower(view), shop.items.slice(0, 5))).toEqual(embedItems(tower, shop.items.slice(0, 5)));
  });

  it('refuses damaged, truncated, foreign and future files with a code', () => {
    const flipped = bytes.slice();
    flipped[bytes.length - 5]! ^= 0x40;
    expect(codeOf(() => decodeTower(flipped))).toBe(FeatureTowerErrorCode.CorruptArtifact);
    expect(codeOf(() => decodeTower(bytes.subarray(0, bytes.length - 8)))).toBe(FeatureTowerErrorCode.CorruptArtifact);
    const foreign = bytes.slice();
    foreign[0] = 'X'.charCodeAt(0);
    expect(codeOf(() => decodeTower(foreign))).toBe(FeatureTowerErrorCode.CorruptArtifact);
    const future = bytes.slice();
    future[4] = 2;
    expect(codeOf(() => decodeTower(future))).toBe(FeatureTowerErrorCode.UnsupportedArtifact);
    expect(codeOf(() => decodeInt8Index(bytes))).toBe(FeatureTowerErrorCode.CorruptArtifact);
  });
});

describe('int8 index codec', () => {
  it('round-trips lists, categories, activity and runtime additions; searches agree', () => {
    const data = clusteredCodes(1500, 16, 4);
    const index = Int8VectorIndex.build(data.codes, 16, { lists: 12, probes: 3 }, (label) => ({
      category: label % 2 === 0 ? ['a', 'b'] : ['c'],
      active: label % 7 !== 0,
    }));
    index.add(2000, data.codes.subarray(0, 16), { category: ['d', 'e', 'f'] });
    index.remove(3);
    const encoded = encodeInt8Index(index);
    const pooled = Buffer.alloc(encoded.length + 1);
    pooled.set(encoded, 1);
    const decoded = decodeInt8Index(pooled.subarray(1));
    expect(decoded.size).toBe(index.size);
    expect(decoded.has(3)).toBe(false);
    expect(decoded.isActive(2000)).toBe(true);
    expect(decoded.isActive(14)).toBe(false);
    for (let q = 0; q < 20; q++) {
      const query = data.floats.subarray(q * 16, (q + 1) * 16);
      for (const filter of [{}, { categoryPrefix: ['a'] }, { categoryPrefix: ['d', 'e'] }, { activeOnly: false }]) {
        expect(decoded.search(query, 10, filter)).toEqual(index.search(query, 10, filter));
      }
    }
    // Still live after decoding: an insert lands and is found.
    decoded.add(2001, data.codes.subarray(16, 32));
    expect(decoded.search(data.floats.subarray(16, 32), 3).labels).toContain(2001);
  });

  it('refuses a damaged index', () => {
    const data = clusteredCodes(100, 8, 1);
    const bytes = encodeInt8Index(Int8VectorIndex.build(data.codes, 8));
    const damaged = bytes.slice();
    damaged[40]! ^= 1;
    expect(codeOf(() => decodeInt8Index(damaged))).toBe(FeatureTowerErrorCode.CorruptArtifact);
  });
});
