// The nearest-neighbour search the retrieval depends on — structurally the same as VectorIndex.search in
// @shopspace/vector-index (HNSW in production) — and an exact brute-force implementation for tests, evaluation
// and small catalogs.
import { topK } from '../interactions/top-k.ts';

export interface NeighbourSearch {
  /** The k labels most cosine-similar to `query` among those `allow` accepts, best first. */
  search(
    query: Float32Array,
    k: number,
    allow?: (label: number) => boolean,
  ): { labels: Int32Array; scores: Float32Array };
}

/** Exact cosine search over the rows of `vectors` (normalised once, here). */
export function exactNeighbourSearch(
  vectors: Float32Array,
  dim: number,
): NeighbourSearch & { readonly unit: Float32Array } {
  const unit = unitRows(vectors, dim);
  const rows = unit.length / dim;
  const scores = new Float64Array(rows);
  return {
    unit,
    search(query, k, allow) {
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += query[d]! * query[d]!;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let r = 0, off = 0; r < rows; r++, off += dim) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += query[d]! * unit[off + d]!;
        scores[r] = Math.fround(s * scale);
      }
      const top = topK(scores, k, allow);
      return { labels: top.labels, scores: Float32Array.from(top.scores) };
    },
  };
}

/** Copy with rows scaled to unit length (zero rows stay zero). */
export function unitRows(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let off = 0; off < vectors.length; off += dim) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += vectors[off + d]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) out[off + d] = vectors[off + d]! * scale;
  }
  return out;
}
