// The files of a model version, written by the worker and read by the API: model.json (vocabulary, counts,
// settings), vectors.f32 (unit rows in vocabulary order), knn.bin (item-kNN neighbour lists), hnsw.bin
// (the ANN index, opaque here) and, optionally, layout.bin (the embedding map's 2-D layout, computed at
// training time; older versions lack it). Little-endian binary with a magic and a version, checked on read.

export const MODEL_FORMAT = 1;

export interface ModelFiles {
  readonly skus: readonly string[];
  readonly counts: ArrayLike<number>;
  readonly dim: number;
  /** Unit-length rows, skus.length × dim; a zero row for an item without a vector. */
  readonly vectors: Float32Array;
  readonly knn: { readonly offsets: Int32Array; readonly neighbours: Int32Array; readonly weights: Float64Array };
  readonly hnsw: Uint8Array;
  readonly blend: number;
  /** Weight of each step back from a session's most recent item (1 = plain mean). */
  readonly recencyDecay: number;
  readonly algorithm: string;
  /** The embedding map: 2-D positions of some items (`rows`, vocabulary indices), by t-SNE; absent in older models. */
  readonly layout?: ModelLayout | undefined;
}

export interface ModelLayout {
  readonly rows: Int32Array;
  /** x, y per row, interleaved. */
  readonly points: Float32Array;
  readonly perplexity: number;
}

/** Optional files: a reader passes them when present and decodeModelFiles accepts their absence. */
export const OPTIONAL_MODEL_FILES = ['layout.bin'] as const;

/** The files a serving process needs; readers that only want the vectors skip the ANN index (the largest). */
const SERVING_FILES = ['model.json', 'vectors.f32', 'knn.bin', 'hnsw.bin'] as const;
const VECTOR_FILES = ['model.json', 'vectors.f32', 'knn.bin'] as const;

const isMissing = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'ENOENT';

/**
 * Reads a model version's files through `read` (e.g. an artifact store) and decodes them. 'serving' reads
 * everything, the optional files when present; 'vectors' leaves out the ANN index and the optional files, for
 * consumers of the vectors alone (alignment, autocomplete), and then `hnsw` is empty.
 */
