// A 2-D map of an embedding for people to look at: the first two principal components of the (centred) item
// vectors, by power iteration with deflation, deterministic (fixed start vectors, sign fixed so that the
// largest-magnitude loading is positive). O(iterations × n × dim); 2,000 × 128 takes a few milliseconds.

export interface Projection2d {
  /** x, y per row, interleaved. */
  readonly points: Float64Array;
  /** Share of the total variance each component explains. */
  readonly explained: readonly [number, number];
}

/** Projects rows `rows` of an n × dim row-major matrix onto its top two principal components. */
export function projectTo2d(
  vectors: Float32Array,
  dim: number,
  rows: readonly number[],
  iterations = 100,
): Projection2d {
  const n = rows.length;
  if (dim < 1) throw new Error('dim must be at least 1');
  const data = new Float64Array(n * dim);
  const mean = new Float64Array(dim);
  rows.forEach((r, i) => {
    for (let d = 0; d < dim; d++) {
      const v = vectors[r * dim + d] ?? 0;
      data[i * dim + d] = v;
      mean[d] = (mean[d] ?? 0) + v / Math.max(n, 1);
    }
  });
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dim; d++) {
      const c = (data[i * dim + d] ?? 0) - (mean[d] ?? 0);
      data[i * dim + d] = c;
      total += c * c;
    }
  const components: Float64Array[] = [];
  const variances: number[] = [];
  for (let k = 0; k < 2; k++) {
    let v: Float64Array = new Float64Array(dim).map((_, d) => 1 / Math.sqrt(dim) + (d === k ? 0.5 : 0));
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      // w = Xᵀ X v, deflated by earlier components.
      const w = new Float64Array(dim);
      for (let i = 0; i < n; i++) {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += (data[i * dim + d] ?? 0) * (v[d] ?? 0);
        for (let d = 0; d < dim; d++) w[d] = (w[d] ?? 0) + dot * (data[i * dim + d] ?? 0);
      }
      for (const c of components) {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += (w[d] ?? 0) * (c[d] ?? 0);
        for (let d = 0; d < dim; d++) w[d] = (w[d] ?? 0) - dot * (c[d] ?? 0);
      }
      const norm = Math.hypot(...w);
      if (norm === 0) break;
      lambda = norm;
      v = w.map((x) => x / norm);
    }
    let largest = 0;
    for (let d = 0; d < dim; d++) if (Math.abs(v[d] ?? 0) > Math.abs(v[largest] ?? 0)) largest = d;
    if ((v[largest] ?? 0) < 0) v = v.map((x) => -x);
    components.push(v);
    variances.push(lambda);
  }
  const points = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 2; k++) {
      let dot = 0;
      const c = components[k] ?? new Float64Array(dim);
      for (let d = 0; d < dim; d++) dot += (data[i * dim + d] ?? 0) * (c[d] ?? 0);
      points[i * 2 + k] = dot;
    }
  }
  return {
    points,
    explained: [total > 0 ? (variances[0] ?? 0) / total : 0, total > 0 ? (variances[1] ?? 0) / total : 0],
  };
}
