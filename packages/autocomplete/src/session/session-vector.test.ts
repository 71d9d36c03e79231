import { describe, expect, it } from 'vitest';
import { AutocompleteError } from '../autocomplete.errors.ts';
import { SPACE } from '../testing.fixture.ts';
import { sessionVector } from './session-vector.ts';

describe('sessionVector', () => {
  it('is the unit recency-weighted mean: the latest item weighs most', () => {
    const latestSweet = sessionVector(['C1', 'S1'], SPACE, 0.5);
    const latestCandle = sessionVector(['S1', 'C1'], SPACE, 0.5);
    expect(latestSweet?.[1]).toBeGreaterThan(latestSweet?.[0] ?? 1);
    expect(latestCandle?.[0]).toBeGreaterThan(latestCandle?.[1] ?? 1);
    const norm = Math.hypot(...(latestSweet ?? []));
    expect(norm).toBeCloseTo(1, 6);
    // decay 1 is the plain mean, symmetric in the order.
    expect(Array.from(sessionVector(['C1', 'S1'], SPACE, 1) ?? [])).toEqual(
      Array.from(sessionVector(['S1', 'C1'], SPACE, 1) ?? []),
    );
  });

  it('skips unknown skus and is null when none is known', () => {
    expect(sessionVector(['nope', 'C1'], SPACE)).toEqual(sessionVector(['C1'], SPACE));
    expect(sessionVector(['nope'], SPACE)).toBeNull();
    expect(sessionVector([], SPACE)).toBeNull();
  });

  it('names a bad decay', () => {
    expect(() => sessionVector(['C1'], SPACE, 2)).toThrow(AutocompleteError);
    expect(() => sessionVector(['C1'], SPACE, 2)).toThrow(/^decay must be/);
  });
});
