// Cosine similarity matrices between two vector sets, read block by block. Small matrices (up to
// MATERIALIZE_LIMIT entries) are computed once and kept, so the two passes of CSLS and every self-learning
// step that reuses the fixed feature part do not recompute them; larger ones are recomputed per pass, so
// memory stays O(block × columns).
import { rowCount, type VectorSet } from './vector-space.ts';

export const BLOCK_ROWS = 64;
/** Entries (float32) kept in memory at most: 64 M = 256 MB. */
export const MATERIALIZE_LIMIT = 64 * 1024 * 1024;

/** A rows × cols similarity matrix that writes `count` rows from `start` into `out` (row-major, cols wide). */
export interface Similarities {
  readonly rows: number;
  readonly cols: number;
  fill(start: number, count: number, out: Float32Array): void;
}

/** Dot products of the rows of `a` with the rows of `b` (cosines when both are unit length). */
export function dotSimilarities(a: VectorSet, b: VectorSet): Similarities {
  const dim = a.dim;
  const av = a.vectors;
  const bv = b.vectors;
  const cols = rowCount(b);
  return {
    rows: rowCount(a),
    cols,
    fill(start, count, out) {
      for (let r = 0; r < count; r++) {
        const ao = (start + r) * dim;
        const oo = r * cols;
        for (let j = 0; j < cols; j++) {
          const bo = j * dim;
          // Four accumulators: independent chains the CPU can overlap.
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let d = 0;
          for (; d + 3 < dim; d += 4) {
            s0 += av[ao + d]! * bv[bo + d]!;
            s1 += av[ao + d + 1]! * bv[bo + d + 1]!;
            s2 += av[ao + d + 2]! * bv[bo + d + 2]!;
            s3 += av[ao + d + 3]! * bv[bo + d + 3]!;
          }
          for (; d < dim; d++) s0 += av[ao + d]! * bv[bo + d]!;
          out[oo + j] = s0 + s1 + s2 + s3;
        }
      }
    },
  };
}

/** Σ weight · part, entry by entry (the parts must have the same shape). */
export function blendSimilarities(
  parts: readonly { readonly sim: Similarities; readonly weight: number }[],
): Similarities {
  const first = parts[0]!.sim;
  let scratch = new Float32Array(0);
  return {
    rows: first.rows,
    cols: first.cols,
    fill(start, count, out) {
      const size = count * first.cols;
      if (scratch.length < size) scratch = new Float32Array(size);
      out.fill(0, 0, size);
      for (const { sim, weight } of parts) {
        if (weight === 0) continue;
        sim.fill(start, count, scratch);
        for (let i = 0; i < size; i++) out[i]! += weight * scratch[i]!;
      }
    },
  };
}

/** Keeps the whole matrix when it fits under MATERIALIZE_LIMIT; otherwise returns `sim` unchanged. */
export function materialize(sim: Similarities): Similarities {
  if (sim.rows * sim.cols > MATERIALIZE_LIMIT) return sim;
  const { rows, cols } = sim;
  const matrix = new Float32Array(rows * cols);
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const count = Math.min(BLOCK_ROWS, rows - start);
    sim.fill(start, count, matrix.subarray(start * cols, (start + count) * cols));
  }
  return {
    rows,
    cols,
    fill: (start, count, out) => out.set(matrix.subarray(start * cols, (start + count) * cols)),
  };
}

/** Calls `visit` with consecutive blocks of rows (block holds `count` rows of `cols` similarities). */
export function forEachBlock(
  sim: Similarities,
  visit: (start: number, count: number, block: Float32Array) => void,
): void {
  const block = new Float32Array(BLOCK_ROWS * sim.cols);
  for (let start = 0; start < sim.rows; start += BLOCK_ROWS) {
    const count = Math.min(BLOCK_ROWS, sim.rows - start);
    sim.fill(start, count, block);
    visit(start, count, block);
  }
}
