// Item × item cosine similarity from co-occurrence in users' histories (binary), kept sparse: item-kNN scores
// with it, and the two-tower's item tower reads an item's row of it as its input.
import type { InteractionMatrix } from '../interactions/interaction-matrix.ts';
import { columnCounts, transposeInteractions } from '../interactions/interaction-matrix.ts';
import { topK } from '../interactions/top-k.ts';
import { requireInput } from '../users.errors.ts';

/** Rows of a sparse items × items matrix, columns ascending within a row (cache-friendly scatter). */
export interface ItemSimilarity {
  readonly items: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export interface ItemSimilarityOptions {
  /** Keep only each item's strongest neighbours (ties: lower index), default all co-occurring items. */
  readonly neighbours?: number;
}

/**
 * cos(i, j) = co(i, j) / (√n_i √n_j) over binary co-occurrence, the diagonal left out. Values are rounded to
 * float32 in the reference's order of operations (÷√n_i then ÷√n_j) so ranks agree with a float32 numpy run.
 */
export function buildItemSimilarity(train: InteractionMatrix, options: ItemSimilarityOptions = {}): ItemSimilarity {
  const keep = options.neighbours ?? Infinity;
  requireInput(keep >= 1, 'options.neighbours', `must be at least 1, got ${keep}`);
  const n = train.cols;
  const byItem = transposeInteractions(train);
  const norms = columnCounts(train).map((c) => Math.fround(Math.sqrt(Math.max(c, 1))));
  const co = new Float64Array(n);
  const touched = new Int32Array(n);
  const rowIdx: Int32Array[] = [];
  const rowVal: Float32Array[] = [];
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let e = byItem.indptr[i]!; e < byItem.indptr[i + 1]!; e++) {
      const u = byItem.indices[e]!;
      for (let f = train.indptr[u]!; f < train.indptr[u + 1]!; f++) {
        const j = train.indices[f]!;
        if (j === i) continue;
        if (co[j] === 0) touched[count++] = j;
        co[j]! += 1;
      }
    }
    const ni = norms[i]!;
    let idx: Int32Array = touched.slice(0, count);
    if (count > keep) {
      const sims = new Float64Array(n).fill(-Infinity);
      for (const j of idx) sims[j] = Math.fround(Math.fround(co[j]! / ni) / norms[j]!);
      idx = topK(sims, keep).labels;
    }
    idx.sort();
    const val = Float32Array.from(idx, (j) => Math.fround(co[j]! / ni) / norms[j]!);
    for (let t = 0; t < count; t++) co[touched[t]!] = 0;
    rowIdx.push(idx);
    rowVal.push(val);
    nnz += idx.length;
  }
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let i = 0; i < n; i++) {
    indices.set(rowIdx[i] ?? [], indptr[i]);
    values.set(rowVal[i] ?? [], indptr[i]);
    indptr[i + 1] = indptr[i]! + rowIdx[i]!.length;
  }
  return { items: n, indptr, indices, values };
}
