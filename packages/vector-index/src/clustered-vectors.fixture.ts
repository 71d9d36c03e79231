// Seeded synthetic item vectors shaped like item2vec output, for tests and benchmarks. The defaults were fitted
// to gensim skip-gram vectors of the Online Retail uk shop (3,909 items × 64): see the package README.

export interface ClusteredVectorsOptions {
  readonly n: number;
  readonly dim: number;
  readonly seed: number;
  /** Top-level groups (default n / 250). */
  readonly categories?: number;
  /** Groups inside each category (default 10). */
  readonly subcategories?: number;
  /** Noise of a sub-category around its category and of an item around its sub-category, per unit vector. */
  readonly categorySpread?: number;
  readonly itemSpread?: number;
  /** Weight of one direction shared by every item: word2vec-style spaces are anisotropic (mean cosine > 0). */
  readonly sharedDirection?: number;
  /**
   * Share of long-tail items, seen too rarely to be placed well: they sit near the shared direction with noise of
   * `tailSpread`, crowded together with many near-ties, which is what makes real item2vec spaces hard for HNSW.
   */
  readonly tailShare?: number;
  readonly tailSpread?: number;
}

export interface ClusteredVectors {
  /** Row-major n×dim, unnormalised (norms vary as they do with item2vec). */
  readonly vectors: Float32Array;
  /** Sub-category index of each row (categories × subcategories of them); -1 for long-tail items. */
  readonly groups: Int32Array;
}

export function clusteredVectors(options: ClusteredVectorsOptions): ClusteredVectors {
  const { n, dim } = options;
  const categories = options.categories ?? Math.max(1, Math.round(n / 250));
  const subcategories = options.subcategories ?? 10;
  const categorySpread = options.categorySpread ?? 0.8;
  const itemSpread = options.itemSpread ?? 0.6;
  const sharedWeight = options.sharedDirection ?? 0.8;
  const tailShare = options.tailShare ?? 0.4;
  const tailSpread = options.tailSpread ?? 1;
  const gauss = gaussianSource(options.seed);
  const shared = new Float32Array(dim);
  randomUnit(gauss, shared);
  const centres = new Float32Array(categories * subcategories * dim);
  const top = new Float32Array(dim);
  for (let c = 0; c < categories; c++) {
    randomUnit(gauss, top);
    for (let s = 0; s < subcategories; s++) {
      const off = (c * subcategories + s) * dim;
      for (let j = 0; j < dim; j++) {
        const noise = (categorySpread * gauss()) / Math.sqrt(dim);
        centres[off + j] = (top[j] as number) + noise + sharedWeight * (shared[j] as number);
      }
    }
  }
  const vectors = new Float32Array(n * dim);
  const groups = new Int32Array(n);
  const groupCount = categories * subcategories;
  for (let i = 0; i < n; i++) {
    // Norm varies with popularity in item2vec; the index must not depend on it.
    const norm = 0.5 + Math.abs(gauss());
    // Skewed group sizes: a few big sub-categories and a long tail, as real catalogs have.
    const g = Math.min(groupCount - 1, Math.floor(groupCount * Math.abs(gauss()) * 0.45));
    const tail = (i * 0.6180339887) % 1 < tailShare;
    groups[i] = tail ? -1 : g;
    for (let j = 0; j < dim; j++) {
      const v = tail
        ? sharedWeight * (shared[j] as number) + (tailSpread * gauss()) / Math.sqrt(dim)
        : (centres[g * dim + j] as number) + (itemSpread * gauss()) / Math.sqrt(dim);
      vectors[i * dim + j] = norm * v;
    }
  }
  return { vectors, groups };
}

/** Standard normal draws from a seeded mulberry32 stream (Box–Muller). */
export function gaussianSource(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = 1 - uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

function randomUnit(gauss: () => number, out: Float32Array): void {
  let sq = 0;
  for (let j = 0; j < out.length; j++) {
    const v = gauss();
    out[j] = v;
    sq += v * v;
  }
  const inv = 1 / Math.sqrt(sq);
  for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) * inv;
}
