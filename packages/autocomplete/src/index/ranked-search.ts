// Top-k over the union of prefix ranges by a blend of popularity and session similarity, without scoring every
// entry: a range-argmax tree over the entries' popularity hands out candidates in falling popularity order (a
// range splits around its best entry), and the search stops once no remaining entry can beat the k-th best even
// with a perfect similarity, or when the candidate budget is spent. Without a session that stop is exact after
// about k candidates; with one, the budget makes it "the `budget` most popular matches, reranked". The hot loop
// works on preallocated typed arrays: no objects or closures per candidate.
import type { PrefixIndex, PrefixRange } from './prefix-index.ts';
import { VECTOR_SCALE } from '../model/query-model.ts';

/** The scored rows a prefix index points into: normalised popularity and int8 unit vectors. */
export interface RankedRows {
  /** log1p(popularity) / log1p(max popularity), in [0, 1]. */
  readonly popularity: Float32Array;
  readonly vectors: Int8Array;
  readonly dim: number;
}

export interface BlendParams {
  /** Unit session vector, or null for popularity only. */
  readonly session: Float32Array | null;
  /** Weight of similarity when there is a session: score = (1 - w) popularity + w max(0, cos). */
  readonly weight: number;
  readonly typoPenalty: number;
  /** Subtracted when the match starts inside the text rather than at its start. */
  readonly innerWordPenalty: number;
  /** Most candidates scored per call. */
  readonly budget: number;
}

export interface RankedHit {
  readonly row: number;
  readonly score: number;
  /** Where the matched part starts and how long it is, in the row's text. */
  readonly start: number;
  readonly length: number;
  readonly typo: boolean;
}

/** Range-argmax over entry popularity: an iterative segment tree holding each node's best entry and its key. */
export class PopularityTree {
  /** Popularity of each entry's row, in entry order. */
  readonly entryKey: Float32Array;
  private readonly bestEntry: Int32Array;
  private readonly bestKey: Float32Array;
  private readonly n: number;

  constructor(index: PrefixIndex, rows: RankedRows) {
    const n = index.size;
    this.n = n;
    this.entryKey = new Float32Array(n);
    for (let e = 0; e < n; e++) this.entryKey[e] = rows.popularity[index.entryRow[e] ?? 0] ?? 0;
    this.bestEntry = new Int32Array(2 * Math.max(1, n));
    this.bestKey = new Float32Array(2 * Math.max(1, n)).fill(-Infinity);
    for (let e = 0; e < n; e++) {
      this.bestEntry[n + e] = e;
      this.bestKey[n + e] = this.entryKey[e] ?? 0;
    }
    for (let i = n - 1; i > 0; i--) {
      const l = 2 * i;
      const r = l + 1;
      // Ties go to the left child, the lower entry, so answers do not depend on the tree's shape.
      const left = (this.bestKey[l] ?? 0) >= (this.bestKey[r] ?? 0);
      this.bestEntry[i] = (left ? this.bestEntry[l] : this.bestEntry[r]) ?? 0;
      this.bestKey[i] = (left ? this.bestKey[l] : this.bestKey[r]) ?? 0;
    }
  }

  get byteLength(): number {
    return this.entryKey.byteLength + this.bestEntry.byteLength + this.bestKey.byteLength;
  }

  /** The most popular entry in [lo, hi) (hi > lo); ties to the lowest entry. */
  argmax(lo: number, hi: number): number {
    let best = -1;
    let bestKey = -Infinity;
    for (let l = lo + this.n, r = hi + this.n; l < r; l >>= 1, r >>= 1) {
      if (l & 1) {
        const key = this.bestKey[l] ?? 0;
        const entry = this.bestEntry[l] ?? 0;
        if (key > bestKey || (key === bestKey && entry < best)) [best, bestKey] = [entry, key];
        l++;
      }
      if (r & 1) {
        r--;
        const key = this.bestKey[r] ?? 0;
        const entry = this.bestEntry[r] ?? 0;
        if (key > bestKey || (key === bestKey && entry < best)) [best, bestKey] = [entry, key];
      }
    }
    return best;
  }
}

/** Scratch state sized to the rows, reused across calls (JavaScript runs one search at a time). */
export class RankedSearch {
  private readonly stamp: Uint32Array;
  private readonly bestScore: Float64Array;
  private readonly bestStart: Uint16Array;
  private readonly bestLength: Uint16Array;
  private readonly bestTypo: Uint8Array;
  private generation = 0;
  // Max-heap of pending sub-ranges, keyed by the best score any entry in them could reach.
  private heapBound = new Float64Array(1024);
  private heapLo = new Int32Array(1024);
  private heapHi = new Int32Array(1024);
  private heapBest = new Int32Array(1024);
  private heapRange = new Int32Array(1024);
  private heapSize = 0;

  constructor(
    private readonly index: PrefixIndex,
    private readonly rows: RankedRows,
    private readonly tree: PopularityTree,
  ) {
    const count = index.texts.length;
    this.stamp = new Uint32Array(count);
    this.bestScore = new Float64Array(count);
    this.bestStart = new Uint16Array(count);
    this.bestLength = new Uint16Array(count);
    this.bestTypo = new Uint8Array(count);
  }

  get byteLength(): number {
    return this.stamp.byteLength + this.bestScore.byteLength + 5 * this.bestStart.byteLength;
  }

