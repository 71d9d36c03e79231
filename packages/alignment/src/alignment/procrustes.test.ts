import { describe, expect, it } from 'vitest';
import { AlignmentError } from '../alignment.errors.ts';
import { randomRotation } from '../linalg/dense.ts';
import { clusteredSpace, rotatedCopy } from './alignment.fixture.ts';
import { solveProcrustes } from './procrustes.ts';

const dim = 64;
const n = 500;

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
}

describe('solveProcrustes', () => {
  const source = clusteredSpace(n, dim, 11);
  const rotation = randomRotation(dim, 12);
  const identityPairs = Array.from({ length: n }, (_, i) => ({ from: i, to: i, weight: 1 }));

  it('recovers a planted random rotation to 1e-4', () => {
    const target = rotatedCopy(source, dim, rotation, 0, 13);
    const w = solveProcrustes({ vectors: source, dim }, { vectors: target, dim }, identityPairs);
    expect(maxAbs(w, rotation)).toBeLessThan(1e-4);
  });

  it('recovers it to 1e-2 from noisy targets, and ignores pairs of weight 0', () => {
    const target = rotatedCopy(source, dim, rotation, 0.002, 14);
    // Half of the pairs are wrong but weigh nothing.
    const pairs = identityPairs.map((p, i) => (i % 2 === 0 ? p : { from: i, to: (i * 7) % n, weight: 0 }));
    const w = solveProcrustes({ vectors: source, dim }, { vectors: target, dim }, pairs);
    expect(maxAbs(w, rotation)).toBeLessThan(1e-2);
    const unweighted = solveProcrustes(
      { vectors: source, dim },
      { vectors: target, dim },
      pairs.map((p) => ({ ...p, weight: 1 })),
    );
    expect(maxAbs(unweighted, rotation)).toBeGreaterThan(0.05);
  });

  it('throws naming the argument on a dimension mismatch, no pairs, or a pair out of range', () => {
    const set = { vectors: source, dim };
    expect(() => solveProcrustes(set, { vectors: source, dim: 32 }, identityPairs)).toThrow(
      /procrustes target is 32-dimensional, expected 64/,
    );
    expect(() => solveProcrustes(set, set, [])).toThrow(/procrustes pairs is empty/);
    expect(() => solveProcrustes(set, set, [{ from: n, to: 0, weight: 1 }])).toThrow(AlignmentError);
    expect(() => solveProcrustes(set, set, [{ from: 0, to: 0, weight: -1 }])).toThrow(/pairs\[0\]\.weight/);
  });
});
