// Sessions as a compact typed-array corpus: every session's vocabulary indices concatenated in one Int32Array,
// delimited by an offsets array. This is what the trainer shares with its worker threads and what scorers read.
import { buildVocabulary, vocabularyFrom, type Vocabulary, type VocabularyOptions } from './vocabulary.ts';

export interface EncodedSessions {
  /** Item indices of all sessions, concatenated. */
  readonly tokens: Int32Array;
  /** Session s spans tokens[offsets[s]] .. tokens[offsets[s + 1]] (exclusive); length = sessions + 1. */
  readonly offsets: Int32Array;
}

export interface SessionCorpus extends EncodedSessions {
  readonly vocabulary: Vocabulary;
}

/**
 * Builds the vocabulary (minCount, gensim order by default) and encodes the sessions with it. Items below
 * minCount vanish from their sessions, as in word2vec, so they neither train nor take a window slot; sessions
 * left empty are dropped.
 */
export function buildSessionCorpus(
  sessions: readonly (readonly string[])[],
  options: VocabularyOptions = {},
): SessionCorpus {
  const vocabulary = buildVocabulary(sessions, options);
  return { vocabulary, ...encodeSessions(vocabulary, sessions) };
}

/** Encodes sessions with an existing vocabulary; unknown items are skipped and empty sessions dropped. */
export function encodeSessions(vocabulary: Vocabulary, sessions: readonly (readonly string[])[]): EncodedSessions {
  let capacity = 0;
  for (const session of sessions) capacity += session.length;
  const tokens = new Int32Array(capacity);
  const offsets: number[] = [0];
  let length = 0;
  for (const session of sessions) {
    const start = length;
    for (const id of session) {
      const index = vocabulary.indexOf.get(id);
      if (index !== undefined) tokens[length++] = index;
    }
    if (length > start) offsets.push(length);
  }
  return { tokens: tokens.slice(0, length), offsets: Int32Array.from(offsets) };
}

export function sessionCount(corpus: EncodedSessions): number {
  return corpus.offsets.length - 1;
}

/** A view (no copy) of session s. */
export function sessionAt(corpus: EncodedSessions, s: number): Int32Array {
  return corpus.tokens.subarray(corpus.offsets[s], corpus.offsets[s + 1]);
}

/** Length of the longest session (sizes the trainer's per-thread buffers). */
export function longestSession(corpus: EncodedSessions): number {
  let longest = 0;
  for (let s = 0; s + 1 < corpus.offsets.length; s++) {
    longest = Math.max(longest, (corpus.offsets[s + 1] ?? 0) - (corpus.offsets[s] ?? 0));
  }
  return longest;
}

/** The corpus without items seen fewer than minCount times (returns the corpus itself when none are). */
export function restrictCorpus(corpus: SessionCorpus, minCount: number): SessionCorpus {
  const { counts, ids } = corpus.vocabulary;
  if (counts.every((count) => count >= minCount)) return corpus;
  const remap = new Int32Array(ids.length).fill(-1);
  const keptIds: string[] = [];
  const keptCounts: number[] = [];
  ids.forEach((id, index) => {
    const count = counts[index] ?? 0;
    if (count < minCount) return;
    remap[index] = keptIds.length;
    keptIds.push(id);
    keptCounts.push(count);
  });
  const tokens = new Int32Array(corpus.tokens.length);
  const offsets: number[] = [0];
  let length = 0;
  for (let s = 0; s < sessionCount(corpus); s++) {
    const start = length;
    for (const index of sessionAt(corpus, s)) {
      const kept = remap[index] ?? -1;
      if (kept >= 0) tokens[length++] = kept;
    }
    if (length > start) offsets.push(length);
  }
  return {
    vocabulary: vocabularyFrom(keptIds, keptCounts),
    tokens: tokens.slice(0, length),
    offsets: Int32Array.from(offsets),
  };
}
