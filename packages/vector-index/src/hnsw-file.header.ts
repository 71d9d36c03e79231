// Reads the fixed header hnswlib writes before its graph, to learn the dimension (the file does not store it as
// such) and to refuse truncated or foreign files with a clear error before the native loader sees them.

import { open } from 'node:fs/promises';
import { VectorIndexError, VectorIndexErrorCode } from './vector-index.errors.ts';

/** hnswlib's file header: six size_t, an int, a uint32, three size_t, a double and a size_t. */
const HNSW_HEADER_BYTES = 96;

export interface HnswFileHeader {
  readonly dim: number;
  readonly count: number;
  readonly options: { readonly m: number; readonly efConstruction: number };
}

/** Reads hnswlib's header to learn dim and the build parameters, refusing files too short to be an index. */
export async function readHnswHeader(path: string): Promise<HnswFileHeader> {
  const corrupt = (why: string): VectorIndexError =>
    new VectorIndexError(VectorIndexErrorCode.CorruptArtifact, `${path}: ${why}`);
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buf = Buffer.alloc(HNSW_HEADER_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HNSW_HEADER_BYTES, 0);
    if (bytesRead < HNSW_HEADER_BYTES) throw corrupt(`truncated: ${size} bytes, shorter than an hnswlib header`);
    const count = Number(buf.readBigUInt64LE(16));
    const perElement = Number(buf.readBigUInt64LE(24));
    const labelOffset = Number(buf.readBigUInt64LE(32));
    const dataOffset = Number(buf.readBigUInt64LE(40));
    const maxM0 = Number(buf.readBigUInt64LE(64));
    const m = Number(buf.readBigUInt64LE(72));
    const efConstruction = Number(buf.readBigUInt64LE(88));
    const dataBytes = labelOffset - dataOffset;
    if (dataOffset !== maxM0 * 4 + 4 || dataBytes <= 0 || dataBytes % 4 !== 0 || perElement !== labelOffset + 8) {
      throw corrupt('not an hnswlib index (inconsistent header)');
    }
    if (size < HNSW_HEADER_BYTES + count * perElement + count * 4) {
      throw corrupt(`truncated: ${size} bytes, the header promises ${count} elements of ${perElement} bytes`);
    }
    return { dim: dataBytes / 4, count, options: { m, efConstruction } };
  } finally {
    await handle.close();
  }
}
