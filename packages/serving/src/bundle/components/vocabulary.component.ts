// The items of a bundle in index order with their counts (training occurrences, or decayed popularity for the
// event baselines). Legacy model versions keep the same fields inside model.json, which this codec also reads.

import { utf8 } from '../binary.ts';
import { onlyFile, type ComponentCodec } from '../component.ts';

export interface Vocabulary {
  readonly skus: readonly string[];
  readonly counts: Int32Array;
}

export const vocabularyComponent: ComponentCodec<Vocabulary> = {
  format: 1,
  encode(v) {
    if (v.skus.length !== v.counts.length)
      throw new Error(`vocabulary has ${v.skus.length} skus and ${v.counts.length} counts`);
    return { files: new Map([['vocabulary.json', utf8.encode({ skus: v.skus, counts: Array.from(v.counts) })]]) };
  },
  async decode(reader, entry) {
    const file = onlyFile(entry, 'vocabulary');
    const raw = utf8.decode(await reader.bytes(file), file) as { skus?: unknown; counts?: unknown };
    if (!Array.isArray(raw.skus) || !Array.isArray(raw.counts) || raw.skus.length !== raw.counts.length)
      throw new Error(`${file}: skus and counts must be arrays of one length`);
    const skus = raw.skus.map((s, i) => {
      if (typeof s !== 'string') throw new Error(`${file}: skus[${i}] is not a string`);
      return s;
    });
    return { skus, counts: Int32Array.from(raw.counts as number[]) };
  },
};
