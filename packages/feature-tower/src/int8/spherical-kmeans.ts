// Spherical k-means over int8 rows for the index's coarse lists: unit centroids, rows assigned by the largest
// dot product, the same rule search uses to pick which lists to probe. Seeded k-means++ start, Lloyd steps
// over a sample, deterministic.
import { createRng } from '@shopspace/item2vec';

export interface KmeansOptions {
  readonly lists: number;
  readonly iterations?: number;
  /** Rows used to fit the centroids (all rows are assigned afterwards). Default 256 per list. */
  readonly sample?: number;
  readonly seed?: number;
}

/** Returns lists × dim unit centroids (fewer rows than lists gives duplicate-free centroids of every row). */
export function sphericalKmeans(codes: Int8Array, dim: number, options: KmeansOptions): Float32Array {
  const n = codes.length / dim;
  const lists = Math.max(1, Math.min(options.lists, n));
  const rng = createRng(options.seed ?? 1);
  const sampleSize = Math.min(n, options.sample ?? 256 * lists);
  // A uniform sample without replacement (partial Fisher-Yates over row ids).
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < sampleSize; i++) {
    const j = i + rng.nextInt(n - i);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const rows = new Float32Array(sampleSize * dim);
  for (let s = 0; s < sampleSize; s++) {
    const base = ids[s]! * dim;
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += codes[base + j]! * codes[base + j]!;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < dim; j++) rows[s * dim + j] = codes[base + j]! * inv;
  }
  const centroids = new Float32Array(lists * dim);
  // k-means++ on cosine distance (1 − cos): spread-out seeds, so few Lloyd steps suffice.
  const nearest = new Float64Array(sampleSize).fill(Infinity);
  let pick = rng.nextInt(sampleSize);
  for (let c = 0; c < lists; c++) {
    centroids.set(rows.subarray(pick * dim, (pick + 1) * dim), c * dim);
    let total = 0;
    for (let s = 0; s < sampleSize; s++) {
      const d = 1 - dotRows(rows, s, centroids, c, dim);
      if (d < nearest[s]!) nearest[s] = d;
      total += Math.max(0, nearest[s]!);
    }
    let x = rng.nextFloat() * total;
    pick = sampleSize - 1;
    for (let s = 0; s < sampleSize; s++) {
      x -= Math.max(0, nearest[s]!);
      if (x < 0) {
        pick = s;
        break;
      }
    }
  }
  const assignment = new Int32Array(sampleSize);
  const sums = new Float64Array(lists * dim);
  for (let iteration = 0; iteration < (options.iterations ?? 10); iteration++) {
    sums.fill(0);
    for (let s = 0; s < sampleSize; s++) {
      const c = bestCentroid(rows, s, centroids, lists, dim);
      assignment[s] = c;
      for (let j = 0; j < dim; j++) sums[c * dim + j]! += rows[s * dim + j]!;
    }
    for (let c = 0; c < lists; c++) {
      let norm = 0;
      for (let j = 0; j < dim; j++) norm += sums[c * dim + j]! ** 2;
      // An emptied list keeps its centroid rather than collapsing to zero.
      if (norm === 0) continue;
      const inv = 1 / Math.sqrt(norm);
      for (let j = 0; j < dim; j++) centroids[c * dim + j] = sums[c * dim + j]! * inv;
    }
  }
  return centroids;
}

function dotRows(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += a[i * dim + d]! * b[j * dim + d]!;
  return sum;
}

function bestCentroid(rows: Float32Array, s: number, centroids: Float32Array, lists: number, dim: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < lists; c++) {
    const score = dotRows(rows, s, centroids, c, dim);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}
