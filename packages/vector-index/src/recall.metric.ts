// recall@k of an approximate answer against the exact one: the measure HNSW parameters are chosen by.

import type { SearchResult } from './vector-index.port.ts';

/** Mean over queries of |approx ∩ exact| / |exact|, counting only the first k labels of each. */
export function recallAtK(exact: readonly SearchResult[], approx: readonly SearchResult[], k: number): number {
  if (exact.length !== approx.length) {
    throw new RangeError(`recallAtK needs as many answers as truths: ${approx.length} vs ${exact.length}`);
  }
  if (exact.length === 0) return 1;
  let sum = 0;
  for (let q = 0; q < exact.length; q++) {
    const truth = (exact[q] as SearchResult).labels.subarray(0, k);
    const found = (approx[q] as SearchResult).labels.subarray(0, k);
    if (truth.length === 0) {
      sum += 1;
      continue;
    }
    const want = new Set(truth);
    let hits = 0;
    for (const label of found) if (want.has(label)) hits++;
    sum += hits / truth.length;
  }
  return sum / exact.length;
}