  /** The k best distinct rows matched by any of `ranges`, best first. */
  top(ranges: readonly PrefixRange[], params: BlendParams, k: number): RankedHit[] {
    const session = params.weight > 0 ? params.session : null;
    const w = session ? params.weight : 0;
    const ceiling = session ? w : 0;
    const generation = this.nextGeneration();
    const top: number[] = [];
    this.heapSize = 0;
    ranges.forEach((range, r) =>
      this.pushRange(range.lo, range.hi, r, w, ceiling, range.typo ? params.typoPenalty : 0),
    );
    const { entryRow, entryOffset } = this.index;
    for (let scored = 0; this.heapSize > 0 && scored < params.budget; scored++) {
      const bound = this.heapBound[0] ?? 0;
      // Strictly below: an equal score could still win the tie-break on text length.
      if (top.length === k && bound < (this.bestScore[top[k - 1] ?? 0] ?? 0)) break;
      const lo = this.heapLo[0] ?? 0;
      const hi = this.heapHi[0] ?? 0;
      const best = this.heapBest[0] ?? 0;
      const r = this.heapRange[0] ?? 0;
      this.popHeap();
      const range = ranges[r] as PrefixRange;
      const penalty = range.typo ? params.typoPenalty : 0;
      this.pushRange(lo, best, r, w, ceiling, penalty);
      this.pushRange(best + 1, hi, r, w, ceiling, penalty);
      const row = entryRow[best] ?? 0;
      const start = entryOffset[best] ?? 0;
      let score = (1 - w) * (this.rows.popularity[row] ?? 0) - penalty;
      if (session) score += w * Math.max(0, this.cosine(row, session));
      if (start > 0) score -= params.innerWordPenalty;
      if (this.stamp[row] === generation && !(score > (this.bestScore[row] ?? 0))) continue;
      this.stamp[row] = generation;
      this.bestScore[row] = score;
      this.bestStart[row] = start;
      this.bestLength[row] = range.length;
      this.bestTypo[row] = range.typo ? 1 : 0;
      this.insertTop(top, row, k);
    }
    return top.map((row) => ({
      row,
      score: this.bestScore[row] ?? 0,
      start: this.bestStart[row] ?? 0,
      length: this.bestLength[row] ?? 0,
      typo: this.bestTypo[row] === 1,
    }));
  }

  private pushRange(lo: number, hi: number, range: number, w: number, ceiling: number, penalty: number): void {
    if (lo >= hi) return;
    const best = this.tree.argmax(lo, hi);
    const bound = (1 - w) * (this.tree.entryKey[best] ?? 0) + ceiling - penalty;
    if (this.heapSize === this.heapBound.length) this.growHeap();
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.heapBound[parent] ?? 0) >= bound) break;
      this.moveHeap(parent, i);
      i = parent;
    }
    this.heapBound[i] = bound;
    this.heapLo[i] = lo;
    this.heapHi[i] = hi;
    this.heapBest[i] = best;
    this.heapRange[i] = range;
  }

  private popHeap(): void {
    const last = --this.heapSize;
    if (last === 0) return;
    const bound = this.heapBound[last] ?? 0;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && (this.heapBound[child + 1] ?? 0) > (this.heapBound[child] ?? 0)) child++;
      if ((this.heapBound[child] ?? 0) <= bound) break;
      this.moveHeap(child, i);
      i = child;
    }
    this.moveHeap(last, i);
  }

  private moveHeap(from: number, to: number): void {
    this.heapBound[to] = this.heapBound[from] ?? 0;
    this.heapLo[to] = this.heapLo[from] ?? 0;
    this.heapHi[to] = this.heapHi[from] ?? 0;
    this.heapBest[to] = this.heapBest[from] ?? 0;
    this.heapRange[to] = this.heapRange[from] ?? 0;
  }

  private growHeap(): void {
    const size = this.heapBound.length * 2;
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.heapBound = grow(this.heapBound, (n) => new Float64Array(n));
    this.heapLo = grow(this.heapLo, (n) => new Int32Array(n));
    this.heapHi = grow(this.heapHi, (n) => new Int32Array(n));
    this.heapBest = grow(this.heapBest, (n) => new Int32Array(n));
    this.heapRange = grow(this.heapRange, (n) => new Int32Array(n));
  }

  /** Keeps `top` the k best distinct rows: score desc, then shorter text, then lower row. */
  private insertTop(top: number[], row: number, k: number): void {
    const existing = top.indexOf(row);
    if (existing >= 0) top.splice(existing, 1);
    let at = top.length;
    while (at > 0 && this.before(row, top[at - 1] ?? 0)) at--;
    if (at < k) top.splice(at, 0, row);
    if (top.length > k) top.length = k;
  }

  private before(a: number, b: number): boolean {
    const sa = this.bestScore[a] ?? 0;
    const sb = this.bestScore[b] ?? 0;
    if (sa !== sb) return sa > sb;
    const la = this.index.texts[a]?.length ?? 0;
    const lb = this.index.texts[b]?.length ?? 0;
    return la !== lb ? la < lb : a < b;
  }

  private cosine(row: number, session: Float32Array): number {
    const { dim, vectors } = this.rows;
    const base = row * dim;
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += (vectors[base + d] ?? 0) * (session[d] ?? 0);
    return dot / VECTOR_SCALE;
  }

  private nextGeneration(): number {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }
}
