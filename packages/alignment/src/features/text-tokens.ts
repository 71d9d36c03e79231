// Text normalisation and the token families item features are built from. Case, accents and punctuation are
// folded away; char n-grams (with word boundary marks, as fastText) survive reordering and small edits; two
// abbreviation keys per word make "HLDR" and "HOLD." meet "HOLDER": its consonant skeleton and its 3-prefix.

/** Lower case, accents stripped, every run of non-alphanumerics a single space, trimmed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function words(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}

/** Adjacent word pairs in order ("red heart", "heart holder"). */
export function wordBigrams(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

/** Character n-grams of each word wrapped in boundary marks ("<red>" → "<re", "red", "ed>", ...). */
export function charNgrams(tokens: readonly string[], sizes: readonly number[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const marked = `<${token}>`;
    for (const n of sizes) for (let i = 0; i + n <= marked.length; i++) out.push(marked.slice(i, i + n));
  }
  return out;
}

/**
 * Abbreviation keys of words with at least three letters: the consonant skeleton (first letter kept, vowels
 * and repeated letters dropped: "holder" → "hldr") and the first three letters ("hol"). Digits-only words get
 * none: sizes and counts must match exactly, which the word tokens already do.
 */
export function abbreviationKeys(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    if (token.length < 3 || /^[0-9]+$/.test(token)) continue;
    let skeleton = token[0] ?? '';
    for (let i = 1; i < token.length; i++) {
      const char = token[i] ?? '';
      if (!'aeiouy'.includes(char) && char !== skeleton[skeleton.length - 1]) skeleton += char;
    }
    out.push(`s:${skeleton}`, `p:${token.slice(0, 3)}`);
  }
  return out;
}
