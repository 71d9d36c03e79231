// Approximate k-NN over hnswlib-node's HierarchicalNSW in inner-product space on unit rows (cosine). Filtered
// queries use hnswlib's label filter, and go exact when the filter is so selective that the graph would not help.

import { open } from 'node:fs/promises';
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { publishAtomically } from './atomic-file.ts';
import { BruteForceVectorIndex } from './brute-force.vector-index.ts';
import { checkQuery, normalizeRows } from './unit-vectors.math.ts';
import { VectorIndexError, VectorIndexErrorCode } from './vector-index.errors.ts';
import type { LabelFilter, SearchResult, VectorIndex } from './vector-index.port.ts';

export interface HnswOptions {
  /** Graph degree (hnswlib M); level 0 keeps 2M links. */
  readonly m: number;
  readonly efConstruction: number;
  /** Search beam width; hnswlib uses max(ef, k). Can be changed after build or load. */
  readonly ef: number;
  /** hnswlib's level generator seed: the same seed and input give the same graph. */
  readonly seed: number;
  /**
   * A filtered query whose estimated pass rate is below this is answered by an exact scan of the passing labels:
   * graph search would visit about ef / passRate nodes, each with a call into JavaScript for the filter.
   */
  readonly exactBelowPassRate: number;
}

/** Chosen by measured recall@10 and latency (bench/ann.bench.ts); the reasons are in the package README. */
export const DEFAULT_HNSW_OPTIONS: HnswOptions = {
  m: 16,
  efConstruction: 200,
  ef: 64,
  seed: 100,
  exactBelowPassRate: 0.02,
};

/** Labels probed to estimate a filter's pass rate before choosing graph search or an exact scan. */
const PASS_RATE_PROBES = 128;
/** hnswlib's file header: six size_t, an int, a uint32, three size_t, a double and a size_t. */
const HNSW_HEADER_BYTES = 96;

export class HnswVectorIndex implements VectorIndex {
  readonly kind = 'hnsw';
  readonly size: number;
  private readonly queryScratch: number[];
  private efSearch: number;

  private constructor(
    private readonly graph: HierarchicalNSW,
    /** The same unit rows, for exact answers to very selective filters and as a safety net. */
    private readonly exact: BruteForceVectorIndex,
    readonly dim: number,
    private options: HnswOptions,
  ) {
    this.size = exact.size;
    this.queryScratch = new Array<number>(dim).fill(0);
    this.efSearch = options.ef;
    graph.setEf(options.ef);
  }

  static build(vectors: Float32Array, dim: number, options: Partial<HnswOptions> = {}): HnswVectorIndex {
    const opts = resolveOptions(options);
    const unit = normalizeRows(vectors, dim);
    const n = unit.length / dim;
    const graph = new hnswlib.HierarchicalNSW('ip', dim);
    // hnswlib cannot initialise an empty index; one slot costs nothing and searches still return nothing.
    graph.initIndex({
      maxElements: Math.max(1, n),
      m: opts.m,
      efConstruction: opts.efConstruction,
      randomSeed: opts.seed,
    });
    const row = new Array<number>(dim).fill(0);
    for (let label = 0, off = 0; label < n; label++, off += dim) {
      for (let j = 0; j < dim; j++) row[j] = unit[off + j] as number;
      graph.addPoint(row, label);
    }
    return new HnswVectorIndex(graph, BruteForceVectorIndex.fromUnitVectors(unit, dim), dim, opts);
  }

  /** Loads a file written by `save`; the dimension comes from the file (pass `dim` to insist on one). */
  static async load(
    path: string,
    options: Partial<Pick<HnswOptions, 'ef' | 'exactBelowPassRate'>> & { readonly dim?: number } = {},
  ): Promise<HnswVectorIndex> {
    const header = await readHnswHeader(path);
    if (options.dim !== undefined && options.dim !== header.dim) {
      throw new VectorIndexError(
        VectorIndexErrorCode.DimensionMismatch,
        `${path}: index has dim ${header.dim}, expected ${options.dim}`,
      );
    }
    const graph = new hnswlib.HierarchicalNSW('ip', header.dim);
    try {
      await graph.readIndex(path);
    } catch (error) {
      throw new VectorIndexError(VectorIndexErrorCode.CorruptArtifact, `${path}: hnswlib could not read it`, {
        cause: error,
      });
    }
    const n = graph.getCurrentCount();
    // The rows come back from the graph itself, so one file holds the whole index.
    const unit = new Float32Array(n * header.dim);
    for (let label = 0; label < n; label++) {
      let point: number[];
      try {
        point = graph.getPoint(label);
      } catch (error) {
        throw new VectorIndexError(
          VectorIndexErrorCode.CorruptArtifact,
          `${path}: labels are not 0..${n - 1} (label ${label} is missing)`,
          { cause: error },
        );
      }
      unit.set(point, label * header.dim);
    }
    const opts = resolveOptions({ ...header.options, ...pickDefined(options) });
    return new HnswVectorIndex(graph, BruteForceVectorIndex.fromUnitVectors(unit, header.dim), header.dim, opts);
  }

