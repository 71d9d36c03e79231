// Cross-domain similarity local scaling (Conneau et al. 2018, "Word translation without parallel data"):
// csls(x, y) = 2 cos(x, y) − r_B(x) − r_A(y), where r_B(x) is the mean cosine of x to its k nearest rows of B.
// Hubs (rows close to everything) get a large r and are pushed down. Similarities are computed block by block,
// in two passes over a Similarities matrix (neighbourhood means, then best matches).
import { forEachBlock, type Similarities } from './similarities.ts';

export interface NeighbourhoodMeans {
  /** r_B(a_i): mean similarity of each row of A to its k nearest rows of B. */
  readonly ofA: Float64Array;
  /** r_A(b_j): mean similarity of each row of B to its k nearest rows of A. */
  readonly ofB: Float64Array;
}

/** The CSLS penalty terms for k nearest neighbours (k is clamped to the smaller set's size). */
export function neighbourhoodMeans(sim: Similarities, k: number): NeighbourhoodMeans {
  const nA = sim.rows;
  const nB = sim.cols;
  const kA = Math.min(k, nB);
  const kB = Math.min(k, nA);
  const ofA = new Float64Array(nA);
  const columnTop = new Float32Array(nB * kB).fill(-Infinity);
  const rowTop = new Float32Array(kA);
  forEachBlock(sim, (start, count, block) => {
    for (let r = 0; r < count; r++) {
      rowTop.fill(-Infinity);
      const base = r * nB;
      for (let j = 0; j < nB; j++) {
        const s = block[base + j]!;
        if (s > rowTop[kA - 1]!) insertDescending(rowTop, 0, kA, s);
        if (s > columnTop[j * kB + kB - 1]!) insertDescending(columnTop, j * kB, kB, s);
      }
      let sum = 0;
      for (let t = 0; t < kA; t++) sum += rowTop[t]!;
      ofA[start + r] = sum / kA;
    }
  });
  const ofB = new Float64Array(nB);
  for (let j = 0; j < nB; j++) {
    let sum = 0;
    for (let t = 0; t < kB; t++) sum += columnTop[j * kB + t]!;
    ofB[j] = sum / kB;
  }
  return { ofA, ofB };
}

// Inserts `value` into the descending run top[offset .. offset + k), dropping the smallest.
function insertDescending(top: Float32Array, offset: number, k: number, value: number): void {
  let at = offset + k - 1;
  while (at > offset && top[at - 1]! < value) {
    top[at] = top[at - 1]!;
    at--;
  }
  top[at] = value;
}

export interface AnchorPair {
  /** Row in A. */
  readonly a: number;
  /** Row in B. */
  readonly b: number;
  /** CSLS of the pair. */
  readonly csls: number;
}

/**
 * Pairs (a, b) that are each other's nearest neighbour under CSLS: b is a's best row of B and a is b's best row
 * of A. Sorted by row of A. Ties go to the lower index, so the result is deterministic.
 */
export function mutualCslsPairs(sim: Similarities, k: number): AnchorPair[] {
  const { ofA, ofB } = neighbourhoodMeans(sim, k);
  const nB = sim.cols;
  const rowBest = new Int32Array(sim.rows);
  const rowScore = new Float64Array(sim.rows);
  const columnBest = new Int32Array(nB).fill(-1);
  const columnScore = new Float64Array(nB).fill(-Infinity);
  forEachBlock(sim, (start, count, block) => {
    for (let r = 0; r < count; r++) {
      const i = start + r;
      const ri = ofA[i]!;
      let best = -1;
      let bestScore = -Infinity;
      for (let j = 0; j < nB; j++) {
        const csls = 2 * block[r * nB + j]! - ri - ofB[j]!;
        if (csls > bestScore) {
          bestScore = csls;
          best = j;
        }
        if (csls > columnScore[j]!) {
          columnScore[j] = csls;
          columnBest[j] = i;
        }
      }
      rowBest[i] = best;
      rowScore[i] = bestScore;
    }
  });
  const pairs: AnchorPair[] = [];
  rowBest.forEach((j, i) => {
    if (j >= 0 && columnBest[j] === i) pairs.push({ a: i, b: j, csls: rowScore[i]! });
  });
  return pairs;
}

/** For each row (query), the `top` columns (candidates) by CSLS or plain similarity, best first, row-major. */
export function rankByCsls(
  sim: Similarities,
  options: { readonly k: number; readonly top: number; readonly retrieval: 'csls' | 'cosine' },
): { readonly index: Int32Array; readonly score: Float32Array } {
  const nQ = sim.rows;
  const nC = sim.cols;
  const top = Math.min(options.top, nC);
  const means =
    options.retrieval === 'csls'
      ? neighbourhoodMeans(sim, options.k)
      : { ofA: new Float64Array(nQ), ofB: new Float64Array(nC) };
  const index = new Int32Array(nQ * top).fill(-1);
  const score = new Float32Array(nQ * top).fill(-Infinity);
  const scale = options.retrieval === 'csls' ? 2 : 1;
  forEachBlock(sim, (start, count, block) => {
    for (let r = 0; r < count; r++) {
      const i = start + r;
      const ri = means.ofA[i]!;
      const o = i * top;
      for (let j = 0; j < nC; j++) {
        const s = scale * block[r * nC + j]! - ri - means.ofB[j]!;
        if (!(s > score[o + top - 1]!)) continue;
        let at = o + top - 1;
        while (at > o && score[at - 1]! < s) {
          score[at] = score[at - 1]!;
          index[at] = index[at - 1]!;
          at--;
        }
        score[at] = s;
        index[at] = j;
      }
    }
  });
  return { index, score };
}
