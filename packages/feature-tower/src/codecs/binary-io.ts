// Little-endian framing shared by the package's codecs: a 16-byte header (4-byte magic, u16 format version,
// u16 reserved, u32 payload length, u32 CRC-32 of the payload) and a bounds-checked payload reader/writer
// that keeps typed arrays 4-byte aligned. Readers copy out of the input, so it may be a pooled Buffer.
import { crc32 } from 'node:zlib';
import { FeatureTowerError, FeatureTowerErrorCode } from '../feature-tower.errors.ts';

export const HEADER_BYTES = 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class PayloadWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  u32(value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    this.push(bytes);
  }

  json(value: unknown): void {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    this.u32(bytes.length);
    this.push(bytes);
    this.pad();
  }

  array(values: Float32Array | Int32Array | Int8Array | Uint8Array): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.push(
      LITTLE_ENDIAN || values.BYTES_PER_ELEMENT === 1 ? bytes.slice() : swapped(bytes, values.BYTES_PER_ELEMENT),
    );
    this.pad();
  }

  /** Header + payload as one buffer. */
  finish(magic: string, version: number): Uint8Array {
    const out = new Uint8Array(HEADER_BYTES + this.length);
    let at = HEADER_BYTES;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    const payload = out.subarray(HEADER_BYTES);
    const view = new DataView(out.buffer);
    for (let i = 0; i < 4; i++) out[i] = magic.charCodeAt(i);
    view.setUint16(4, version, true);
    view.setUint32(8, payload.length, true);
    view.setUint32(12, crc32(payload), true);
    return out;
  }

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private pad(): void {
    const extra = (4 - (this.length % 4)) % 4;
    if (extra > 0) this.push(new Uint8Array(extra));
  }
}

export class PayloadReader {
  private at = 0;
  private readonly view: DataView;

  constructor(
    private readonly payload: Uint8Array,
    private readonly source: string,
  ) {
    this.view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  json(what: string): unknown {
    const length = this.u32(`${what} length`);
    this.need(length, what);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(this.payload.subarray(this.at, this.at + length));
    this.at += length;
    this.skipPad();
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw corrupt(this.source, `${what} is not valid JSON`, error);
    }
  }

  float32(count: number, what: string): Float32Array {
    return new Float32Array(this.bytes(count, 4, what).buffer);
  }

  int32(count: number, what: string): Int32Array {
    return new Int32Array(this.bytes(count, 4, what).buffer);
  }

  int8(count: number, what: string): Int8Array {
    return new Int8Array(this.bytes(count, 1, what).buffer);
  }

  uint8(count: number, what: string): Uint8Array {
    return this.bytes(count, 1, what);
  }

  /** Fails unless every payload byte was read. */
  end(): void {
    if (this.at !== this.payload.length)
      throw corrupt(this.source, `${this.payload.length - this.at} unexpected bytes at the end`);
  }

  private bytes(count: number, width: number, what: string): Uint8Array {
    const length = count * width;
    this.need(length, what);
    // A fresh, aligned copy: Buffer#slice would return a view into a possibly pooled, unaligned buffer.
    const copy = new Uint8Array(length);
    copy.set(this.payload.subarray(this.at, this.at + length));
    this.at += length;
    this.skipPad();
    return LITTLE_ENDIAN || width === 1 ? copy : swapped(copy, width);
  }

  private skipPad(): void {
    this.at += (4 - (this.at % 4)) % 4;
  }

  private need(length: number, what: string): void {
    if (!Number.isSafeInteger(length) || this.at + length > this.payload.length) {
      throw corrupt(
        this.source,
        `truncated: ${what} needs ${length} bytes at offset ${this.at}, payload has ${this.payload.length}`,
      );
    }
  }
}

/** Checks magic, version, length and checksum; returns a reader over the payload. */
export function openPayload(bytes: Uint8Array, magic: string, version: number, source: string): PayloadReader {
  if (bytes.length < HEADER_BYTES) throw corrupt(source, `truncated: ${bytes.length} bytes, shorter than the header`);
  const found = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (found !== magic) throw corrupt(source, `not a ${magic} file (magic ${JSON.stringify(found)})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const v = view.getUint16(4, true);
  if (v !== version) {
    throw new FeatureTowerError(
      FeatureTowerErrorCode.UnsupportedArtifact,
      `${source}: format version ${v}, this reader understands ${version}`,
    );
  }
  const length = view.getUint32(8, true);
  if (bytes.length - HEADER_BYTES !== length) {
    throw corrupt(source, `header promises ${length} payload bytes, file has ${bytes.length - HEADER_BYTES}`);
  }
  const payload = bytes.subarray(HEADER_BYTES);
  if (crc32(payload) !== view.getUint32(12, true)) throw corrupt(source, 'checksum mismatch: the payload is damaged');
  return new PayloadReader(payload, source);
}

export function corrupt(source: string, why: string, cause?: unknown): FeatureTowerError {
  return new FeatureTowerError(
    FeatureTowerErrorCode.CorruptArtifact,
    `${source}: ${why}`,
    undefined,
    cause === undefined ? undefined : { cause },
  );
}

// Byte-swaps each `width`-byte element (only on big-endian hosts; the files are little-endian).
function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let b = 0; b < width; b++) out[i + b] = bytes[i + width - 1 - b]!;
  return out;
}
