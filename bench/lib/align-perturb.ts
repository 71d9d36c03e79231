// A seeded perturbation of product titles for the harder alignment case: the second shop's catalog was
// written by someone else. Per title: each word of five letters or more is abbreviated with probability 0.3
// (vowels dropped, "HOLDER" → "HLDR", or cut to four letters and a dot, "HOLD."), one word in five is dropped
// (at least two kept), the words are reordered with probability 0.5 (a rotation or a swap of two), and the
// case becomes lower, Title or kept.
import { createRng, type Rng } from '@shopspace/item2vec';

export function perturbTitle(title: string, rng: Rng): string {
  let words = title.split(/\s+/).filter((w) => w !== '');
  words = words.map((w) => (w.length >= 5 && /^[A-Za-z]+$/.test(w) && rng.nextFloat() < 0.3 ? abbreviate(w, rng) : w));
  if (words.length > 2) {
    const kept = words.filter(() => rng.nextFloat() >= 0.2);
    words = kept.length >= 2 ? kept : words.slice(0, 2);
  }
  if (words.length > 1 && rng.nextFloat() < 0.5) {
    if (rng.nextFloat() < 0.5) {
      const cut = 1 + rng.nextInt(words.length - 1);
      words = [...words.slice(cut), ...words.slice(0, cut)];
    } else {
      const i = rng.nextInt(words.length);
      const j = rng.nextInt(words.length);
      [words[i], words[j]] = [words[j]!, words[i]!];
    }
  }
  const text = words.join(' ');
  const style = rng.nextInt(3);
  if (style === 0) return text.toLowerCase();
  if (style === 1) return text.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
  return text;
}

function abbreviate(word: string, rng: Rng): string {
  if (rng.nextFloat() < 0.5) return `${word.slice(0, 4)}.`;
  return word[0]! + word.slice(1).replace(/[AEIOUaeiou]/g, '');
}

/** Every title of `titles` perturbed, the stream seeded once for the whole list (order matters). */
export function perturbTitles(titles: readonly string[], seed: number): string[] {
  const rng = createRng(seed);
  return titles.map((t) => perturbTitle(t, rng));
}
