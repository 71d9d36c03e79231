// Sparse score accumulation over a catalog with top-n selection: generators add weights to the items they
// touch and take the best n with a bounded heap. Ties go to the item touched first, so a generator that
// touches items in a reference's order also breaks ties as that reference does.
import type { Candidates, ItemFilter } from './candidate-generator.ts';

export class ScoreAccumulator {
  readonly scores: Float64Array;
  private readonly touchedAt: Int32Array;
  private readonly touched: Int32Array;
  private count = 0;
  private readonly excluded: Int32Array;
  private stamp = 0;
  private heap: Int32Array;

  constructor(readonly size: number) {
    this.scores = new Float64Array(size);
    this.touchedAt = new Int32Array(size).fill(-1);
    this.touched = new Int32Array(size);
    this.excluded = new Int32Array(size);
    this.heap = new Int32Array(64);
  }

  /** Clears the previous query's scores (only the touched entries) and marks `exclude` as not proposable. */
  reset(exclude: ArrayLike<number>): void {
    for (let i = 0; i < this.count; i++) {
      const item = this.touched[i] ?? 0;
      this.scores[item] = 0;
      this.touchedAt[item] = -1;
    }
    this.count = 0;
    this.stamp++;
    for (let i = 0; i < exclude.length; i++) {
      const item = exclude[i] ?? -1;
      if (item >= 0 && item < this.size) this.excluded[item] = this.stamp;
    }
  }

  add(item: number, weight: number): void {
    if (this.touchedAt[item] === -1) {
      this.touchedAt[item] = this.count;
      this.touched[this.count++] = item;
    }
    this.scores[item] = (this.scores[item] ?? 0) + weight;
  }

  /** Replaces every touched score by f(item, score) (e.g. a normalisation once all weights are in). */
  mapScores(f: (item: number, score: number) => number): void {
    for (let i = 0; i < this.count; i++) {
      const item = this.touched[i] ?? 0;
      this.scores[item] = f(item, this.scores[item] ?? 0);
    }
  }

  get touchedCount(): number {
    return this.count;
  }

  /** The n best touched items (score > -Infinity, not excluded, allowed), best first; ties by touch order. */
  top(n: number, allow?: ItemFilter): Candidates {
    const { scores, touched } = this;
    if (this.heap.length < n) this.heap = new Int32Array(Math.max(n, this.heap.length * 2));
    const heap = this.heap;
    // Min-heap of touch positions: the root is the worst kept (lowest score, then latest touch).
    const worse = (a: number, b: number): boolean => {
      const sa = scores[touched[a] ?? 0] ?? 0;
      const sb = scores[touched[b] ?? 0] ?? 0;
      return sa < sb || (sa === sb && a > b);
    };
    let size = 0;
    for (let pos = 0; pos < this.count && n > 0; pos++) {
      const item = touched[pos] ?? 0;
      if (this.excluded[item] === this.stamp || !((scores[item] ?? 0) > -Infinity)) continue;
      if (size === n && !worse(heap[0] ?? 0, pos)) continue;
      if (allow && !allow(item)) continue;
      if (size < n) {
        let at = size++;
        heap[at] = pos;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (!worse(pos, heap[parent] ?? 0)) break;
          heap[at] = heap[parent] ?? 0;
          at = parent;
        }
        heap[at] = pos;
      } else siftDown(heap, size, pos, worse);
    }
    // Pop worst-first into the tail of the output.
    const items = new Int32Array(size);
    const out = new Float32Array(size);
    for (let k = size - 1; k >= 0; k--) {
      const root = heap[0] ?? 0;
      const last = heap[k] ?? 0;
      items[k] = touched[root] ?? 0;
      out[k] = scores[touched[root] ?? 0] ?? 0;
      if (k > 0) siftDown(heap, k, last, worse);
    }
    return { items, scores: out };
  }
}

function siftDown(heap: Int32Array, size: number, value: number, worse: (a: number, b: number) => boolean): void {
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && worse(heap[right] ?? 0, heap[left] ?? 0) ? right : left;
    if (!worse(heap[child] ?? 0, value)) break;
    heap[at] = heap[child] ?? 0;
    at = child;
  }
  heap[at] = value;
}
