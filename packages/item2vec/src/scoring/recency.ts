// Context weights for session scorers: the most recent item weighs 1 and each step back multiplies by `decay`
// (1 = every context item counts the same, the plain mean).

export function recencyWeights(length: number, decay: number): Float64Array {
  const weights = new Float64Array(length);
  let weight = 1;
  for (let j = length - 1; j >= 0; j--) {
    weights[j] = weight;
    weight *= decay;
  }
  return weights;
}
