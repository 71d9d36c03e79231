// Text normalisation and token shapes for item features: case, accents and punctuation folded away, words, and
// character n-grams of each word with boundary marks (fastText style), which survive plurals and small edits.

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

/** Character n-grams of each word wrapped in '<' and '>' ("red" → "<re", "red", "ed>" for n = 3). */
export function charNgrams(tokens: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const marked = `<${token}>`;
    if (marked.length <= n) out.push(marked);
    else for (let i = 0; i + n <= marked.length; i++) out.push(marked.slice(i, i + n));
  }
  return out;
}

/** Adjacent word pairs in order ("red heart", "heart holder"). */
export function wordBigrams(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}_${tokens[i + 1]}`);
  return out;
}
