// The artifact format's promises: exact round trips, loud refusal of damaged or foreign files, and no
// half-written file ever under the final name.

import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusteredVectors } from './clustered-vectors.fixture.ts';
import { quantizeInt8 } from './int8.quantization.ts';
import {
  VECTOR_ARTIFACT_HEADER_BYTES,
  decodeVectors,
  encodeVectors,
  readVectors,
  writeVectors,
} from './vector-artifact.codec.ts';
import { VectorIndexErrorCode } from './vector-index.errors.ts';

const dim = 8;
const { vectors } = clusteredVectors({ n: 300, dim, seed: 9 });

describe('vector artifact', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vector-artifact-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips float32 and int8 matrices exactly', async () => {
    await writeVectors(join(dir, 'f.vec'), { dtype: 'float32', dim, data: vectors });
    expect(await readVectors(join(dir, 'f.vec'))).toEqual({ dtype: 'float32', n: 300, dim, data: vectors });
    const q = quantizeInt8(vectors, dim);
    await writeVectors(join(dir, 'q.vec'), { dtype: 'int8', dim, codes: q.codes, scales: q.scales });
    expect(await readVectors(join(dir, 'q.vec'))).toEqual({
      dtype: 'int8',
      n: 300,
      dim,
      codes: q.codes,
      scales: q.scales,
    });
    expect((await readFile(join(dir, 'q.vec'))).length).toBe(VECTOR_ARTIFACT_HEADER_BYTES + 300 * 4 + 300 * dim);
  });

  it('reads a buffer that starts at an odd byte offset', () => {
    const bytes = encodeVectors({ dtype: 'float32', dim, data: vectors });
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const artifact = decodeVectors(shifted.subarray(1));
    expect(artifact.dtype === 'float32' && artifact.data).toEqual(vectors);
  });

  it('leaves only the final file behind and replaces an older one whole', async () => {
    const path = join(dir, 'replace.vec');
    await writeVectors(path, { dtype: 'float32', dim, data: vectors.subarray(0, 10 * dim) });
    await writeVectors(path, { dtype: 'float32', dim, data: vectors });
    expect((await readdir(dir)).filter((f) => f.includes('replace'))).toEqual(['replace.vec']);
    expect((await readVectors(path)).n).toBe(300);
  });

  it('refuses a truncated file, naming the file and what is missing', async () => {
    const bytes = encodeVectors({ dtype: 'float32', dim, data: vectors });
    const path = join(dir, 'truncated.vec');
    await writeFile(path, bytes.subarray(0, bytes.length - 5));
    await expect(readVectors(path)).rejects.toMatchObject({
      code: VectorIndexErrorCode.CorruptArtifact,
      message: expect.stringMatching(/truncated\.vec: truncated: header promises 300×8 float32/),
    });
    expect(() => decodeVectors(bytes.subarray(0, 10))).toThrow(/shorter than the 24-byte header/);
  });

  it('refuses a wrong magic, a newer version, trailing bytes and a damaged payload', () => {
    const bytes = encodeVectors({ dtype: 'float32', dim, data: vectors });
    const wrongMagic = Buffer.from(bytes);
    wrongMagic.write('PK\u0003\u0004', 0, 'latin1');
    expect(() => decodeVectors(wrongMagic)).toThrow(
      expect.objectContaining({
        code: VectorIndexErrorCode.CorruptArtifact,
        message: expect.stringContaining('magic'),
      }),
    );
    const newer = Buffer.from(bytes);
    newer.writeUInt16LE(2, 4);
    expect(() => decodeVectors(newer)).toThrow(
      expect.objectContaining({ code: VectorIndexErrorCode.UnsupportedArtifact }),
    );
    expect(() => decodeVectors(Buffer.concat([bytes, Buffer.alloc(4)]))).toThrow(/4 unexpected bytes/);
    const flipped = Buffer.from(bytes);
    flipped[100] = (flipped[100] as number) ^ 0x10;
    expect(() => decodeVectors(flipped)).toThrow(/checksum mismatch/);
  });

  it('rejects data whose length is not a multiple of dim before writing anything', async () => {
    const path = join(dir, 'bad.vec');
    await expect(writeVectors(path, { dtype: 'float32', dim: 7, data: vectors })).rejects.toMatchObject({
      code: VectorIndexErrorCode.DimensionMismatch,
    });
    expect((await readdir(dir)).filter((f) => f.includes('bad'))).toEqual([]);
  });
});
