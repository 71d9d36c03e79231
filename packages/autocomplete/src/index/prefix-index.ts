// A compact prefix index over normalised texts: one entry per word start of every text (so "heart" finds
// "white heart holder"), sorted by the text from that offset on, stored as two typed arrays. A prefix is a
// contiguous range of entries found by binary search; one-edit (typo) variants are enumerated against the
// characters that actually follow in the index, the way a trie walk would, so most variants cost nothing.
import { invalidArgument } from '../autocomplete.errors.ts';
import { wordStarts } from '../text/normalize.ts';

/** Entries [lo, hi) whose text at their offset starts with a variant of the prefix `length` characters long. */
export interface PrefixRange {
  readonly lo: number;
  readonly hi: number;
  readonly length: number;
  /** True when the variant is one edit away from the typed prefix. */
  readonly typo: boolean;
}

const NO_CHAR = -1;

export class PrefixIndex {
  /** Text row of each entry, in sorted order. */
  readonly entryRow: Uint32Array;
  /** Offset of the entry's word start within its text. */
  readonly entryOffset: Uint16Array;

  private constructor(
    readonly texts: readonly string[],
    entryRow: Uint32Array,
    entryOffset: Uint16Array,
  ) {
    this.entryRow = entryRow;
    this.entryOffset = entryOffset;
  }

  /** An index whose entries were sorted earlier (by {@link PrefixIndex.build}, then stored). */
  static fromSorted(texts: readonly string[], entryRow: Uint32Array, entryOffset: Uint16Array): PrefixIndex {
    if (entryRow.length !== entryOffset.length) throw invalidArgument('entryOffset', 'must match entryRow in length');
    for (let i = 0; i < entryRow.length; i++) {
      const row = entryRow[i] ?? 0;
      if (row >= texts.length || (entryOffset[i] ?? 0) > (texts[row]?.length ?? 0))
        throw invalidArgument(`entryRow[${i}]`, 'points outside the texts');
    }
    return new PrefixIndex(texts, entryRow, entryOffset);
  }

  /** Indexes every word start of every text; `texts` must already be normalised. */
  static build(texts: readonly string[]): PrefixIndex {
    const rows: number[] = [];
    const offsets: number[] = [];
    const keys: string[] = [];
    texts.forEach((text, row) => {
      if (text.length > 0xffff) throw invalidArgument(`texts[${row}]`, 'is longer than 65535 characters');
      for (const offset of wordStarts(text)) {
        rows.push(row);
        offsets.push(offset);
        keys.push(text.slice(offset));
      }
    });
    const order = Array.from(keys, (_, i) => i);
    // Plain < compares UTF-16 code units, the same order the binary search uses.
    order.sort((a, b) => {
      const ka = keys[a] ?? '';
      const kb = keys[b] ?? '';
      if (ka !== kb) return ka < kb ? -1 : 1;
      return a - b;
    });
    const entryRow = new Uint32Array(order.length);
    const entryOffset = new Uint16Array(order.length);
    order.forEach((source, i) => {
      entryRow[i] = rows[source] ?? 0;
      entryOffset[i] = offsets[source] ?? 0;
    });
    return new PrefixIndex(texts, entryRow, entryOffset);
  }

  get size(): number {
    return this.entryRow.length;
  }

  /** Bytes held by the entry arrays (the texts are counted by the owner). */
  get byteLength(): number {
    return this.entryRow.byteLength + this.entryOffset.byteLength;
  }

  /** UTF-16 code of the entry's character `depth` places after its word start, or -1 past the end. */
  charAt(entry: number, depth: number): number {
    const text = this.texts[this.entryRow[entry] ?? 0] ?? '';
    const at = (this.entryOffset[entry] ?? 0) + depth;
    return at < text.length ? text.charCodeAt(at) : NO_CHAR;
  }

  /** The entries starting with `prefix`, as [lo, hi) (empty when lo === hi). */
  exact(prefix: string): PrefixRange {
    const [lo, hi] = this.narrow(0, this.size, 0, prefix);
    return { lo, hi, length: prefix.length, typo: false };
  }

  /**
   * Non-empty ranges for every variant one edit away from `prefix` (substitution, insertion, deletion,
   * transposition of neighbours). The first character is never edited: a shopper rarely mistypes it and
   * editing it would match most of the index. A trailing space (a finished word) is kept too, though a character
   * may be inserted before it.
   */
  oneEdit(prefix: string): PrefixRange[] {
    const length = prefix.length;
    const editable = prefix.endsWith(' ') ? length - 1 : length;
    // along[i] = range of prefix[0..i), narrowed step by step.
    const along: Array<readonly [number, number]> = [[0, this.size]];
    for (let i = 0; i < length; i++) {
      const [lo, hi] = along[i] ?? [0, 0];
      along.push(this.narrow(lo, hi, i, prefix.charAt(i)));
    }
    const seen = new Set<string>([prefix]);
    const ranges: PrefixRange[] = [];
    const add = (variant: string, lo: number, hi: number, depth: number, rest: string): void => {
      if (seen.has(variant)) return;
      seen.add(variant);
      const [l, h] = this.narrow(lo, hi, depth, rest);
      if (l < h) ranges.push({ lo: l, hi: h, length: variant.length, typo: true });
    };
    // Inserting at the very end only narrows the exact match, so insertions stop before it.
    const lastInsert = editable < length ? editable : length - 1;
    for (let i = 1; i <= lastInsert; i++) {
      const [lo, hi] = along[i] ?? [0, 0];
      if (lo >= hi) break;
      const head = prefix.slice(0, i);
      const tail = prefix.slice(i + 1);
      const here = prefix.charAt(i);
      const editHere = i < editable;
      if (editHere) add(head + tail, lo, hi, i, tail);
      const swapped = prefix.charAt(i + 1) + here + prefix.slice(i + 2);
      if (i + 1 < editable && prefix.charAt(i + 1) !== here) add(head + swapped, lo, hi, i, swapped);
      for (let child = this.lowerBoundChar(lo, hi, i, 0); child < hi;) {
        const code = this.charAt(child, i);
        const end = this.upperBoundChar(child, hi, i, code);
        const c = String.fromCharCode(code);
        if (editHere && c !== here) add(head + c + tail, child, end, i + 1, tail);
        add(head + c + prefix.slice(i), child, end, i + 1, prefix.slice(i));
        child = end;
      }
    }
    return ranges;
  }

  /** Narrows [lo, hi) (entries agreeing on their first `depth` characters) to those continuing with `rest`. */
  private narrow(lo: number, hi: number, depth: number, rest: string): [number, number] {
    for (let i = 0; i < rest.length && lo < hi; i++) {
      const code = rest.charCodeAt(i);
      const l = this.lowerBoundChar(lo, hi, depth + i, code);
      hi = this.upperBoundChar(l, hi, depth + i, code);
      lo = l;
    }
    return [lo, hi];
  }

  /** First entry in [lo, hi) whose character at `depth` is ≥ code. */
  private lowerBoundChar(lo: number, hi: number, depth: number, code: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.charAt(mid, depth) < code) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First entry in [lo, hi) whose character at `depth` is > code. */
  private upperBoundChar(lo: number, hi: number, depth: number, code: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.charAt(mid, depth) <= code) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
