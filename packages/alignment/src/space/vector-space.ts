// Row-major vector sets and the operations the alignment needs on them: the unit → centre → unit
// normalisation of embeddings (Artetxe et al. 2018), mapping by a square matrix, and blending several
// unit-length views (embedding, features) into one vector whose dot product is their weighted cosine sum.

/** n rows × dim columns, row-major. */
export interface VectorSet {
  readonly vectors: Float32Array;
  readonly dim: number;
}

export function rowCount(set: VectorSet): number {
  return set.vectors.length / set.dim;
}

/** A copy with every row scaled to unit length (zero rows stay zero). */
export function unitRows(vectors: ArrayLike<number>, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let o = 0; o < vectors.length; o += dim) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += (vectors[o + d] ?? 0) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) out[o + d] = (vectors[o + d] ?? 0) * scale;
  }
  return out;
}

/** Mean row of a row-major matrix, in float64. */
export function meanRow(vectors: ArrayLike<number>, dim: number): Float64Array {
  const mean = new Float64Array(dim);
  const rows = vectors.length / dim;
  for (let o = 0; o < vectors.length; o += dim) for (let d = 0; d < dim; d++) mean[d]! += vectors[o + d] ?? 0;
  for (let d = 0; d < dim; d++) mean[d] = (mean[d] ?? 0) / Math.max(1, rows);
  return mean;
}

export interface NormalizedEmbedding {
  readonly vectors: Float32Array;
  /** The mean of the unit rows that was subtracted: needed to normalise further items of the same model. */
  readonly center: Float64Array;
}

/**
 * Unit length, centre, unit length again: removes the common direction that item2vec spaces share (frequency
 * drift), so cosine neighbourhoods and an orthogonal map see only the relative geometry.
 */
export function normalizeEmbedding(vectors: ArrayLike<number>, dim: number): NormalizedEmbedding {
  const unit = unitRows(vectors, dim);
  const center = meanRow(unit, dim);
  return { vectors: applyCentering(unit, dim, center), center };
}

/** Unit → subtract `center` → unit, for rows of a model whose centre is already known. */
export function applyCentering(vectors: ArrayLike<number>, dim: number, center: ArrayLike<number>): Float32Array {
  const unit = unitRows(vectors, dim);
  for (let o = 0; o < unit.length; o += dim) for (let d = 0; d < dim; d++) unit[o + d]! -= center[d] ?? 0;
  return unitRows(unit, dim);
}

/** Rows mapped by the square row-major `matrix`: y = M x for each row x. */
export function mapRows(vectors: ArrayLike<number>, dim: number, matrix: ArrayLike<number>): Float32Array {
  const out = new Float32Array(vectors.length);
  const x = new Float64Array(dim);
  for (let o = 0; o < vectors.length; o += dim) {
    for (let d = 0; d < dim; d++) x[d] = vectors[o + d] ?? 0;
    for (let i = 0; i < dim; i++) {
      let sum = 0;
      const mo = i * dim;
      for (let d = 0; d < dim; d++) sum += (matrix[mo + d] ?? 0) * (x[d] ?? 0);
      out[o + i] = sum;
    }
  }
  return out;
}

/**
 * Concatenates unit-length views scaled by √weight, so that the dot product of two blended rows is
 * Σ weight · cosine of the views. Views with weight 0 are left out.
 */
export function blendViews(views: readonly { readonly set: VectorSet; readonly weight: number }[]): VectorSet {
  const kept = views.filter((v) => v.weight > 0);
  const rows = kept.length === 0 ? 0 : rowCount(kept[0]!.set);
  const dim = kept.reduce((sum, v) => sum + v.set.dim, 0);
  const out = new Float32Array(rows * dim);
  let offset = 0;
  for (const { set, weight } of kept) {
    const scale = Math.sqrt(weight);
    for (let r = 0; r < rows; r++) {
      for (let d = 0; d < set.dim; d++) out[r * dim + offset + d] = (set.vectors[r * set.dim + d] ?? 0) * scale;
    }
    offset += set.dim;
  }
  return { vectors: out, dim };
}
