// Ward's agglomerative clustering of one user's item vectors, O(n²) time and memory with the nearest-neighbour
// chain and Lance–Williams updates (Ward is reducible, so the chain finds the same merges as the greedy
// algorithm). Sized for a user's history: n up to a few hundred actions.
import { requireInput } from '../users.errors.ts';

/** Merges in ascending cost; node ids: leaves 0..n-1, merge m creates node n + m (scipy's linkage layout). */
export interface Dendrogram {
  readonly leaves: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Increase of the within-cluster sum of squares caused by the merge (Ward's criterion). */
  readonly cost: Float64Array;
  /** Squared distance between the two merged clusters' centroids. */
  readonly gap: Float64Array;
  /** Total weight of the merged cluster. */
  readonly size: Float64Array;
}

/**
 * Clusters the n rows of `vectors` (n × dim). `weights` (default 1 each) count repeated actions on an item:
 * a weight-w leaf behaves as w identical points.
 */
export function wardClustering(vectors: Float32Array, dim: number, weights?: ArrayLike<number>): Dendrogram {
  requireInput(
    dim >= 1 && vectors.length % dim === 0,
    'vectors',
    `length ${vectors.length} is not a multiple of ${dim}`,
  );
  const n = vectors.length / dim;
  requireInput(!weights || weights.length === n, 'weights', `must have ${n} entries`);
  const size = Float64Array.from({ length: n }, (_, i) => weights?.[i] ?? 1);
  for (let i = 0; i < n; i++) requireInput(size[i]! > 0, `weights[${i}]`, 'must be positive');
  // d[i][j] = 2·n_i·n_j/(n_i+n_j)·‖c_i − c_j‖²: with unit weights the squared distance, and for any clusters
  // twice the merge's SSE increase. Lance–Williams keeps it exact under merges.
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const diff = vectors[i * dim + k]! - vectors[j * dim + k]!;
        s += diff * diff;
      }
      const v = ((2 * size[i]! * size[j]!) / (size[i]! + size[j]!)) * s;
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  const active = new Uint8Array(n).fill(1);
  // Which dendrogram node each active slot currently holds.
  const node = Int32Array.from({ length: n }, (_, i) => i);
  const raw: { a: number; b: number; dist: number; sa: number; sb: number; order: number }[] = [];
  const chain: number[] = [];
  let remaining = n;
  let next = 0;
  while (remaining > 1) {
    if (chain.length === 0) {
      while (active[next] === 0) next++;
      chain.push(next);
    }
    const a = chain[chain.length - 1]!;
    const previous = chain.length >= 2 ? chain[chain.length - 2]! : -1;
    // Nearest active cluster to a; the previous chain element wins ties, which guarantees termination.
    let best = previous;
    let bestDist = previous >= 0 ? d[a * n + previous]! : Infinity;
    for (let k = 0; k < n; k++) {
      if (k === a || active[k] === 0) continue;
      const v = d[a * n + k]!;
      if (v < bestDist) {
        bestDist = v;
        best = k;
      }
    }
    if (best !== previous) {
      chain.push(best);
      continue;
    }
    chain.length -= 2;
    const [keep, drop] = a < best ? [a, best] : [best, a];
    const si = size[keep]!;
    const sj = size[drop]!;
    raw.push({ a: node[keep]!, b: node[drop]!, dist: bestDist, sa: si, sb: sj, order: raw.length });
    for (let k = 0; k < n; k++) {
      if (active[k] === 0 || k === keep || k === drop) continue;
      const sk = size[k]!;
      const v = ((si + sk) * d[k * n + keep]! + (sj + sk) * d[k * n + drop]! - sk * bestDist) / (si + sj + sk);
      d[k * n + keep] = v;
      d[keep * n + k] = v;
    }
    active[drop] = 0;
    size[keep] = si + sj;
    node[keep] = -raw.length; // placeholder: merge index + 1, negated, resolved below
    remaining--;
  }
  return toDendrogram(n, raw);
}

/** Sorts merges by distance (stable: children were merged before parents) and renumbers nodes. */
function toDendrogram(
  n: number,
  raw: readonly { a: number; b: number; dist: number; sa: number; sb: number; order: number }[],
): Dendrogram {
  const sorted = [...raw].sort((x, y) => x.dist - y.dist || x.order - y.order);
  const newId = new Int32Array(raw.length);
  sorted.forEach((m, at) => (newId[m.order] = n + at));
  const resolve = (id: number): number => (id >= 0 ? id : newId[-id - 1]!);
  const left = new Int32Array(raw.length);
  const right = new Int32Array(raw.length);
  const cost = new Float64Array(raw.length);
  const gap = new Float64Array(raw.length);
  const size = new Float64Array(raw.length);
  sorted.forEach((m, at) => {
    left[at] = resolve(m.a);
    right[at] = resolve(m.b);
    cost[at] = m.dist / 2;
    gap[at] = (m.dist * (m.sa + m.sb)) / (2 * m.sa * m.sb);
    size[at] = m.sa + m.sb;
  });
  return { leaves: n, left, right, cost, gap, size };
}
