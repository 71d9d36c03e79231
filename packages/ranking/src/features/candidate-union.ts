// The union of several generators' candidates for one query: each item once, with every generator's rank and
// score (rank -1 where that generator did not propose it). The ranker's input, and what explanations read.
import type { SessionQuery } from '../data/session-query.ts';
import type { CandidateGenerator, ItemFilter } from '../generators/candidate-generator.ts';

export interface CandidateUnion {
  readonly items: Int32Array;
  /** ranks[g * size + i]: generator g's 0-based rank of items[i], or -1. */
  readonly ranks: Int32Array;
  readonly scores: Float32Array;
  /** Largest |score| generator g gave in this query (0 when it proposed nothing). */
  readonly maxScore: Float32Array;
  readonly generators: number;
}

/** Builds unions over one catalog; holds scratch memory, so one per thread of use. */
export class UnionBuilder {
  private readonly slot: Int32Array;
  private readonly stampOf: Int32Array;
  private stamp = 0;

  constructor(
    readonly generators: readonly CandidateGenerator[],
    itemCount: number,
  ) {
    this.slot = new Int32Array(itemCount);
    this.stampOf = new Int32Array(itemCount);
  }

  build(query: SessionQuery, perGenerator: number, allow?: ItemFilter): CandidateUnion {
    const lists = this.generators.map((g) => g.propose(query, perGenerator, allow));
    this.stamp++;
    const order: number[] = [];
    for (const list of lists) {
      for (const item of list.items) {
        if (this.stampOf[item] === this.stamp) continue;
        this.stampOf[item] = this.stamp;
        this.slot[item] = order.length;
        order.push(item);
      }
    }
    const size = order.length;
    const g = lists.length;
    const ranks = new Int32Array(g * size).fill(-1);
    const scores = new Float32Array(g * size);
    const maxScore = new Float32Array(g);
    lists.forEach((list, k) => {
      let max = 0;
      for (let r = 0; r < list.items.length; r++) {
        const at = k * size + (this.slot[list.items[r] ?? 0] ?? 0);
        ranks[at] = r;
        const score = list.scores[r] ?? 0;
        scores[at] = score;
        if (Math.abs(score) > max) max = Math.abs(score);
      }
      maxScore[k] = max;
    });
    return { items: Int32Array.from(order), ranks, scores, maxScore, generators: g };
  }

  /** True when `item` is in the union last built. */
  has(item: number): boolean {
    return this.stampOf[item] === this.stamp;
  }
}

/** The union as it would be had every generator been asked for only n candidates (lists are prefix-stable). */
export function restrictUnion(union: CandidateUnion, n: number): CandidateUnion {
  const size = union.items.length;
  const g = union.generators;
  const keep: number[] = [];
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < g; k++) {
      const r = union.ranks[k * size + i] ?? -1;
      if (r >= 0 && r < n) {
        keep.push(i);
        break;
      }
    }
  }
  if (keep.length === size && maxRank(union) < n) return union;
  const kept = keep.length;
  const ranks = new Int32Array(g * kept).fill(-1);
  const scores = new Float32Array(g * kept);
  const maxScore = new Float32Array(g);
  keep.forEach((i, j) => {
    for (let k = 0; k < g; k++) {
      const r = union.ranks[k * size + i] ?? -1;
      if (r < 0 || r >= n) continue;
      const score = union.scores[k * size + i] ?? 0;
      ranks[k * kept + j] = r;
      scores[k * kept + j] = score;
      if (Math.abs(score) > (maxScore[k] ?? 0)) maxScore[k] = Math.abs(score);
    }
  });
  return { items: Int32Array.from(keep, (i) => union.items[i] ?? 0), ranks, scores, maxScore, generators: g };
}

function maxRank(union: CandidateUnion): number {
  let max = -1;
  for (const r of union.ranks) if (r > max) max = r;
  return max;
}
