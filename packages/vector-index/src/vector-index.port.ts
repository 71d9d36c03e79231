// The port serving code depends on: k nearest items by cosine similarity, optionally restricted by a label
// predicate. Labels are item indexes 0..size-1 of the matrix the index was built from.

/** Returns true for labels that may be returned (active, in the category, not already in the session...). */
export type LabelFilter = (label: number) => boolean;

export interface SearchResult {
  /** Item indexes, best first. Shorter than k only when fewer than k labels exist or pass the filter. */
  readonly labels: Int32Array;
  /** Cosine similarity of each label to the query, same order (non-increasing). */
  readonly scores: Float32Array;
}

export interface VectorIndex {
  readonly size: number;
  readonly dim: number;
  /** Which implementation answers, for logs and benchmarks. */
  readonly kind: 'hnsw' | 'brute-force';
  search(query: Float32Array, k: number, filter?: LabelFilter): SearchResult;
  /** Writes the index so that the final path never holds a half-written file. */
  save(path: string): Promise<void>;
}
