import { describe, expect, it } from 'vitest';
import { gaussians } from '../linalg/dense.ts';
import { clusteredSpace } from '../alignment/alignment.fixture.ts';
import { unitRows } from '../space/vector-space.ts';
import { fitColdStartMap, placeColdItems } from './cold-start.ts';

const featureDim = 48;
const dim = 16;

// Group vectors that are a noisy linear function of the features, as the aligned item2vec space is meant to be.
function sample(n: number, seed: number) {
  const features = clusteredSpace(n, featureDim, seed, 12);
  const b = gaussians(featureDim * dim, 5);
  const noise = gaussians(n * dim, seed + 9);
  const raw = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) {
      let sum = 0.05 * noise[i * dim + d]!;
      for (let f = 0; f < featureDim; f++) sum += features[i * featureDim + f]! * b[f * dim + d]!;
      raw[i * dim + d] = sum;
    }
  }
  return { features, featureDim, groupVectors: unitRows(raw, dim), dim };
}

function meanCosine(a: Float32Array, b: Float32Array): number {
  let total = 0;
  for (let o = 0; o < a.length; o += dim) {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += a[o + d]! * b[o + d]!;
    total += dot;
  }
  return total / (a.length / dim);
}

describe('cold start', () => {
  const train = sample(600, 31);
  const cold = sample(200, 41);

  it('places items of an unseen shop close to their true group vectors from features alone', () => {
    const map = fitColdStartMap([train]);
    const placed = placeColdItems(map, cold.features);
    expect(meanCosine(placed, cold.groupVectors)).toBeGreaterThan(0.9);
    expect(map.holdoutCosine).toBeGreaterThan(0.9);
    expect([0.01, 0.1, 1, 10]).toContain(map.lambda);
    // Against a map fitted on shuffled targets, the figure collapses.
    const shuffled = { ...train, groupVectors: train.groupVectors.slice(dim).subarray(0, 599 * dim) };
    const wrong = fitColdStartMap([{ ...shuffled, features: train.features.subarray(0, 599 * featureDim) }]);
    expect(meanCosine(placeColdItems(wrong, cold.features), cold.groupVectors)).toBeLessThan(0.5);
  });

  it('is deterministic and rejects mismatched input naming the argument', () => {
    expect(fitColdStartMap([train], { seed: 2 })).toEqual(fitColdStartMap([train], { seed: 2 }));
    expect(() => fitColdStartMap([])).toThrow(/samples is empty/);
    expect(() => fitColdStartMap([train, { ...cold, dim: 8 }])).toThrow(/samples\[1\]\.dim/);
    expect(() => fitColdStartMap([{ ...train, groupVectors: train.groupVectors.subarray(dim) }])).toThrow(
      /samples\[0\]\.groupVectors has length/,
    );
    const map = fitColdStartMap([train]);
    expect(() => placeColdItems(map, new Float32Array(10))).toThrow(/features has length 10/);
  });
});
