import { describe, expect, it } from 'vitest';
import { projectTo2d } from './projection.ts';

describe('projectTo2d', () => {
  it('finds the plane a planted 2-D structure lies in, with the variance it explains', () => {
    // Points on a plane spanned by e1 (spread 10) and e2 (spread 3) inside 8-D, plus tiny noise elsewhere.
    const dim = 8;
    const n = 200;
    const vectors = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      vectors[i * dim] = 10 * Math.cos(i);
      vectors[i * dim + 1] = 3 * Math.sin(i * 1.7);
      vectors[i * dim + 5] = 0.01 * Math.sin(i * 13);
    }
    const rows = Array.from({ length: n }, (_, i) => i);
    const p = projectTo2d(vectors, dim, rows);
    expect(p.explained[0] + p.explained[1]).toBeGreaterThan(0.9999);
    expect(p.explained[0]).toBeGreaterThan(p.explained[1]);
    // The data is (almost) planar, so the map keeps every distance between points.
    const dist2d = (a: number, b: number) =>
      Math.hypot(
        (p.points[a * 2] ?? 0) - (p.points[b * 2] ?? 0),
        (p.points[a * 2 + 1] ?? 0) - (p.points[b * 2 + 1] ?? 0),
      );
    const dist = (a: number, b: number) =>
      Math.hypot(...Array.from({ length: dim }, (_, d) => (vectors[a * dim + d] ?? 0) - (vectors[b * dim + d] ?? 0)));
    for (const [a, b] of [
      [0, 17],
      [17, 111],
      [5, 199],
    ] as const)
      expect(dist2d(a, b)).toBeCloseTo(dist(a, b), 1);
  });

  it('projects only the rows asked for, deterministically', () => {
    const vectors = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i * 0.37));
    const a = projectTo2d(vectors, 4, [0, 2, 4, 6, 8]);
    const b = projectTo2d(vectors, 4, [0, 2, 4, 6, 8]);
    expect(a.points).toHaveLength(10);
    expect(Array.from(a.points)).toEqual(Array.from(b.points));
  });
});
