// Implicit-feedback interactions as a compressed sparse row matrix (users × items), the input every user
// recommender trains on: one row per user, column indexes sorted, an optional strength per entry.
import { requireInput } from '../users.errors.ts';

export interface InteractionMatrix {
  readonly rows: number;
  readonly cols: number;
  /** rows + 1 offsets into indices/values. */
  readonly indptr: Int32Array;
  /** Column of each entry, ascending within a row, no duplicates. */
  readonly indices: Int32Array;
  /** Strength of each entry (1 for plain implicit feedback). */
  readonly values: Float32Array;
}

/**
 * A matrix from per-row lists of columns (and optional strengths, same shape). Duplicates within a row are
 * merged by summing their strengths.
 */
export function buildInteractions(
  rowItems: readonly ArrayLike<number>[],
  cols: number,
  rowValues?: readonly ArrayLike<number>[],
): InteractionMatrix {
  requireInput(Number.isInteger(cols) && cols >= 0, 'cols', `must be a non-negative integer, got ${cols}`);
  const rows = rowItems.length;
  const indptr = new Int32Array(rows + 1);
  const entries: { col: number; value: number }[][] = [];
  for (let r = 0; r < rows; r++) {
    const items = rowItems[r] ?? [];
    const values = rowValues?.[r];
    requireInput(!values || values.length === items.length, `rowValues[${r}]`, 'must match rowItems in length');
    const merged = new Map<number, number>();
    for (let e = 0; e < items.length; e++) {
      const col = items[e] ?? -1;
      requireInput(Number.isInteger(col) && col >= 0 && col < cols, `rowItems[${r}][${e}]`, `is not in [0, ${cols})`);
      merged.set(col, (merged.get(col) ?? 0) + (values ? (values[e] ?? 0) : 1));
    }
    const row = [...merged].map(([col, value]) => ({ col, value })).sort((a, b) => a.col - b.col);
    entries.push(row);
    indptr[r + 1] = (indptr[r] ?? 0) + row.length;
  }
  const nnz = indptr[rows] ?? 0;
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let at = 0;
  for (const row of entries) {
    for (const { col, value } of row) {
      indices[at] = col;
      values[at++] = value;
    }
  }
  return { rows, cols, indptr, indices, values };
}

/** The transpose (items × users), rows again sorted. */
export function transposeInteractions(m: InteractionMatrix): InteractionMatrix {
  const indptr = new Int32Array(m.cols + 1);
  for (let e = 0; e < m.indices.length; e++) indptr[(m.indices[e] ?? 0) + 1]! += 1;
  for (let c = 0; c < m.cols; c++) indptr[c + 1]! += indptr[c] ?? 0;
  const fill = indptr.slice(0, m.cols);
  const indices = new Int32Array(m.indices.length);
  const values = new Float32Array(m.indices.length);
  // Rows are visited in order, so each transposed row receives its columns ascending.
  for (let r = 0; r < m.rows; r++) {
    for (let e = m.indptr[r] ?? 0; e < (m.indptr[r + 1] ?? 0); e++) {
      const c = m.indices[e] ?? 0;
      const at = fill[c]!++;
      indices[at] = r;
      values[at] = m.values[e] ?? 0;
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, values };
}

/** The columns of row `r` (a view, no copy). */
export function rowItems(m: InteractionMatrix, r: number): Int32Array {
  return m.indices.subarray(m.indptr[r] ?? 0, m.indptr[r + 1] ?? 0);
}

/** The strengths of row `r` (a view, no copy). */
export function rowValues(m: InteractionMatrix, r: number): Float32Array {
  return m.values.subarray(m.indptr[r] ?? 0, m.indptr[r + 1] ?? 0);
}

/** Entries per column: how many rows touch each item (its popularity). */
export function columnCounts(m: InteractionMatrix): Float64Array {
  const counts = new Float64Array(m.cols);
  for (let e = 0; e < m.indices.length; e++) counts[m.indices[e] ?? 0]! += 1;
  return counts;
}
