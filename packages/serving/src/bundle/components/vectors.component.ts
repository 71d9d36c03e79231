// Unit item vectors, n × dim row-major in vocabulary order (a zero row for an item without a vector).

import { bytesOf, concat, copyOut, header, readHeader } from '../binary.ts';
import { onlyFile, type ComponentCodec } from '../component.ts';

export interface ItemVectors {
  readonly dim: number;
  readonly vectors: Float32Array;
}

const MAGIC = 0x43455653; // "SVEC"

export const vectorsComponent: ComponentCodec<ItemVectors> = {
  format: 1,
  encode({ dim, vectors }) {
    if (dim < 1 || vectors.length % dim !== 0) throw new Error(`${vectors.length} floats are not rows of ${dim}`);
    const n = vectors.length / dim;
    return {
      files: new Map([['vectors.f32', concat([header(MAGIC, 1, n, dim), bytesOf(vectors)])]]),
      meta: { items: n, dim },
    };
  },
  async decode(reader, entry) {
    const file = onlyFile(entry, 'vectors');
    const data = await reader.bytes(file);
    const [n, dim] = readHeader(data, MAGIC, 1, file);
    return { dim, vectors: copyOut(Float32Array, data, 16, n * dim, file) };
  },
};
