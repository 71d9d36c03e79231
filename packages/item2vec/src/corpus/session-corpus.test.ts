import { describe, expect, it } from 'vitest';
import {
  buildSessionCorpus,
  encodeSessions,
  longestSession,
  restrictCorpus,
  sessionAt,
  sessionCount,
} from './session-corpus.ts';
import { buildVocabulary } from './vocabulary.ts';

const sessions = [['a', 'b', 'c'], ['c', 'b'], ['d'], ['b', 'e', 'b']];

describe('vocabulary', () => {
  it('orders by descending count, ties in first-seen order, and applies minCount', () => {
    const vocabulary = buildVocabulary(sessions, { minCount: 1 });
    expect(vocabulary.ids).toEqual(['b', 'c', 'a', 'd', 'e']);
    expect([...vocabulary.counts]).toEqual([4, 2, 1, 1, 1]);
    expect(vocabulary.indexOf.get('c')).toBe(1);
    expect(buildVocabulary(sessions, { minCount: 2 }).ids).toEqual(['b', 'c']);
    expect(buildVocabulary(sessions, { order: 'first-seen' }).ids).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('session corpus', () => {
  it('concatenates sessions, drops items under minCount and sessions left empty', () => {
    const corpus = buildSessionCorpus(sessions, { minCount: 2 });
    expect([...corpus.tokens]).toEqual([0, 1, 1, 0, 0, 0]);
    expect([...corpus.offsets]).toEqual([0, 2, 4, 6]);
    expect(sessionCount(corpus)).toBe(3);
    expect([...sessionAt(corpus, 1)]).toEqual([1, 0]);
    expect(longestSession(corpus)).toBe(2);
  });

  it('encodes other sessions with an existing vocabulary, skipping unknown items', () => {
    const vocabulary = buildVocabulary(sessions);
    const encoded = encodeSessions(vocabulary, [['e', 'zz', 'a'], ['zz']]);
    expect([...encoded.tokens]).toEqual([4, 2]);
    expect([...encoded.offsets]).toEqual([0, 2]);
  });

  it('restricts a corpus to a higher minCount as building it that way would', () => {
    const restricted = restrictCorpus(buildSessionCorpus(sessions), 2);
    const direct = buildSessionCorpus(sessions, { minCount: 2 });
    expect(restricted.vocabulary.ids).toEqual(direct.vocabulary.ids);
    expect([...restricted.vocabulary.counts]).toEqual([...direct.vocabulary.counts]);
    expect([...restricted.tokens]).toEqual([...direct.tokens]);
    expect([...restricted.offsets]).toEqual([...direct.offsets]);
  });
});
