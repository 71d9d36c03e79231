// Item-kNN neighbour lists (session co-occurrence, strongest first) in compressed sparse rows.

import type { ItemKnn } from '@shopspace/item2vec';
import { bytesOf, concat, copyOut, header, readHeader } from '../binary.ts';
import { onlyFile, type ComponentCodec } from '../component.ts';

const MAGIC = 0x4e4e4b53; // "SKNN"

export const knnComponent: ComponentCodec<ItemKnn> = {
  format: 1,
  encode(knn) {
    const n = knn.itemCount;
    if (knn.offsets.length !== n + 1) throw new Error(`knn offsets hold ${knn.offsets.length}, expected ${n + 1}`);
    const data = concat([
      header(MAGIC, 1, n, knn.neighbours.length),
      bytesOf(knn.offsets),
      bytesOf(knn.neighbours),
      bytesOf(knn.weights),
    ]);
    return { files: new Map([['knn.bin', data]]), meta: { items: n } };
  },
  async decode(reader, entry) {
    const file = onlyFile(entry, 'knn');
    const data = await reader.bytes(file);
    const [n, edges] = readHeader(data, MAGIC, 1, file);
    const offsets = copyOut(Int32Array, data, 16, n + 1, file);
    const neighbours = copyOut(Int32Array, data, 16 + 4 * (n + 1), edges, file);
    const weights = copyOut(Float64Array, data, 16 + 4 * (n + 1) + 4 * edges, edges, file);
    return { itemCount: n, offsets, neighbours, weights };
  },
};
