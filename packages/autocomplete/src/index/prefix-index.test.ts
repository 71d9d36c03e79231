import { describe, expect, it } from 'vitest';
import { createRng } from '@shopspace/item2vec';
import { wordStarts } from '../text/normalize.ts';
import { PrefixIndex, type PrefixRange } from './prefix-index.ts';

const rowsOf = (index: PrefixIndex, ranges: readonly PrefixRange[]): number[] => {
  const rows = new Set<number>();
  for (const { lo, hi } of ranges) for (let e = lo; e < hi; e++) rows.add(index.entryRow[e] ?? -1);
  return [...rows].sort((a, b) => a - b);
};

/** Damerau (optimal string alignment) distance ≤ 1, the first character kept. */
function withinOneEdit(typed: string, candidate: string): boolean {
  if (typed === candidate) return true;
  if (typed[0] !== candidate[0]) return false;
  const [a, b] = [typed, candidate];
  if (a.length === b.length) {
    const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
    if (diff.length === 1) return true;
    const [i, j] = diff;
    return diff.length === 2 && j === (i ?? 0) + 1 && a[i ?? 0] === b[j] && a[j] === b[i ?? 0];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

/** Rows with a word start whose text continues with a string one edit away from `typed`. */
function bruteForceOneEdit(texts: readonly string[], typed: string): number[] {
  const rows: number[] = [];
  texts.forEach((text, row) => {
    const hit = wordStarts(text).some((start) =>
      [typed.length - 1, typed.length, typed.length + 1].some(
        (n) => n > 0 && start + n <= text.length && withinOneEdit(typed, text.slice(start, start + n)),
      ),
    );
    if (hit) rows.push(row);
  });
  return rows;
}

const TEXTS = ['heart holder', 'white heart', 'hearth rug', 'heat pad', 'lantern', 't-light holder', 'he'];

describe('PrefixIndex.exact', () => {
  it('finds every text with a word starting with the prefix, and nothing else', () => {
    const index = PrefixIndex.build(TEXTS);
    expect(rowsOf(index, [index.exact('hea')])).toEqual([0, 1, 2, 3]);
    expect(rowsOf(index, [index.exact('heart')])).toEqual([0, 1, 2]);
    expect(rowsOf(index, [index.exact('heart ')])).toEqual([0]);
    expect(rowsOf(index, [index.exact('light')])).toEqual([5]);
    expect(rowsOf(index, [index.exact('olde')])).toEqual([]);
    expect(rowsOf(index, [index.exact('')])).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('agrees with a scan on random texts', () => {
    const rng = createRng(3);
    const letters = 'abc ';
    const texts = Array.from({ length: 300 }, () =>
      Array.from({ length: 2 + rng.nextInt(10) }, () => letters.charAt(rng.nextInt(4)))
        .join('')
        .trim(),
    );
    const index = PrefixIndex.build(texts);
    for (const prefix of ['a', 'ab', 'ba', 'cab', 'a c', 'bbb']) {
      const expected = texts.flatMap((text, row) =>
        wordStarts(text).some((s) => text.startsWith(prefix, s)) ? [row] : [],
      );
      expect(rowsOf(index, [index.exact(prefix)])).toEqual(expected);
    }
  });
});

describe('PrefixIndex.oneEdit', () => {
  it('matches one substitution, insertion, deletion or transposition', () => {
    const index = PrefixIndex.build(TEXTS);
    const typo = (typed: string): string[] => rowsOf(index, index.oneEdit(typed)).map((r) => TEXTS[r] ?? '');
    expect(typo('lantren')).toEqual(['lantern']); // transposition
    expect(typo('lanturn')).toEqual(['lantern']); // substitution
    expect(typo('lanntern')).toEqual(['lantern']); // insertion in the typed text
    expect(typo('lntern')).toEqual(['lantern']); // deletion in the typed text
    expect(typo('lxxtern')).toEqual([]); // two edits
    expect(typo('xantern')).toEqual([]); // the first character is never edited
  });

  it('marks its ranges as typos with the variant length', () => {
    const index = PrefixIndex.build(TEXTS);
    const ranges = index.oneEdit('lanturn');
    expect(ranges.map((r) => [r.typo, r.length])).toEqual([[true, 7]]);
  });

  it('agrees with a brute-force edit-distance scan on random texts', () => {
    const rng = createRng(11);
    const letters = 'abcd ';
    const texts = Array.from({ length: 400 }, () =>
      Array.from({ length: 3 + rng.nextInt(9) }, () => letters.charAt(rng.nextInt(5)))
        .join('')
        .trim(),
    );
    const index = PrefixIndex.build(texts);
    for (let trial = 0; trial < 60; trial++) {
      const typed = Array.from({ length: 3 + rng.nextInt(3) }, () => 'abcd'.charAt(rng.nextInt(4))).join('');
      const found = rowsOf(index, [index.exact(typed), ...index.oneEdit(typed)]);
      expect(found, typed).toEqual(bruteForceOneEdit(texts, typed));
    }
  });
});
