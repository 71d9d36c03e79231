// Feature standardisation (z-scores) fitted on training rows and stored with the model, so serving maps raw
// features exactly as training did. Constant columns keep scale 1 (they then carry no signal, not NaN).

export interface Standardizer {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

export function fitStandardizer(x: Float32Array, dim: number, weights?: Float32Array): Standardizer {
  const rows = x.length / dim;
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const w = weights ? (weights[r] ?? 0) : 1;
    total += w;
    for (let d = 0; d < dim; d++) mean[d] = (mean[d] ?? 0) + w * (x[r * dim + d] ?? 0);
  }
  for (let d = 0; d < dim; d++) mean[d] = total > 0 ? (mean[d] ?? 0) / total : 0;
  for (let r = 0; r < rows; r++) {
    const w = weights ? (weights[r] ?? 0) : 1;
    for (let d = 0; d < dim; d++) sq[d] = (sq[d] ?? 0) + w * ((x[r * dim + d] ?? 0) - (mean[d] ?? 0)) ** 2;
  }
  const scale = new Float64Array(dim);
  for (let d = 0; d < dim; d++) {
    const sd = total > 0 ? Math.sqrt((sq[d] ?? 0) / total) : 0;
    scale[d] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

/** Standardises rows in place. */
export function standardize(s: Standardizer, x: Float32Array, from = 0, rows = x.length / s.mean.length - from): void {
  const dim = s.mean.length;
  for (let r = from; r < from + rows; r++) {
    for (let d = 0; d < dim; d++) {
      const at = r * dim + d;
      x[at] = ((x[at] ?? 0) - (s.mean[d] ?? 0)) / (s.scale[d] ?? 1);
    }
  }
}
