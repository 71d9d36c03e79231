import { describe, expect, it } from 'vitest';
import { encodeSessions } from '../corpus/session-corpus.ts';
import { buildVocabulary } from '../corpus/vocabulary.ts';
import { buildItemKnn, itemKnnScorer, neighboursOf } from './item-knn.ts';

// Sessions (binary: the repeated a counts once): n_a = 3, n_b = 3, n_c = 2, n_d = 2 sessions, and
// co-occurrences a-b 2, a-c 1, a-d 1, b-c 2, b-d 1, c-d 1, so S = C / sqrt(n_i n_j):
const sessions = [
  ['a', 'b', 'c'],
  ['a', 'b'],
  ['b', 'c', 'd'],
  ['a', 'a', 'd'],
];
const S = {
  ab: 2 / 3,
  ac: 1 / Math.sqrt(6),
  ad: 1 / Math.sqrt(6),
  bc: 2 / Math.sqrt(6),
  bd: 1 / Math.sqrt(6),
  cd: 1 / 2,
};
const catalog = buildVocabulary(sessions, { order: 'first-seen' }); // a=0 b=1 c=2 d=3
const encoded = encodeSessions(catalog, sessions);

const row = (knn: ReturnType<typeof buildItemKnn>, item: number) => {
  const { items, weights } = neighboursOf(knn, item);
  return [...items].map((j, k) => [j, weights[k]]);
};

describe('item-kNN', () => {
  it('equals the hand-computed cosine over session co-occurrence, strongest first', () => {
    const knn = buildItemKnn(encoded, 4);
    expect(row(knn, 0)).toEqual([
      [1, S.ab],
      [2, S.ac],
      [3, S.ad],
    ]);
    expect(row(knn, 1)).toEqual([
      [2, S.bc],
      [0, S.ab],
      [3, S.bd],
    ]);
    expect(row(knn, 2)).toEqual([
      [1, S.bc],
      [3, S.cd],
      [0, S.ac],
    ]);
    expect(row(knn, 3)).toEqual([
      [2, S.cd],
      [0, S.ad],
      [1, S.bd],
    ]);
  });

  it('keeps the top N neighbours when asked', () => {
    const knn = buildItemKnn(encoded, 4, { topN: 1 });
    expect([0, 1, 2, 3].map((item) => row(knn, item))).toEqual([[[1, S.ab]], [[2, S.bc]], [[1, S.bc]], [[2, S.cd]]]);
  });

  it('scores a session by the sum of its rows, optionally weighted by recency', () => {
    const knn = buildItemKnn(encoded, 4);
    const scores = new Float64Array(4);
    itemKnnScorer(knn).score(Int32Array.from([0, 2]), scores);
    [S.ac, S.ab + S.bc, S.ac, S.ad + S.cd].forEach((expected, i) => expect(scores[i]).toBeCloseTo(expected, 12));
    scores.fill(0);
    itemKnnScorer(knn, { recencyDecay: 0.5 }).score(Int32Array.from([0, 2]), scores);
    [S.ac, 0.5 * S.ab + S.bc, 0.5 * S.ac, 0.5 * S.ad + S.cd].forEach((expected, i) =>
      expect(scores[i]).toBeCloseTo(expected, 12),
    );
  });
});
