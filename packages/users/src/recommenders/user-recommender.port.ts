// The common interface of every user recommender (popularity, item-kNN, iALS, two-tower, blends), so a
// chooser can compare them on one validation split and the serving path can call any of them the same way.

/** What a recommender knows about a user at request time: the items acted on, oldest first. */
export interface UserHistory {
  /** Item indexes in chronological order (first action first), no duplicates. */
  readonly items: Int32Array;
}

export interface UserRecommender {
  readonly name: string;
  /** Size of the item catalog the scores cover. */
  readonly itemCount: number;
  /** Writes a score for every item into `out` (length itemCount); higher is better, -Infinity = never. */
  scoreAll(history: UserHistory, out: Float64Array): void;
}

/** Weight of each history position, newest = 1, the one before `decay`, then decay², …; decay 1 = uniform. */
export function recencyWeights(length: number, decay: number): Float64Array {
  const weights = new Float64Array(length);
  let w = 1;
  for (let p = length - 1; p >= 0; p--) {
    weights[p] = w;
    w *= decay;
  }
  return weights;
}
