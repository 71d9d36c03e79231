// Approximate k-NN over hnswlib-node's HierarchicalNSW in inner-product space on unit rows (cosine). Filtered
// queries use hnswlib's label filter, and go exact when the filter is so selective that the graph would not help.

import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { publishAtomically } from './atomic-file.ts';
import { BruteForceVectorIndex } from './brute-force.vector-index.ts';
import { calibrateEf, type EfCalibration } from './ef.calibration.ts';
import { readHnswHeader } from './hnsw-file.header.ts';
import { checkQuery, normalizeRows } from './unit-vectors.math.ts';
import { VectorIndexError, VectorIndexErrorCode } from './vector-index.errors.ts';
import type { LabelFilter, SearchResult, VectorIndex } from './vector-index.port.ts';

export interface HnswOptions {
  /** Graph degree (hnswlib M); level 0 keeps 2M links. */
  readonly m: number;
  readonly efConstruction: number;
  /** Search beam width (hnswlib uses max(ef, k)); the floor when calibrating, the value when not. */
  readonly ef: number;
  /**
   * After build and load, raise ef until recall@10 on session-like queries made from the catalog reaches this
   * (see ef.calibration.ts); 0 keeps `ef` as given. Load skips it when `ef` is passed explicitly.
   */
  readonly targetRecall: number;
  /** Calibration queries; each one's exact answer costs a brute-force scan (about 7 ms at 100k × 64). */
  readonly calibrationQueries: number;
  /** hnswlib's level generator seed: the same seed and input give the same graph. */
  readonly seed: number;
  /**
   * How filtered queries run: 'auto' estimates the filter's pass rate and takes the cheaper of graph search
   * (hnswlib's filter callback) and an exact scan of the passing labels; 'graph' and 'exact' force one.
   */
  readonly filteredSearch: FilteredSearch;
}

export type FilteredSearch = 'auto' | 'graph' | 'exact';

/** Chosen by measured recall@10 and latency (bench/ann.bench.ts); the reasons are in the package README. */
export const DEFAULT_HNSW_OPTIONS: HnswOptions = {
  m: 24,
  efConstruction: 200,
  ef: 64,
  targetRecall: 0.99,
  calibrationQueries: 300,
  seed: 100,
  filteredSearch: 'auto',
};

/**
 * Cost model of a filtered top-10, fitted on 100k × 64 (bench/ann.bench.ts): an exact scan costs n × (0.0033 µs
 * per filter call + passRate × 0.1 µs per scored row); graph search costs about 1.5 µs × ef / passRate, because
 * it must visit ~ef / passRate nodes, each calling the filter through N-API, before it holds ef passing labels.
 */
const EXACT_US_PER_LABEL = 0.0033;
const EXACT_US_PER_ROW = 0.1;
const GRAPH_US_PER_EF = 1.5;
/** Labels probed to estimate a filter's pass rate before choosing graph search or an exact scan. */
const PASS_RATE_PROBES = 128;

export class HnswVectorIndex implements VectorIndex {
  readonly kind = 'hnsw';
  readonly size: number;
  private readonly queryScratch: number[];
  private efSearch: number;
  private measured: EfCalibration | undefined;

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
    return new HnswVectorIndex(graph, BruteForceVectorIndex.fromUnitVectors(unit, dim), dim, opts).calibrated();
  }

  /** Loads a file written by `save`; the dimension comes from the file (pass `dim` to insist on one). */
  static async load(
    path: string,
    options: Partial<Pick<HnswOptions, 'ef' | 'filteredSearch' | 'targetRecall' | 'calibrationQueries'>> & {
      readonly dim?: number;
    } = {},
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
    const index = new HnswVectorIndex(graph, BruteForceVectorIndex.fromUnitVectors(unit, header.dim), header.dim, opts);
    // Calibration is deterministic (same graph, same sample), so a reload finds the ef the build chose.
    return options.ef === undefined ? index.calibrated() : index;
  }

  /** What ef calibration measured at build or load; undefined when it did not run. */
  get calibration(): EfCalibration | undefined {
    return this.measured;
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

  get filteredSearch(): FilteredSearch {
    return this.options.filteredSearch;
  }

  set filteredSearch(value: FilteredSearch) {
    this.options = resolveOptions({ ...this.options, filteredSearch: value });
  }

  /** Build parameters in force (m and efConstruction as read back from a loaded file). */
  get parameters(): HnswOptions {
    return { ...this.options, ef: this.efSearch };
  }

  search(query: Float32Array, k: number, filter?: LabelFilter): SearchResult {
    checkQuery(query, this.dim, k);
    const kk = Math.min(k, this.size);
    if (kk === 0) return { labels: new Int32Array(0), scores: new Float32Array(0) };
    if (filter !== undefined && this.exactIsCheaper(filter)) {
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

  private calibrated(): this {
    if (this.options.targetRecall > 0 && this.size > 1) {
      this.measured = calibrateEf(this, this.exact, {
        targetRecall: this.options.targetRecall,
        queries: this.options.calibrationQueries,
        minEf: this.options.ef,
      });
    }
    return this;
  }

  private exactIsCheaper(filter: LabelFilter): boolean {
    switch (this.options.filteredSearch) {
      case 'graph':
        return false;
      case 'exact':
        return true;
      case 'auto': {
        const probes = Math.min(PASS_RATE_PROBES, this.size);
        let passed = 0;
        // Evenly spaced probes with a golden-ratio offset, so contiguous label ranges (a category imported in
        // one batch) are neither always hit nor always missed.
        for (let i = 0; i < probes; i++) {
          if (filter(Math.floor(((i + 0.618) * this.size) / probes) % this.size)) passed++;
        }
        const passRate = Math.max(passed, 0.5) / probes;
        const exactUs = this.size * (EXACT_US_PER_LABEL + passRate * EXACT_US_PER_ROW);
        return exactUs < (GRAPH_US_PER_EF * this.efSearch) / passRate;
      }
    }
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
  if (!Number.isInteger(opts.calibrationQueries) || opts.calibrationQueries < 0) {
    throw new VectorIndexError(
      VectorIndexErrorCode.InvalidInput,
      `calibrationQueries must be a non-negative integer, got ${opts.calibrationQueries}`,
    );
  }
  if (!(opts.targetRecall >= 0 && opts.targetRecall <= 1)) {
    throw new VectorIndexError(
      VectorIndexErrorCode.InvalidInput,
      `targetRecall must be in [0, 1], got ${opts.targetRecall}`,
    );
  }
  if (!['auto', 'graph', 'exact'].includes(opts.filteredSearch)) {
    throw new VectorIndexError(
      VectorIndexErrorCode.InvalidInput,
      `filteredSearch must be auto, graph or exact, got ${String(opts.filteredSearch)}`,
    );
  }
  return opts;
}

function pickDefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