export async function readModelFiles(
  read: (name: string) => Promise<Uint8Array>,
  purpose: 'serving' | 'vectors' = 'serving',
): Promise<ModelFiles> {
  const files = new Map<string, Uint8Array>();
  for (const name of purpose === 'serving' ? SERVING_FILES : VECTOR_FILES) files.set(name, await read(name));
  if (purpose === 'serving') {
    for (const name of OPTIONAL_MODEL_FILES) {
      try {
        files.set(name, await read(name));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
  } else {
    files.set('hnsw.bin', new Uint8Array(0));
  }
  return decodeModelFiles(files);
}

const KNN_MAGIC = 0x4e4e4b53; // "SKNN"
const VEC_MAGIC = 0x43455653; // "SVEC"
const LAYOUT_MAGIC = 0x59414c53; // "SLAY"

function header(magic: number, a: number, b: number, c = 0): Uint8Array {
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint32(0, magic, true);
  v.setUint32(4, a, true);
  v.setUint32(8, b, true);
  v.setUint32(12, c, true);
  return h;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const bytes = (a: Int32Array | Float32Array | Float64Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function encodeModelFiles(m: ModelFiles): Map<string, Uint8Array> {
  const n = m.skus.length;
  if (m.vectors.length !== n * m.dim)
    throw new Error(`vectors hold ${m.vectors.length} floats, expected ${n} × ${m.dim}`);
  const json = JSON.stringify({
    format: MODEL_FORMAT,
    algorithm: m.algorithm,
    dim: m.dim,
    blend: m.blend,
    recencyDecay: m.recencyDecay,
    skus: m.skus,
    counts: Array.from(m.counts),
  });
  const files = new Map<string, Uint8Array>([
    ['model.json', new TextEncoder().encode(json)],
    ['vectors.f32', concat([header(VEC_MAGIC, MODEL_FORMAT, n, m.dim), bytes(m.vectors)])],
    [
      'knn.bin',
      concat([
        header(KNN_MAGIC, MODEL_FORMAT, n, m.knn.neighbours.length),
        bytes(m.knn.offsets),
        bytes(m.knn.neighbours),
        bytes(m.knn.weights),
      ]),
    ],
    ['hnsw.bin', m.hnsw],
  ]);
  if (m.layout) {
    const { rows, points, perplexity } = m.layout;
    if (points.length !== rows.length * 2)
      throw new Error(`layout holds ${points.length} coordinates for ${rows.length} rows, expected two a row`);
    const bad = rows.findIndex((r) => r < 0 || r >= n);
    if (bad >= 0) throw new Error(`layout.rows[${bad}] = ${rows[bad]} is not an item of the ${n}`);
    files.set(
      'layout.bin',
      concat([header(LAYOUT_MAGIC, MODEL_FORMAT, rows.length, Math.round(perplexity)), bytes(rows), bytes(points)]),
    );
  }
  return files;
}

function readHeader(data: Uint8Array, magic: number, name: string): [number, number] {
  if (data.byteLength < 16) throw new Error(`${name} is truncated`);
  const v = new DataView(data.buffer, data.byteOffset, 16);
  if (v.getUint32(0, true) !== magic) throw new Error(`${name} is not a Shopspace model file`);
  if (v.getUint32(4, true) !== MODEL_FORMAT)
    throw new Error(`${name} has format ${v.getUint32(4, true)}, expected ${MODEL_FORMAT}`);
  return [v.getUint32(8, true), v.getUint32(12, true)];
}

/** Copies out of the file buffer so typed arrays are aligned whatever the buffer's offset. */
function slice<T extends Int32Array | Float32Array | Float64Array>(
  Type: new (b: ArrayBuffer) => T,
  data: Uint8Array,
  from: number,
  count: number,
  name: string,
): T {
  const size = count * (Type as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  if (from + size > data.byteLength) throw new Error(`${name} is truncated`);
  // new Uint8Array(view) copies: a Node Buffer's slice() would share (and expose) its whole pool.
  return new Type(new Uint8Array(data.subarray(from, from + size)).buffer);
}

export function decodeModelFiles(files: ReadonlyMap<string, Uint8Array>): ModelFiles {
  const get = (name: string): Uint8Array => {
    const f = files.get(name);
    if (!f) throw new Error(`model file ${name} is missing`);
    return f;
  };
  const meta = JSON.parse(new TextDecoder().decode(get('model.json'))) as {
    format: number;
    algorithm: string;
    dim: number;
    blend: number;
    recencyDecay?: number;
    skus: string[];
    counts: number[];
  };
  if (meta.format !== MODEL_FORMAT) throw new Error(`model.json has format ${meta.format}, expected ${MODEL_FORMAT}`);
  const vec = get('vectors.f32');
  const [n, dim] = readHeader(vec, VEC_MAGIC, 'vectors.f32');
  if (n !== meta.skus.length || dim !== meta.dim) throw new Error('vectors.f32 does not match model.json');
  const knnFile = get('knn.bin');
  const [kn, edges] = readHeader(knnFile, KNN_MAGIC, 'knn.bin');
  if (kn !== n) throw new Error('knn.bin does not match model.json');
  const offsets = slice(Int32Array, knnFile, 16, n + 1, 'knn.bin');
  const neighbours = slice(Int32Array, knnFile, 16 + 4 * (n + 1), edges, 'knn.bin');
  const weights = slice(Float64Array, knnFile, 16 + 4 * (n + 1) + 4 * edges, edges, 'knn.bin');
  return {
    skus: meta.skus,
    counts: meta.counts,
    dim,
    vectors: slice(Float32Array, vec, 16, n * dim, 'vectors.f32'),
    knn: { offsets, neighbours, weights },
    hnsw: get('hnsw.bin'),
    blend: meta.blend,
    recencyDecay: meta.recencyDecay ?? 1,
    algorithm: meta.algorithm,
    layout: decodeLayout(files.get('layout.bin'), n),
  };
}

function decodeLayout(file: Uint8Array | undefined, items: number): ModelLayout | undefined {
  if (!file) return undefined;
  const [count, perplexity] = readHeader(file, LAYOUT_MAGIC, 'layout.bin');
  const rows = slice(Int32Array, file, 16, count, 'layout.bin');
  const points = slice(Float32Array, file, 16 + 4 * count, 2 * count, 'layout.bin');
  if (rows.some((r) => r < 0 || r >= items)) throw new Error('layout.bin does not match model.json');
  return { rows, points, perplexity };
}
