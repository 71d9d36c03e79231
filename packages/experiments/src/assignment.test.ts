import { describe, expect, it } from 'vitest';
import {
  ExperimentError,
  ExperimentErrorCode,
  assignVariant,
  controlKeyOf,
  fnv1a64,
  stableHash64,
  unitHash,
  validateVariants,
} from './index.ts';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const HALVES = [
  { key: 'control', weight: 0.5 },
  { key: 'b', weight: 0.5 },
];
const THREE = [
  { key: 'control', weight: 0.2 },
  { key: 'b', weight: 0.3 },
  { key: 'c', weight: 0.5 },
];

describe('stable hash', () => {
  it('is FNV-1a 64 underneath (published test vectors)', () => {
    expect(fnv1a64('').toString(16)).toBe('cbf29ce484222325');
    expect(fnv1a64('a').toString(16)).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar').toString(16)).toBe('85944171f73967e8');
  });

  // Golden values, cross-checked with an independent Python implementation. If one changes, every running
  // experiment would reshuffle its visitors: that is a breaking change, not a test to update.
  it('keeps its golden values', () => {
    expect(stableHash64('exp-1:visitor-1').toString(16)).toBe('edc7fac346a52bbe');
    expect(stableHash64('exp-1:visitor-2').toString(16)).toBe('6a49a0e001121aa1');
    expect(stableHash64('ckx9-experiment:user-42').toString(16)).toBe('ea711c0bfd1a4033');
    expect(stableHash64('é☃:𝔘').toString(16)).toBe('aa7b4f64b1e5b3d5');
    expect(unitHash('exp-1:visitor-1')).toBe(0.9288326956508582);
    expect(unitHash('exp-1:visitor-2')).toBe(0.4151859804997645);
  });
});

describe('assignVariant', () => {
  it('keeps golden assignments for fixed ids', () => {
    const visitors = ['visitor-1', 'visitor-2', 'visitor-3', 'user-42', 'session-abc'];
    expect(visitors.map((v) => assignVariant('exp-1', v, HALVES))).toEqual(['b', 'control', 'control', 'b', 'b']);
    expect(visitors.map((v) => assignVariant('exp-1', v, THREE))).toEqual(['c', 'b', 'control', 'c', 'c']);
  });

  it('is deterministic and sticky', () => {
    for (let i = 0; i < 1000; i++) {
      const visitor = `visitor-${i}`;
      expect(assignVariant('exp-sticky', visitor, THREE)).toBe(assignVariant('exp-sticky', visitor, [...THREE]));
    }
  });

  it('gives a visitor independent assignments in different experiments', () => {
    let same = 0;
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      if (assignVariant('exp-x', `v${i}`, HALVES) === assignVariant('exp-y', `v${i}`, HALVES)) same++;
    }
    // Independent 50/50 assignments agree half the time (sd 0.005 at n = 10k).
    expect(same / n).toBeGreaterThan(0.48);
    expect(same / n).toBeLessThan(0.52);
  });

  it('splits 100k visitors in proportion to the weights', () => {
    const counts = new Map<string, number>();
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const key = assignVariant('exp-weights', `visitor-${i}`, THREE);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // Binomial sd at n = 100k is at most 0.0016; 0.006 is almost 4 sd.
    for (const { key, weight } of THREE) {
      expect(Math.abs((counts.get(key) ?? 0) / n - weight)).toBeLessThan(0.006);
    }
  });

  it('sends visitors without an identity to the control', () => {
    expect(assignVariant('exp-1', null, THREE)).toBe('control');
    expect(assignVariant('exp-1', '', THREE)).toBe('control');
    const noControlKey = [
      { key: 'item2vec', weight: 0.5 },
      { key: 'popularity', weight: 0.5 },
    ];
    expect(assignVariant('exp-1', null, noControlKey)).toBe('item2vec');
    const controlSecond = [
      { key: 'b', weight: 0.5 },
      { key: 'control', weight: 0.5 },
    ];
    expect(controlKeyOf(controlSecond)).toBe('control');
    expect(assignVariant('exp-1', null, controlSecond)).toBe('control');
  });

  it('refuses invalid variants with a coded error naming the field', () => {
    const bad = [
      { key: 'control', weight: 0.5 },
      { key: 'b', weight: -0.5 },
    ];
    const error = thrownBy(() => assignVariant('exp-1', 'v', bad));
    expect(error).toBeInstanceOf(ExperimentError);
    expect(error).toMatchObject({ code: ExperimentErrorCode.InvalidVariants, field: 'variants[1].weight' });
  });
});

describe('validateVariants', () => {
  it('accepts a valid list, including weights that sum to 1 only up to rounding', () => {
    expect(validateVariants(HALVES)).toEqual([]);
    expect(validateVariants(THREE)).toEqual([]);
    const thirds = [1, 2, 3].map((i) => ({ key: `v${i}`, weight: 1 / 3 }));
    expect(validateVariants(thirds)).toEqual([]);
  });

  it('names the field in every message', () => {
    expect(validateVariants([{ key: 'control', weight: 1 }])).toEqual([
      'variants must list at least 2 variants (got 1)',
    ]);
    expect(
      validateVariants([
        { key: 'control', weight: 0.5 },
        { key: '', weight: 0.5 },
        { key: 'control ', weight: 0 },
        { key: 'd', weight: Number.NaN },
      ]),
    ).toEqual([
      'variants[1].key must be a non-empty string',
      'variants[2].key duplicates variants[0].key ("control")',
      'variants[2].weight must be a positive finite number (got 0)',
      'variants[3].weight must be a positive finite number (got NaN)',
    ]);
  });

  it('reports a wrong weight sum against the list', () => {
    const problems = validateVariants([
      { key: 'control', weight: 0.5 },
      { key: 'b', weight: 0.4 },
    ]);
    expect(problems).toEqual(['variants weights must sum to 1 (got 0.9)']);
    // Just outside the 1e-9 tolerance.
    expect(
      validateVariants([
        { key: 'control', weight: 0.5 },
        { key: 'b', weight: 0.5 + 2e-9 },
      ]),
    ).toHaveLength(1);
  });
});
