// Item vocabulary: the ids kept for training or ranking, their occurrence counts, and the id → index map.

export interface Vocabulary {
  /** Index → item id. */
  readonly ids: readonly string[];
  /** Occurrences of each item over all sessions (tokens, not sessions). */
  readonly counts: Int32Array;
  readonly indexOf: ReadonlyMap<string, number>;
}

export type VocabularyOrder = 'frequency' | 'first-seen';

export interface VocabularyOptions {
  /** Items seen fewer times are dropped (word2vec's min_count). Default 1. */
  readonly minCount?: number;
  /**
   * 'frequency' (default) sorts by descending count, ties in first-seen order, as gensim does; 'first-seen'
   * keeps the order of first appearance (handy when an index must match a reference implementation).
   */
  readonly order?: VocabularyOrder;
}

export function buildVocabulary(sessions: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
  const minCount = options.minCount ?? 1;
  // Map iteration order is insertion order, which is first appearance.
  const counted = new Map<string, number>();
  for (const session of sessions) {
    for (const id of session) counted.set(id, (counted.get(id) ?? 0) + 1);
  }
  const kept = [...counted].filter(([, count]) => count >= minCount);
  // Array.prototype.sort is stable, so equal counts stay in first-seen order.
  if ((options.order ?? 'frequency') === 'frequency') kept.sort((a, b) => b[1] - a[1]);
  return vocabularyFrom(
    kept.map(([id]) => id),
    kept.map(([, count]) => count),
  );
}

/** A vocabulary from explicit ids and counts (e.g. a stored model's). */
export function vocabularyFrom(ids: readonly string[], counts: ArrayLike<number>): Vocabulary {
  if (ids.length !== counts.length) throw new RangeError('ids and counts differ in length');
  const indexOf = new Map<string, number>();
  ids.forEach((id, index) => {
    if (indexOf.has(id)) throw new RangeError(`duplicate item id ${JSON.stringify(id)}`);
    indexOf.set(id, index);
  });
  return { ids: [...ids], counts: Int32Array.from(counts), indexOf };
}
