// The bounded heap behind top-k search: its root is the worst kept entry (lowest score, larger label on a
// tie), so a candidate that does not beat the root is rejected with one comparison.

export function siftUp(scores: Float64Array, labels: Int32Array, i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!worse(scores, labels, i, parent)) break;
    swap(scores, labels, i, parent);
    i = parent;
  }
}

export function siftDown(scores: Float64Array, labels: Int32Array, i: number, k: number): void {
  for (;;) {
    let child = 2 * i + 1;
    if (child >= k) break;
    if (child + 1 < k && worse(scores, labels, child + 1, child)) child++;
    if (!worse(scores, labels, child, i)) break;
    swap(scores, labels, i, child);
    i = child;
  }
}

// The heap keeps its worst entry on top: lower score, or the larger label on a tie.
function worse(scores: Float64Array, labels: Int32Array, a: number, b: number): boolean {
  return scores[a]! < scores[b]! || (scores[a] === scores[b] && labels[a]! > labels[b]!);
}

function swap(scores: Float64Array, labels: Int32Array, a: number, b: number): void {
  [scores[a], scores[b]] = [scores[b]!, scores[a]!];
  [labels[a], labels[b]] = [labels[b]!, labels[a]!];
}
