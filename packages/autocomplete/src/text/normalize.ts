// Text normalisation shared by indexing and lookup, so a query typed in any Unicode form, case or spacing finds
// the same entries: NFKC, lower case, runs of whitespace collapsed to one space.

const WHITESPACE = /\s+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** A stored query or title: NFKC, lower case, whitespace collapsed and trimmed. */
export function normalizeQuery(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(WHITESPACE, ' ').trim();
}

/**
 * A typed prefix: as {@link normalizeQuery}, but one trailing space is kept, because "red " (a finished word)
 * must not match "redwood".
 */
export function normalizePrefix(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(WHITESPACE, ' ').trimStart();
}

/** True for a letter or digit (in any script). */
export function isWordChar(char: string): boolean {
  return WORD_CHAR.test(char);
}

/**
 * Offsets where a word starts: a letter or digit at the start or after a non-word character, so "t-light"
 * starts words at 0 and 2.
 */
export function wordStarts(text: string): number[] {
  const starts: number[] = [];
  let previousIsWord = false;
  for (let i = 0; i < text.length; i++) {
    const isWord = isWordChar(text.charAt(i));
    if (isWord && !previousIsWord) starts.push(i);
    previousIsWord = isWord;
  }
  return starts;
}

/** The words of a normalised text (split on anything that is not a letter or digit). */
export function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}
