// The ANN index over a bundle's unit vectors (HNSW through hnswlib-node, or an exact index for small catalogs),
// with the search width its build calibrated kept in the manifest, so a reader loads it once from its file and
// searches with the same ef instead of calibrating again.

import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HnswVectorIndex, loadVectorIndex, type VectorIndex } from '@shopspace/vector-index';
import { onlyFile, type ComponentCodec, type ComponentMeta } from '../component.ts';

export const annComponent: ComponentCodec<VectorIndex> = {
  format: 1,
  async encode(index) {
    // hnswlib writes only to a path: the file is read back once into the bundle and removed.
    const file = join(tmpdir(), `shopspace-ann-${randomUUID()}`);
    try {
      await index.save(file);
      const data = await readFile(file);
      const meta: ComponentMeta =
        index instanceof HnswVectorIndex ? { kind: index.kind, ef: index.ef } : { kind: index.kind };
      return { files: new Map([['ann.bin', new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]]), meta };
    } finally {
      await rm(file, { force: true });
    }
  },
  async decode(reader, entry) {
    const local = await reader.localFile(onlyFile(entry, 'ann'));
    try {
      const ef = entry.meta['ef'];
      // A legacy version has no ef: the index calibrates it at load, as it did when it was written.
      return await loadVectorIndex(local.file, typeof ef === 'number' ? { ef } : {});
    } finally {
      await local.release();
    }
  },
};
