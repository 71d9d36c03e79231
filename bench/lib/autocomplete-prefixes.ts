// Typed prefixes for the autocomplete latency benchmark: 1-8 characters from a word start of a random stored
// query, and for a quarter of those with 4+ characters one random edit after the first character.
import type { Rng } from '@shopspace/item2vec';
import { wordStarts } from '@shopspace/autocomplete';

export interface TypedPrefix {
  readonly text: string;
  readonly typo: boolean;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export function latencyPrefixes(texts: readonly string[], count: number, rng: Rng): TypedPrefix[] {
  const prefixes: TypedPrefix[] = [];
  while (prefixes.length < count) {
    const text = texts[rng.nextInt(texts.length)] ?? '';
    const starts = wordStarts(text);
    const start = starts[rng.nextInt(starts.length)] ?? 0;
    const length = 1 + rng.nextInt(8);
    const prefix = text.slice(start, start + length);
    if (prefix.length >= 4 && rng.nextFloat() < 0.25) prefixes.push({ text: oneEdit(prefix, rng), typo: true });
    else if (prefix.length > 0) prefixes.push({ text: prefix, typo: false });
  }
  return prefixes;
}

function oneEdit(prefix: string, rng: Rng): string {
  const at = 1 + rng.nextInt(prefix.length - 1);
  const letter = LETTERS.charAt(rng.nextInt(LETTERS.length));
  switch (rng.nextInt(4)) {
    case 0:
      return prefix.slice(0, at) + letter + prefix.slice(at + 1);
    case 1:
      return prefix.slice(0, at) + letter + prefix.slice(at);
    case 2:
      return prefix.slice(0, at) + prefix.slice(at + 1);
    default:
      return at + 1 < prefix.length
        ? prefix.slice(0, at) + prefix.charAt(at + 1) + prefix.charAt(at) + prefix.slice(at + 2)
        : prefix.slice(0, at) + letter;
  }
}

/** The q-quantile of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
