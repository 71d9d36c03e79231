// A trained item2vec model: the vocabulary with its input (item) and output (context-prediction) vectors,
// plus pure helpers to read vectors and rank neighbours by brute force (the oracle ANN indexes are checked with).
import type { Vocabulary } from '../corpus/vocabulary.ts';
import type { Item2vecConfig } from '../training/train-config.ts';

export interface TrainingStats {
  /** Corpus tokens × epochs, the figure words/s is reported on. */
  readonly words: number;
  /** Tokens actually trained on after frequent-item down-sampling, summed over epochs (gensim's effective words). */
  readonly effectiveWords: number;
  readonly seconds: number;
  readonly threads: number;
}

export interface Item2vecModel {
  readonly vocabulary: Vocabulary;
  readonly dim: number;
  /** Input vectors (word2vec syn0), row-major vocabulary size × dim: the item embeddings. */
  readonly vectors: Float32Array;
  /** Output vectors (syn1neg): a context's input vectors dotted with these are what training optimised. */
  readonly outputVectors: Float32Array;
  readonly config: Item2vecConfig;
  readonly stats: TrainingStats;
}

/** A view of the item's input vector, or undefined for an item without one. */
export function itemVector(model: Item2vecModel, id: string): Float32Array | undefined {
  const index = model.vocabulary.indexOf.get(id);
  return index === undefined ? undefined : model.vectors.subarray(index * model.dim, (index + 1) * model.dim);
}

/** A copy with every row scaled to unit length (zero rows stay zero). */
export function normalizeRows(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let offset = 0; offset < vectors.length; offset += dim) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += (vectors[offset + d] ?? 0) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) out[offset + d] = (vectors[offset + d] ?? 0) * scale;
  }
  return out;
}

export interface ScoredItem {
  readonly id: string;
  readonly score: number;
}

/** The k items of highest cosine similarity to `id` (itself excluded), by brute force. */
export function mostSimilar(model: Item2vecModel, id: string, k: number): ScoredItem[] {
  const index = model.vocabulary.indexOf.get(id);
  if (index === undefined) return [];
  const { dim } = model;
  const unit = normalizeRows(model.vectors, dim);
  const query = unit.subarray(index * dim, (index + 1) * dim);
  const scored: ScoredItem[] = [];
  model.vocabulary.ids.forEach((other, row) => {
    if (row === index) return;
    let score = 0;
    for (let d = 0; d < dim; d++) score += (query[d] ?? 0) * (unit[row * dim + d] ?? 0);
    scored.push({ id: other, score });
  });
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}
