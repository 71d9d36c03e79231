import { describe, expect, it } from 'vitest';
import { buildVocabulary, vocabularyFrom } from '../corpus/vocabulary.ts';
import type { Item2vecModel } from '../model/item2vec.model.ts';
import { GENSIM_CONFIG } from '../training/train-config.ts';
import { item2vecScorer } from './item2vec.scorer.ts';

// Model items x, y, z in 2-d; the catalog also has w, which has no vector.
const model: Item2vecModel = {
  vocabulary: vocabularyFrom(['x', 'y', 'z'], [1, 1, 1]),
  dim: 2,
  vectors: Float32Array.from([1, 0, 0, 2, 1, 1]),
  outputVectors: Float32Array.from([1, 0, 0, 1, -1, 0]),
  config: GENSIM_CONFIG,
  stats: { words: 0, effectiveWords: 0, seconds: 0, threads: 1 },
};
const catalog = buildVocabulary([['w', 'x', 'y', 'z']], { order: 'first-seen' }); // w=0 x=1 y=2 z=3

function score(context: number[], options: Parameters<typeof item2vecScorer>[2] = {}): number[] {
  const scores = new Float64Array(4);
  item2vecScorer(model, catalog, options).score(Int32Array.from(context), scores);
  return [...scores];
}

describe('item2vec scorer', () => {
  it('scores cosine between the unit context mean and unit item vectors', () => {
    const [w, x, y, z] = score([1]);
    expect(w).toBe(-Infinity);
    expect([x, y, z]).toEqual([1, 0, expect.closeTo(Math.SQRT1_2, 6)]);
    const both = score([1, 2]); // unit(x) + unit(y) = (1, 1)
    expect(both.slice(1)).toEqual([
      expect.closeTo(Math.SQRT1_2, 6),
      expect.closeTo(Math.SQRT1_2, 6),
      expect.closeTo(1, 6),
    ]);
  });

  it('weights recent context items more with a recency decay', () => {
    // 0.5 unit(x) + 1 unit(y) = (0.5, 1), |.| = sqrt(1.25).
    const n = Math.sqrt(1.25);
    expect(score([1, 2], { recencyDecay: 0.5 }).slice(1)).toEqual([
      expect.closeTo(0.5 / n, 6),
      expect.closeTo(1 / n, 6),
      expect.closeTo(1.5 / (n * Math.SQRT2), 6),
    ]);
  });

  it('scores the mean input vector against output vectors with similarity "output"', () => {
    // mean((1, 0), (0, 2)) = (0.5, 1) against outputs x (1, 0), y (0, 1), z (-1, 0).
    expect(score([1, 2], { similarity: 'output' }).slice(1)).toEqual([0.5, 1, -0.5]);
  });

  it('cannot rank anything from a context with no vector', () => {
    expect(score([0])).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
  });
});
