// Top-k selection over a dense score vector with a bounded min-heap: O(n log k), ties broken by the lower
// index (the order rankOf in @shopspace/item2vec assumes), items filtered out or scored -Infinity/NaN skipped.

export interface TopK {
  /** Item indexes, best first. */
  readonly labels: Int32Array;
  readonly scores: Float64Array;
}

/** The k best items of `scores`; `allow` (when given) must return true for an item to be returned. */
export function topK(scores: ArrayLike<number>, k: number, allow?: (item: number) => boolean): TopK {
  const cap = Math.max(0, Math.min(k, scores.length));
  const heapItems = new Int32Array(cap);
  const heapScores = new Float64Array(cap);
  let size = 0;
  // Heap root = the worst kept entry: lowest score, and among equal scores the highest index.
  const worse = (sa: number, ia: number, sb: number, ib: number): boolean => sa < sb || (sa === sb && ia > ib);
  const siftDown = (from: number): void => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      let child = left;
      const right = left + 1;
      if (right < size && worse(heapScores[right]!, heapItems[right]!, heapScores[left]!, heapItems[left]!)) {
        child = right;
      }
      if (!worse(heapScores[child]!, heapItems[child]!, heapScores[at]!, heapItems[at]!)) return;
      swap(at, child);
      at = child;
    }
  };
  const swap = (a: number, b: number): void => {
    const ti = heapItems[a]!;
    heapItems[a] = heapItems[b]!;
    heapItems[b] = ti;
    const ts = heapScores[a]!;
    heapScores[a] = heapScores[b]!;
    heapScores[b] = ts;
  };
  if (cap > 0) {
    for (let item = 0; item < scores.length; item++) {
      const score = scores[item]!;
      if (!(score > -Infinity)) continue;
      if (allow && !allow(item)) continue;
      if (size < cap) {
        let at = size++;
        heapItems[at] = item;
        heapScores[at] = score;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (!worse(heapScores[at]!, heapItems[at]!, heapScores[parent]!, heapItems[parent]!)) break;
          swap(at, parent);
          at = parent;
        }
      } else if (worse(heapScores[0]!, heapItems[0]!, score, item)) {
        heapItems[0] = item;
        heapScores[0] = score;
        siftDown(0);
      }
    }
  }
  // Draining the root repeatedly yields worst first; fill the output from the back.
  const labels = new Int32Array(size);
  const out = new Float64Array(size);
  for (let at = size - 1; at >= 0; at--) {
    labels[at] = heapItems[0]!;
    out[at] = heapScores[0]!;
    size--;
    if (size > 0) {
      heapItems[0] = heapItems[size]!;
      heapScores[0] = heapScores[size]!;
      siftDown(0);
    }
  }
  return { labels, scores: out };
}
