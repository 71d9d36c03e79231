// Session scoring with item2vec vectors over a catalog: the (recency-weighted) mean of the context's unit
// vectors against every item's unit vector (cosine, what an HNSW index over the vectors serves), or against
// the output vectors (the CBOW prediction itself). Items without a vector score -Infinity.
import type { Vocabulary } from '../corpus/vocabulary.ts';
import type { NextItemScorer } from '../eval/next-item.eval.ts';
import { normalizeRows, type Item2vecModel } from '../model/item2vec.model.ts';
import { recencyWeights } from './recency.ts';

export interface Item2vecScorerOptions {
  /** 'cosine' (default): unit context mean · unit item vector. 'output': context mean of input vectors · output vector. */
  readonly similarity?: 'cosine' | 'output';
  /** Weight of each step back from the most recent context item; 1 (default) is the plain mean. */
  readonly recencyDecay?: number;
}

/** What scoring reads of a model: the vectors of its vocabulary (a loaded version has no training config). */
export type ScoringModel = Pick<Item2vecModel, 'vocabulary' | 'dim' | 'vectors' | 'outputVectors'>;

export function item2vecScorer(
  model: ScoringModel,
  catalog: Vocabulary,
  options: Item2vecScorerOptions = {},
): NextItemScorer {
  const { dim } = model;
  const similarity = options.similarity ?? 'cosine';
  const decay = options.recencyDecay ?? 1;
  const inputs = similarity === 'cosine' ? normalizeRows(model.vectors, dim) : model.vectors;
  const candidates = similarity === 'cosine' ? inputs : model.outputVectors;
  // Catalog-aligned copies so the scoring loop is one pass over contiguous rows.
  const known = new Uint8Array(catalog.ids.length);
  const contextRows = new Float32Array(catalog.ids.length * dim);
  const candidateRows = new Float32Array(catalog.ids.length * dim);
  catalog.ids.forEach((id, index) => {
    const row = model.vocabulary.indexOf.get(id);
    if (row === undefined) return;
    known[index] = 1;
    contextRows.set(inputs.subarray(row * dim, (row + 1) * dim), index * dim);
    candidateRows.set(candidates.subarray(row * dim, (row + 1) * dim), index * dim);
  });
  const query = new Float64Array(dim);

  return {
    score(context, scores) {
      query.fill(0);
      const weights = recencyWeights(context.length, decay);
      let total = 0;
      context.forEach((item, position) => {
        if (known[item] !== 1) return;
        const weight = weights[position] ?? 1;
        total += weight;
        for (let d = 0; d < dim; d++) query[d] = (query[d] ?? 0) + weight * (contextRows[item * dim + d] ?? 0);
      });
      if (total === 0) {
        scores.fill(-Infinity); // no known context: nothing to say (serving falls back to popularity)
        return;
      }
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += (query[d] ?? 0) ** 2;
      // Cosine needs a unit query; the output logit uses the weighted mean, as CBOW trained it.
      const scale = similarity === 'cosine' ? 1 / Math.sqrt(norm || 1) : 1 / total;
      for (let d = 0; d < dim; d++) query[d] = (query[d] ?? 0) * scale;
      for (let item = 0; item < known.length; item++) {
        if (known[item] !== 1) {
          scores[item] = -Infinity;
          continue;
        }
        let dot = 0;
        const base = item * dim;
        for (let d = 0; d < dim; d++) dot += (query[d] ?? 0) * (candidateRows[base + d] ?? 0);
        scores[item] = dot;
      }
    },
  };
}
