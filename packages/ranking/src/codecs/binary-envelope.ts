// The envelope every component file of this package shares: magic, format version, payload length and a
// CRC-32 of the payload (little-endian), then length-prefixed sections padded to 8 bytes so typed arrays can
// be copied out aligned. Reading checks all four and every section's bounds, naming the file when it fails.
import { RankingError, RankingErrorCode } from '../ranking.errors.ts';

const HEADER = 16;

type Section = Int32Array | Float32Array | Float64Array | Uint8Array;

export class EnvelopeWriter {
  private readonly sections: Uint8Array[] = [];

  constructor(
    private readonly magic: number,
    private readonly version: number,
  ) {}

  array(a: Section): this {
    this.sections.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return this;
  }

  numbers(...values: number[]): this {
    return this.array(Float64Array.from(values));
  }

  text(value: string): this {
    return this.array(new TextEncoder().encode(value));
  }

  finish(): Uint8Array {
    const payload = this.sections.reduce((sum, s) => sum + 8 + pad8(s.byteLength), 0);
    const out = new Uint8Array(HEADER + payload);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.magic, true);
    view.setUint32(4, this.version, true);
    view.setUint32(8, payload, true);
    let at = HEADER;
    for (const s of this.sections) {
      view.setUint32(at, s.byteLength, true);
      out.set(s, at + 8);
      at += 8 + pad8(s.byteLength);
    }
    view.setUint32(12, crc32(out.subarray(HEADER)), true);
    return out;
  }
}

export class EnvelopeReader {
  private at = HEADER;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    magic: number,
    version: number,
    private readonly file: string,
  ) {
    if (!(bytes instanceof Uint8Array)) throw this.corrupt('is not a Uint8Array');
    if (bytes.byteLength < HEADER)
      throw this.corrupt(`is truncated: ${bytes.byteLength} bytes, shorter than the header`);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.view.getUint32(0, true) !== magic) throw this.corrupt('has the wrong magic number (not this component)');
    const found = this.view.getUint32(4, true);
    if (found !== version) throw this.corrupt(`has format version ${found}, this reader knows ${version}`);
    const payload = this.view.getUint32(8, true);
    if (bytes.byteLength < HEADER + payload)
      throw this.corrupt(`is truncated: ${bytes.byteLength - HEADER} of ${payload} payload bytes`);
    if (bytes.byteLength > HEADER + payload)
      throw this.corrupt(`has ${bytes.byteLength - HEADER - payload} trailing bytes`);
    if (crc32(bytes.subarray(HEADER)) !== this.view.getUint32(12, true))
      throw this.corrupt('is damaged (checksum mismatch)');
  }

  private next(what: string, unit: number): Uint8Array {
    if (this.at + 8 > this.bytes.byteLength) throw this.corrupt(`ends before section ${what}`);
    const length = this.view.getUint32(this.at, true);
    if (this.at + 8 + length > this.bytes.byteLength) throw this.corrupt(`section ${what} runs past the end`);
    if (length % unit !== 0) throw this.corrupt(`section ${what} holds ${length} bytes, not a multiple of ${unit}`);
    const copy = new Uint8Array(this.bytes.subarray(this.at + 8, this.at + 8 + length));
    this.at += 8 + pad8(length);
    return copy;
  }

  int32(what: string, length?: number): Int32Array {
    return this.sized(new Int32Array(this.next(what, 4).buffer), what, length);
  }

  float32(what: string, length?: number): Float32Array {
    return this.sized(new Float32Array(this.next(what, 4).buffer), what, length);
  }

  float64(what: string, length?: number): Float64Array {
    return this.sized(new Float64Array(this.next(what, 8).buffer), what, length);
  }

  numbers(what: string, count: number): number[] {
    return Array.from(this.float64(what, count));
  }

  text(what: string): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.next(what, 1));
  }

  /** Throws unless every section was read. */
  end(): void {
    if (this.at !== this.bytes.byteLength) throw this.corrupt('holds more sections than expected');
  }

  /** A CorruptComponent error naming the file. */
  corrupt(why: string): RankingError {
    return new RankingError(RankingErrorCode.CorruptComponent, `${this.file} ${why}`, this.file);
  }

  private sized<T extends { length: number }>(a: T, what: string, length?: number): T {
    if (length !== undefined && a.length !== length)
      throw this.corrupt(`section ${what} holds ${a.length} values, expected ${length}`);
    return a;
  }
}

function pad8(n: number): number {
  return (n + 7) & ~7;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), as zlib computes it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
