// Builds the ANN index file a model version ships (HNSW, or exact search for small catalogs).

import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildVectorIndex } from '@shopspace/vector-index';
import type { AnnIndexBuilder } from '@shopspace/domain';

export class VectorIndexBuilder implements AnnIndexBuilder {
  async build(vectors: Float32Array, dim: number): Promise<Uint8Array> {
    const index = buildVectorIndex(vectors, dim);
    const file = join(tmpdir(), `shopspace-ann-${randomUUID()}`);
    try {
      await index.save(file);
      return await readFile(file);
    } finally {
      await rm(file, { force: true });
    }
  }
}