  get ef(): number {
    return this.efSearch;
  }

  set ef(value: number) {
    if (!Number.isInteger(value) || value < 1) {
      throw new VectorIndexError(VectorIndexErrorCode.InvalidInput, `ef must be a positive integer, got ${value}`);
    }
    this.efSearch = value;
    this.graph.setEf(value);
  }

  get exactBelowPassRate(): number {
    return this.options.exactBelowPassRate;
  }

  /** 0 sends every filtered query through the graph, 1 every one through the exact scan. */
  set exactBelowPassRate(value: number) {
    this.options = resolveOptions({ ...this.options, exactBelowPassRate: value });
  }

  /** Build parameters in force (m and efConstruction as read back from a loaded file). */
  get parameters(): HnswOptions {
    return { ...this.options, ef: this.efSearch };
  }

  search(query: Float32Array, k: number, filter?: LabelFilter): SearchResult {
    checkQuery(query, this.dim, k);
    const kk = Math.min(k, this.size);
    if (kk === 0) return { labels: new Int32Array(0), scores: new Float32Array(0) };
    if (filter !== undefined && this.estimatePassRate(filter) < this.options.exactBelowPassRate) {
      return this.exact.search(query, kk, filter);
    }
    const q = this.queryScratch;
    let sq = 0;
    for (let j = 0; j < this.dim; j++) sq += (query[j] as number) ** 2;
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let j = 0; j < this.dim; j++) q[j] = (query[j] as number) * inv;
    const { neighbors, distances } =
      filter === undefined ? this.graph.searchKnn(q, kk) : searchWithGuardedFilter(this.graph, q, kk, filter);
    // Fewer than k from the graph means the filter hid the rest of the beam: only an exact scan can tell
    // whether k passing labels exist.
    if (neighbors.length < kk) return this.exact.search(query, kk, filter);
    const labels = Int32Array.from(neighbors);
    const scores = new Float32Array(distances.length);
    // hnswlib's inner-product distance is 1 - dot.
    for (let i = 0; i < distances.length; i++) scores[i] = 1 - (distances[i] as number);
    return { labels, scores };
  }

  async save(path: string): Promise<void> {
    await publishAtomically(path, async (tmp) => {
      await this.graph.writeIndex(tmp);
    });
  }

  private estimatePassRate(filter: LabelFilter): number {
    const probes = Math.min(PASS_RATE_PROBES, this.size);
    let passed = 0;
    // Evenly spaced probes with a golden-ratio offset, so contiguous label ranges (a category imported in one
    // batch) are neither always hit nor always missed.
    for (let i = 0; i < probes; i++) {
      const label = Math.floor(((i + 0.618) * this.size) / probes) % this.size;
      if (filter(label)) passed++;
    }
    return passed / probes;
  }
}

/**
 * hnswlib-node calls the filter from C++ built without exception support: a filter that throws aborts the whole
 * process (FATAL ERROR in Napi::Error::New). The guard turns a throw into "reject the rest" and rethrows after.
 */
function searchWithGuardedFilter(graph: HierarchicalNSW, q: number[], k: number, filter: LabelFilter) {
  let failure: { error: unknown } | undefined;
  const guarded = (label: number): boolean => {
    if (failure !== undefined) return false;
    try {
      return filter(label);
    } catch (error) {
      failure = { error };
      return false;
    }
  };
  const result = graph.searchKnn(q, k, guarded);
  if (failure !== undefined) throw failure.error;
  return result;
}

function resolveOptions(options: Partial<HnswOptions>): HnswOptions {
  const opts = { ...DEFAULT_HNSW_OPTIONS, ...pickDefined(options) };
  for (const key of ['m', 'efConstruction', 'ef'] as const) {
    if (!Number.isInteger(opts[key]) || opts[key] < 1) {
      throw new VectorIndexError(
        VectorIndexErrorCode.InvalidInput,
        `${key} must be a positive integer, got ${opts[key]}`,
      );
    }
  }
  if (!(opts.exactBelowPassRate >= 0 && opts.exactBelowPassRate <= 1)) {
    throw new VectorIndexError(
      VectorIndexErrorCode.InvalidInput,
      `exactBelowPassRate must be in [0, 1], got ${opts.exactBelowPassRate}`,
    );
  }
  return opts;
}

function pickDefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Reads hnswlib's header to learn dim and the build parameters, refusing files too short to be an index. */
async function readHnswHeader(path: string): Promise<{ dim: number; options: Partial<HnswOptions> }> {
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
    return { dim: dataBytes / 4, options: { m, efConstruction } };
  } finally {
    await handle.close();
  }
}
