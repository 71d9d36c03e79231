// Binary artifact for item vectors. Little-endian: a 24-byte header (magic "SSVX", u16 version, u8 dtype,
// u8 reserved, u32 n, u32 dim, u32 CRC-32 of the payload, u32 reserved), then for float32 n×dim floats, for int8
// n float32 scales followed by n×dim codes. Readers check every field, so a truncated or foreign file fails loudly.

import { readFile, writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { publishAtomically } from './atomic-file.ts';
import { VectorIndexError, VectorIndexErrorCode } from './vector-index.errors.ts';

export const VECTOR_ARTIFACT_MAGIC = 'SSVX';
export const VECTOR_ARTIFACT_VERSION = 1;
export const VECTOR_ARTIFACT_HEADER_BYTES = 24;

const DTYPE_CODES = { float32: 0, int8: 1 } as const;
export type VectorDtype = keyof typeof DTYPE_CODES;

export type VectorArtifactInput =
  | { readonly dtype: 'float32'; readonly dim: number; readonly data: Float32Array }
  | { readonly dtype: 'int8'; readonly dim: number; readonly codes: Int8Array; readonly scales: Float32Array };

export type VectorArtifact =
  | { readonly dtype: 'float32'; readonly n: number; readonly dim: number; readonly data: Float32Array }
  | {
      readonly dtype: 'int8';
      readonly n: number;
      readonly dim: number;
      readonly codes: Int8Array;
      readonly scales: Float32Array;
    };

export function encodeVectors(input: VectorArtifactInput): Buffer {
  const { dim } = input;
  if (!Number.isInteger(dim) || dim <= 0 || dim > 0xffff_ffff) {
    throw new VectorIndexError(VectorIndexErrorCode.InvalidInput, `dim must be a positive integer, got ${dim}`);
  }
  const parts: Uint8Array[] = [];
  let n: number;
  switch (input.dtype) {
    case 'float32':
      if (input.data.length % dim !== 0) {
        throw new VectorIndexError(
          VectorIndexErrorCode.DimensionMismatch,
          `data has ${input.data.length} values, not a multiple of dim ${dim}`,
        );
      }
      n = input.data.length / dim;
      parts.push(bytesOf(input.data));
      break;
    case 'int8':
      n = input.scales.length;
      if (input.codes.length !== n * dim) {
        throw new VectorIndexError(
          VectorIndexErrorCode.DimensionMismatch,
          `int8 codes have ${input.codes.length} values, expected ${n} scales × dim ${dim}`,
        );
      }
      parts.push(bytesOf(input.scales), bytesOf(input.codes));
      break;
  }
  const payload = Buffer.concat(parts);
  const header = Buffer.alloc(VECTOR_ARTIFACT_HEADER_BYTES);
  header.write(VECTOR_ARTIFACT_MAGIC, 0, 'latin1');
  header.writeUInt16LE(VECTOR_ARTIFACT_VERSION, 4);
  header.writeUInt8(DTYPE_CODES[input.dtype], 6);
  header.writeUInt32LE(n, 8);
  header.writeUInt32LE(dim, 12);
  header.writeUInt32LE(crc32(payload), 16);
  return Buffer.concat([header, payload]);
}

/** Decodes an artifact; `source` (a path) only goes into error messages. */
export function decodeVectors(bytes: Uint8Array, source = 'vector artifact'): VectorArtifact {
  const corrupt = (why: string): VectorIndexError =>
    new VectorIndexError(VectorIndexErrorCode.CorruptArtifact, `${source}: ${why}`);
  if (bytes.length < VECTOR_ARTIFACT_HEADER_BYTES) {
    throw corrupt(`truncated: ${bytes.length} bytes, shorter than the ${VECTOR_ARTIFACT_HEADER_BYTES}-byte header`);
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const magic = buf.toString('latin1', 0, 4);
  if (magic !== VECTOR_ARTIFACT_MAGIC) {
    throw corrupt(`not a vector artifact (magic ${JSON.stringify(magic)}, expected "${VECTOR_ARTIFACT_MAGIC}")`);
  }
  const version = buf.readUInt16LE(4);
  if (version !== VECTOR_ARTIFACT_VERSION) {
    throw new VectorIndexError(
      VectorIndexErrorCode.UnsupportedArtifact,
      `${source}: format version ${version}, this reader understands ${VECTOR_ARTIFACT_VERSION}`,
    );
  }
  const dtypeCode = buf.readUInt8(6);
  const dtype = (Object.keys(DTYPE_CODES) as VectorDtype[]).find((d) => DTYPE_CODES[d] === dtypeCode);
  if (dtype === undefined) throw corrupt(`unknown dtype code ${dtypeCode}`);
  const n = buf.readUInt32LE(8);
  const dim = buf.readUInt32LE(12);
  if (dim === 0) throw corrupt('dim is 0');
  const payloadBytes = dtype === 'float32' ? n * dim * 4 : n * 4 + n * dim;
  const actual = bytes.length - VECTOR_ARTIFACT_HEADER_BYTES;
  if (actual < payloadBytes) {
    throw corrupt(`truncated: header promises ${n}×${dim} ${dtype} (${payloadBytes} bytes), file has ${actual}`);
  }
  if (actual > payloadBytes) {
    throw corrupt(`${actual - payloadBytes} unexpected bytes after ${n}×${dim} ${dtype} vectors`);
  }
  const payload = buf.subarray(VECTOR_ARTIFACT_HEADER_BYTES);
  if (crc32(payload) !== buf.readUInt32LE(16)) throw corrupt('checksum mismatch: the payload is damaged');
  // Copies into fresh, aligned typed arrays: the file buffer may start at any byte offset.
  switch (dtype) {
    case 'float32':
      return { dtype, n, dim, data: copyInto(new Float32Array(n * dim), payload, 0) };
    case 'int8': {
      const scales = copyInto(new Float32Array(n), payload, 0);
      return { dtype, n, dim, scales, codes: copyInto(new Int8Array(n * dim), payload, n * 4) };
    }
  }
}

export async function writeVectors(path: string, input: VectorArtifactInput): Promise<void> {
  const bytes = encodeVectors(input);
  await publishAtomically(path, (tmp) => writeFile(tmp, bytes, { flag: 'wx' }));
}

export async function readVectors(path: string): Promise<VectorArtifact> {
  return decodeVectors(await readFile(path), path);
}

function bytesOf(view: Float32Array | Int8Array): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function copyInto<T extends Float32Array | Int8Array>(target: T, payload: Uint8Array, from: number): T {
  new Uint8Array(target.buffer).set(payload.subarray(from, from + target.byteLength));
  return target;
}
