// Where to cut a user's Ward dendrogram: no fixed number of clusters. A merge is a jump when the squared gap
// between the centroids it joins is `jump` times the history's typical merge gap (the median over all merges,
// which within-interest merges dominate, floored by `minScale` so a tight history is not split on noise).
// Ward's gaps are not monotone up the tree (two groups of interests can have close centroids), so a node is
// split when its own merge or any merge below it is a jump: clusters are the largest subtrees free of jumps.
// A one-interest history stays whole; a varied one gets as many clusters as it has separated groups.
import type { Dendrogram } from './ward.clustering.ts';

export interface CutOptions {
  /** A merge whose centroid gap² is at least jump × the typical gap² separates two interests. Default 4. */
  readonly jump?: number;
  /** Floor of the typical gap² (in the vectors' squared units; unit vectors: 0.1 ≈ cosine 0.95). */
  readonly minScale?: number;
  readonly maxClusters?: number;
}

export const DEFAULT_CUT = { jump: 4, minScale: 0.1, maxClusters: 32 } as const;

/** Cluster label (0..k-1, in order of each cluster's smallest leaf) for every leaf. */
export function adaptiveCut(tree: Dendrogram, options: CutOptions = {}): Int32Array {
  const jump = options.jump ?? DEFAULT_CUT.jump;
  const minScale = options.minScale ?? DEFAULT_CUT.minScale;
  const maxClusters = options.maxClusters ?? DEFAULT_CUT.maxClusters;
  const n = tree.leaves;
  const merges = n - 1;
  const labels = new Int32Array(n);
  if (n <= 1) return labels;
  const sortedGaps = Float64Array.from(tree.gap).sort();
  // Lower median: with few merges the smaller one, so a single big jump among two merges still counts.
  const typical = Math.max(sortedGaps[(merges - 1) >> 1]!, minScale);
  const threshold = jump * typical;
  // Children precede parents in merge order, so one pass marks every subtree holding a jump.
  const holdsJump = new Uint8Array(merges);
  const below = (id: number): number => (id < n ? 0 : holdsJump[id - n]!);
  for (let m = 0; m < merges; m++) {
    holdsJump[m] = tree.gap[m]! >= threshold || below(tree.left[m]!) || below(tree.right[m]!) ? 1 : 0;
  }
  // Frontier of current clusters (node ids); of those holding a jump, the widest merge is split first, which
  // only matters once maxClusters binds.
  const frontier = [n + merges - 1];
  for (;;) {
    if (frontier.length >= maxClusters) break;
    let pick = -1;
    let pickGap = -Infinity;
    frontier.forEach((id, at) => {
      if (id < n || holdsJump[id - n] === 0) return;
      const g = tree.gap[id - n]!;
      if (g > pickGap) {
        pickGap = g;
        pick = at;
      }
    });
    if (pick < 0) break;
    const m = frontier[pick]! - n;
    frontier.splice(pick, 1, tree.left[m]!, tree.right[m]!);
  }
  // Label leaves by their frontier ancestor, then renumber by smallest leaf for a stable order.
  const owner = new Int32Array(n + merges).fill(-1);
  frontier.forEach((id, c) => (owner[id] = c));
  for (let m = merges - 1; m >= 0; m--) {
    const o = owner[n + m]!;
    if (o < 0) continue;
    owner[tree.left[m]!] = o;
    owner[tree.right[m]!] = o;
  }
  const renumber = new Int32Array(frontier.length).fill(-1);
  let nextLabel = 0;
  for (let leaf = 0; leaf < n; leaf++) {
    const o = owner[leaf]!;
    if (renumber[o]! < 0) renumber[o] = nextLabel++;
    labels[leaf] = renumber[o]!;
  }
  return labels;
}
