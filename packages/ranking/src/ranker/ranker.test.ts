import { createRng } from '@shopspace/item2vec';
import { describe, expect, it } from 'vitest';
import type { CandidateUnion } from '../features/candidate-union.ts';
import { topOf } from './ranker.ts';

describe('topOf', () => {
  it('equals a stable full sort by log-odds (ties by union order) for any k', () => {
    const rng = createRng(2);
    for (let round = 0; round < 50; round++) {
      const n = 1 + rng.nextInt(60);
      const logits = Float64Array.from({ length: n }, () => rng.nextInt(8) - 4);
      const union: CandidateUnion = {
        items: Int32Array.from({ length: n }, (_, i) => 100 + i),
        ranks: new Int32Array(0),
        scores: new Float32Array(0),
        maxScore: new Float32Array(0),
        generators: 0,
      };
      const sorted = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => (logits[b] ?? 0) - (logits[a] ?? 0) || a - b,
      );
      for (const k of [1, 5, 10, n + 3]) {
        const got = topOf({ union, logits, x: new Float32Array(0) }, k);
        expect(Array.from(got.items)).toEqual(sorted.slice(0, k).map((i) => 100 + i));
      }
    }
  });
});
