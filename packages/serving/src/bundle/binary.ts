// Little-endian binary helpers shared by the component codecs: a 16-byte header (magic, format, two counts)
// checked on read, concatenation, and aligned copies out of a file buffer.

export type TypedRow = Int32Array | Float32Array | Float64Array | Int8Array | Uint8Array;

export function header(magic: number, format: number, a: number, b = 0): Uint8Array {
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint32(0, magic, true);
  v.setUint32(4, format, true);
  v.setUint32(8, a, true);
  v.setUint32(12, b, true);
  return h;
}

/** Reads a header written by `header`, checking magic and format; returns the two counts. */
export function readHeader(data: Uint8Array, magic: number, format: number, name: string): [number, number] {
  if (data.byteLength < 16) throw new Error(`${name} is truncated`);
  const v = new DataView(data.buffer, data.byteOffset, 16);
  if (v.getUint32(0, true) !== magic) throw new Error(`${name} is not a Shopspace ${name} file`);
  const found = v.getUint32(4, true);
  if (found !== format) throw new Error(`${name} has format ${found}, expected ${format}`);
  return [v.getUint32(8, true), v.getUint32(12, true)];
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export const bytesOf = (a: TypedRow): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Copies `count` elements out of `data` from byte `from`, so the array is aligned whatever the buffer's offset. */
export function copyOut<T extends TypedRow>(
  Type: { new (b: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number },
  data: Uint8Array,
  from: number,
  count: number,
  name: string,
): T {
  const size = count * Type.BYTES_PER_ELEMENT;
  if (from + size > data.byteLength) throw new Error(`${name} is truncated`);
  // new Uint8Array(view) copies: a Node Buffer's subarray would share (and pin) its whole pool.
  return new Type(new Uint8Array(data.subarray(from, from + size)).buffer);
}

export const utf8 = {
  encode: (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value)),
  decode: (data: Uint8Array, name: string): unknown => {
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
    } catch (error) {
      throw new Error(`${name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
};
