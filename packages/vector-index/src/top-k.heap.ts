// Bounded min-heap that keeps the k best (label, score) pairs of a scan in preallocated typed arrays, so the
// brute-force inner loop allocates nothing. Ties go to the smaller label, which makes results deterministic.

export class TopKHeap {
  private readonly labels: Int32Array;
  private readonly scores: Float32Array;
  private count = 0;
  private k = 0;

  constructor(capacity: number) {
    this.labels = new Int32Array(Math.max(1, capacity));
    this.scores = new Float32Array(Math.max(1, capacity));
  }

  get capacity(): number {
    return this.labels.length;
  }

  get length(): number {
    return this.count;
  }

  /** Starts a new scan keeping at most k entries (k <= capacity). */
  reset(k: number): void {
    if (k > this.labels.length) throw new RangeError(`k ${k} exceeds heap capacity ${this.labels.length}`);
    this.k = k;
    this.count = 0;
  }

  push(label: number, score: number): void {
    if (this.count < this.k) {
      this.siftUp(this.count++, label, score);
    } else if (this.k > 0 && worse(this.scores[0] as number, this.labels[0] as number, score, label)) {
      // The new pair beats the worst kept one (the root): it takes the root's place.
      this.siftDown(0, label, score, this.count);
    }
  }

  /** Empties the heap into new arrays, best first. */
  drain(): { labels: Int32Array; scores: Float32Array } {
    const n = this.count;
    const outLabels = new Int32Array(n);
    const outScores = new Float32Array(n);
    for (let out = n - 1; out >= 0; out--) {
      outLabels[out] = this.labels[0] as number;
      outScores[out] = this.scores[0] as number;
      const last = --this.count;
      if (last > 0) this.siftDown(0, this.labels[last] as number, this.scores[last] as number, last);
    }
    return { labels: outLabels, scores: outScores };
  }

  private siftUp(start: number, label: number, score: number): void {
    const labels = this.labels;
    const scores = this.scores;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const ps = scores[parent] as number;
      const pl = labels[parent] as number;
      if (!worse(score, label, ps, pl)) break;
      labels[i] = pl;
      scores[i] = ps;
      i = parent;
    }
    labels[i] = label;
    scores[i] = score;
  }

  private siftDown(start: number, label: number, score: number, n: number): void {
    const labels = this.labels;
    const scores = this.scores;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (
        right < n &&
        worse(scores[right] as number, labels[right] as number, scores[left] as number, labels[left] as number)
      ) {
        child = right;
      }
      const cs = scores[child] as number;
      const cl = labels[child] as number;
      if (!worse(cs, cl, score, label)) break;
      labels[i] = cl;
      scores[i] = cs;
      i = child;
    }
    labels[i] = label;
    scores[i] = score;
  }
}

/** True when (sa, la) ranks below (sb, lb): lower score, or equal score and larger label. */
function worse(sa: number, la: number, sb: number, lb: number): boolean {
  return sa < sb || (sa === sb && la > lb);
}
