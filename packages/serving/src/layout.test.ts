import { describe, expect, it } from 'vitest';
import { createRng } from '@shopspace/item2vec';
import { projectTo2d } from './projection.ts';
import { TsneRun, tsneLayout } from './layout.ts';

/** `clusters` × `size` points around random directions in `dim`-D; cluster of row i is floor(i / size). */
function planted(clusters: number, size: number, dim: number, spread: number, seed = 3): Float32Array {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, gauss));
  const out = new Float32Array(clusters * size * dim);
  for (let i = 0; i < clusters * size; i++) {
    const c = centres[Math.floor(i / size)] ?? [];
    // Norms vary: only directions may matter.
    const norm = 0.5 + rng.nextFloat();
    for (let d = 0; d < dim; d++) out[i * dim + d] = norm * ((c[d] ?? 0) + spread * gauss());
  }
  return out;
}

/** Share of points whose nearest other point in `points` (2-D, interleaved) has the same label. */
function nearestAgreement(points: Float64Array, label: (i: number) => number): number {
  const n = points.length / 2;
  let agree = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = Math.hypot(
        (points[2 * i] ?? 0) - (points[2 * j] ?? 0),
        (points[2 * i + 1] ?? 0) - (points[2 * j + 1] ?? 0),
      );
      if (d < bestD) [best, bestD] = [j, d];
    }
    if (label(best) === label(i)) agree++;
  }
  return agree / n;
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('tsneLayout', () => {
  const clusters = 10;
  const size = 40;
  const dim = 32;
  // Clusters that overlap in every pair of directions: PCA cannot separate them, t-SNE must.
  const vectors = planted(clusters, size, dim, 0.6);
  const label = (i: number) => Math.floor(i / size);

  it('separates planted clusters of 32-D directions where PCA does not', () => {
    const layout = tsneLayout(vectors, dim, all(clusters * size));
    expect(layout.points).toHaveLength(2 * clusters * size);
    expect(nearestAgreement(layout.points, label)).toBeGreaterThan(0.95);
    const pca = projectTo2d(vectors, dim, all(clusters * size));
    expect(nearestAgreement(pca.points, label)).toBeLessThan(0.8);
    expect(layout.perplexity).toBe(30);
    expect(layout.klDivergence).toBeGreaterThan(0);
    expect(layout.klDivergence).toBeLessThan(1.5);
  });

  it('keeps each cluster together: points sit closer to their own cluster’s centre than to any other', () => {
    const { points } = tsneLayout(vectors, dim, all(clusters * size));
    const centres = Array.from({ length: clusters }, (_, c) => {
      let x = 0;
      let y = 0;
      for (let i = c * size; i < (c + 1) * size; i++) [x, y] = [x + (points[2 * i] ?? 0), y + (points[2 * i + 1] ?? 0)];
      return [x / size, y / size] as const;
    });
    let own = 0;
    for (let i = 0; i < clusters * size; i++) {
      const d = centres.map(([x, y]) => Math.hypot((points[2 * i] ?? 0) - x, (points[2 * i + 1] ?? 0) - y));
      if (d.indexOf(Math.min(...d)) === label(i)) own++;
    }
    expect(own / (clusters * size)).toBeGreaterThan(0.95);
  });

  it('lays out only the rows asked for, in their order, and ignores vector norms', () => {
    const rows = all(clusters * size).filter((i) => i % 2 === 0);
    // Powers of two scale exactly, so the unit rows, and with them the whole run, are identical.
    const scaled = vectors.map((v, k) => v * 2 ** ((Math.floor(k / dim) % 4) - 1));
    const a = tsneLayout(vectors, dim, rows, { iterations: 100 });
    const b = tsneLayout(scaled, dim, rows, { iterations: 100 });
    expect(a.points).toHaveLength(rows.length * 2);
    expect(Array.from(b.points)).toEqual(Array.from(a.points));
    // Row order is the caller's: the same rows reversed give the same points reversed (up to the start).
    const reversed = tsneLayout(vectors, dim, [...rows].reverse(), { iterations: 300 });
    const r = (i: number) => rows.length - 1 - i;
    expect(nearestAgreement(reversed.points, (i) => label(rows[r(i)] ?? 0))).toBeGreaterThan(0.95);
  });

  it('is deterministic under a seed, and the seed matters', () => {
    const rows = all(120);
    const a = tsneLayout(vectors, dim, rows, { iterations: 200 });
    const b = tsneLayout(vectors, dim, rows, { iterations: 200 });
    expect(Array.from(a.points)).toEqual(Array.from(b.points));
    const c = tsneLayout(vectors, dim, rows, { iterations: 200, seed: 2 });
    expect(Array.from(c.points)).not.toEqual(Array.from(a.points));
  });

  it('returns a centred map with the wider spread along x', () => {
    const { points } = tsneLayout(vectors, dim, all(200), { iterations: 150 });
    const n = points.length / 2;
    const xs = Array.from({ length: n }, (_, i) => points[2 * i] ?? 0);
    const ys = Array.from({ length: n }, (_, i) => points[2 * i + 1] ?? 0);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(Math.abs(mean(xs))).toBeLessThan(1e-9);
    expect(Math.abs(mean(ys))).toBeLessThan(1e-9);
    expect(mean(xs.map((x) => x * x))).toBeGreaterThanOrEqual(mean(ys.map((y) => y * y)));
  });

  it('steps one iteration at a time to the same answer', () => {
    const rows = all(80);
    const run = new TsneRun(vectors, dim, rows, { iterations: 60, exaggerationIterations: 20 });
    let steps = 0;
    while (run.step()) steps++;
    expect(steps).toBe(60);
    expect(run.done).toBe(60);
    expect(run.step()).toBe(false);
    const whole = tsneLayout(vectors, dim, rows, { iterations: 60, exaggerationIterations: 20 });
    expect(Array.from(run.result().points)).toEqual(Array.from(whole.points));
  });

  it('handles tiny inputs: none, one, and fewer points than the perplexity', () => {
    expect(tsneLayout(vectors, dim, []).points).toHaveLength(0);
    expect(Array.from(tsneLayout(vectors, dim, [5]).points)).toEqual([0, 0]);
    const few = tsneLayout(vectors, dim, [0, 1, size, size + 1]);
    expect(few.perplexity).toBe(1);
    expect(few.points.every(Number.isFinite)).toBe(true);
    // The two pairs of the two clusters end up as two pairs.
    expect(nearestAgreement(few.points, label)).toBe(1);
  });

  it('refuses bad input, naming the argument', () => {
    const v = new Float32Array(12).fill(1);
    expect(() => tsneLayout(v, 0, [0])).toThrow(/^dim must be a positive integer/);
    expect(() => tsneLayout(v, 5, [0])).toThrow(/^vectors must hold whole rows of dim 5/);
    expect(() => tsneLayout(v, 4, [0, 3])).toThrow('rows[1] = 3 is not a row of the 3 vectors');
    expect(() => tsneLayout(v, 4, [0, 1.5])).toThrow(/^rows\[1\]/);
    expect(() => tsneLayout(v, 4, [0, 1], { perplexity: 0 })).toThrow(/^perplexity must be a positive number/);
    expect(() => tsneLayout(v, 4, [0, 1], { iterations: 2.5 })).toThrow(/^iterations must be/);
    expect(() => tsneLayout(v, 4, [0, 1], { learningRate: -1 })).toThrow(/^learningRate must be/);
    expect(() => tsneLayout(v, 4, [0, 1], { exaggeration: 0.5 })).toThrow(/^exaggeration must be/);
    const zero = new Float32Array(12).fill(1).fill(0, 4, 8);
    expect(() => tsneLayout(zero, 4, [0, 1, 2])).toThrow('rows[1]: vector 1 is zero, so it has no direction');
    const nan = new Float32Array(12).fill(1).fill(Number.NaN, 8, 9);
    expect(() => tsneLayout(nan, 4, [0, 2])).toThrow('rows[1]: vector 2 has a non-finite value');
    expect(() => tsneLayout(new Float32Array(4 * 5001).fill(1), 4, all(5001))).toThrow(
      /^rows must number at most 5000/,
    );
  });
});
