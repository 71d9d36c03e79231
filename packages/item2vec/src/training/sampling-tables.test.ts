import { describe, expect, it } from 'vitest';
import {
  fillKeepThresholds,
  fillNoiseTable,
  fillSigmoidTable,
  KEEP_ALWAYS,
  noiseTableSize,
} from './sampling-tables.ts';
import { sliceBoundaries } from './shared-memory.layout.ts';

describe('noise table', () => {
  it('gives each item a share of slots proportional to count^exponent', () => {
    const table = new Int32Array(1 << 16);
    fillNoiseTable(Int32Array.from([16, 1, 81]), 0.75, table);
    // 16^0.75 = 8, 1^0.75 = 1, 81^0.75 = 27: shares 8/36, 1/36, 27/36.
    const share = (item: number): number => table.filter((t) => t === item).length / table.length;
    expect(share(0)).toBeCloseTo(8 / 36, 4);
    expect(share(1)).toBeCloseTo(1 / 36, 4);
    expect(share(2)).toBeCloseTo(27 / 36, 4);
    // A negative exponent favours rare items.
    fillNoiseTable(Int32Array.from([16, 1]), -0.5, table);
    expect(share(1)).toBeCloseTo(1 / 1.25, 4);
  });

  it('is a power of two with about 64 slots per item, within bounds', () => {
    expect(noiseTableSize(10)).toBe(1 << 20);
    expect(noiseTableSize(100_000)).toBe(1 << 23);
    expect(noiseTableSize(10_000_000)).toBe(1 << 24);
  });
});

describe('down-sampling thresholds', () => {
  it('follows gensim: keep (sqrt(c/t) + 1) t/c as round(p * 2^32), rare items always kept', () => {
    const thresholds = new Uint32Array(2);
    // total 1000, sample 0.01 → t = 10; c = 990: p = (sqrt(99) + 1) * 10 / 990.
    fillKeepThresholds(Int32Array.from([990, 10]), 0.01, thresholds);
    expect(thresholds[0]).toBe(Math.round((Math.sqrt(99) + 1) * (10 / 990) * 2 ** 32));
    expect(thresholds[1]).toBe(KEEP_ALWAYS);
    fillKeepThresholds(Int32Array.from([990, 10]), 0, thresholds);
    expect([...thresholds]).toEqual([KEEP_ALWAYS, KEEP_ALWAYS]);
  });
});

describe('sigmoid table', () => {
  it('spans [-6, 6] in 1000 steps', () => {
    const table = new Float32Array(1001);
    fillSigmoidTable(table);
    expect(table[0]).toBeCloseTo(1 / (1 + Math.exp(6)), 6);
    expect(table[500]).toBeCloseTo(0.5, 6);
    expect(table[1000]).toBeCloseTo(1 / (1 + Math.exp(-6)), 6);
  });
});

describe('thread slices', () => {
  it('splits sessions into contiguous slices of about equal tokens', () => {
    // Sessions of 4, 4, 1, 1, 1, 1 tokens: half of 12 is reached after the second session.
    const offsets = Int32Array.from([0, 4, 8, 9, 10, 11, 12]);
    expect(sliceBoundaries(offsets, 2)).toEqual([0, 2, 6]);
    expect(sliceBoundaries(offsets, 1)).toEqual([0, 6]);
  });
});
