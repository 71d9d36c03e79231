// Area under the ROC curve (the probability a random positive outscores a random negative, ties counting
// half), optionally weighted: the held-out check that a response model ranks better than another.

export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let negativeBelow = 0;
  let area = 0;
  let positives = 0;
  for (let i = 0; i < n;) {
    // A block of tied scores: its positives beat the negatives below and tie with the block's negatives.
    let j = i;
    let blockPositive = 0;
    let blockNegative = 0;
    while (j < n && scores[order[j] ?? 0] === scores[order[i] ?? 0]) {
      const r = order[j] ?? 0;
      const w = weights ? (weights[r] ?? 0) : 1;
      if ((labels[r] ?? 0) > 0.5) blockPositive += w;
      else blockNegative += w;
      j++;
    }
    area += blockPositive * (negativeBelow + blockNegative / 2);
    negativeBelow += blockNegative;
    positives += blockPositive;
    i = j;
  }
  const pairs = positives * negativeBelow;
  return pairs > 0 ? area / pairs : NaN;
}
