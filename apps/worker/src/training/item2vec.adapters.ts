// The worker's numerics adapters for the training job: item2vec training on worker threads, next-item
// evaluation against popularity and item-kNN (the same scorers the API serves), and packaging of the artifacts.

import {
  buildItemKnn,
  encodeSessions,
  evaluateNextItem,
  itemKnnScorer,
  leaveLastOutCases,
  normalizeRows,
  popularityScorer,
  trainItem2vec,
  vocabularyFrom,
  type ScoringModel,
  type NextItemScorer,
  type Vocabulary,
} from '@shopspace/item2vec';
import type {
  Embedding,
  EmbeddingTrainer,
  Evaluation,
  ModelPackager,
  NextItemEvaluator,
  RankingFigures,
  TrainConfig,
  TrainHooks,
} from '@shopspace/domain';
import { TsneRun, servedScorers, type BundleInput, type ModelLayout } from '@shopspace/serving';
import { buildVectorIndex } from '@shopspace/vector-index';

export class Item2vecTrainer implements EmbeddingTrainer {
  constructor(private readonly threads: number | 'auto' = 'auto') {}

  async train(
    sessions: readonly (readonly string[])[],
    config: TrainConfig,
    hooks: TrainHooks,
  ): Promise<Embedding> {
    const model = await trainItem2vec(
      sessions,
      {
        mode: config.algorithm === 'item2vec-sg' ? 'skipgram' : 'cbow',
        dim: config.dimensions,
        window: config.window,
        negative: config.negatives,
        epochs: config.epochs,
        minCount: config.minCount,
        sample: config.subsample,
        seed: config.seed,
        threads: this.threads,
      },
      { onProgress: hooks.onProgress, signal: hooks.signal },
    );
    return { skus: model.vocabulary.ids, dim: model.dim, vectors: normalizeRows(model.vectors, model.dim) };
  }
}

const figures = (m: { hitRate: number; ndcg: number; mrr: number }): RankingFigures => ({
  'hr@10': round(m.hitRate),
  'ndcg@10': round(m.ndcg),
  mrr: round(m.mrr),
});
const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The catalog of a model: every item seen in its sessions (minCount applies to vectors, not to ranking). */
export function catalogOf(sessions: readonly (readonly string[])[]): Vocabulary {
  const counts = new Map<string, number>();
  for (const s of sessions) for (const sku of s) counts.set(sku, (counts.get(sku) ?? 0) + 1);
  const ids = [...counts.keys()];
  return vocabularyFrom(
    ids,
    Int32Array.from(ids, (id) => counts.get(id) ?? 0),
  );
}

export interface Scorers {
  readonly catalog: Vocabulary;
  readonly item2vec: NextItemScorer;
  readonly itemKnn: NextItemScorer;
  readonly popularity: NextItemScorer;
  readonly served: NextItemScorer;
}

export function buildScorers(
  sessions: readonly (readonly string[])[],
  embedding: Embedding,
  blend: number,
  recencyDecay: number,
  topN?: number,
): Scorers {
  const catalog = catalogOf(sessions);
  // Cosine scoring reads the unit vectors by sku; a trained embedding is exactly that.
  const model: ScoringModel = {
    vocabulary: vocabularyFrom(embedding.skus, new Int32Array(embedding.skus.length)),
    dim: embedding.dim,
    vectors: embedding.vectors,
    outputVectors: new Float32Array(0),
  };
  const knn = buildItemKnn(encodeSessions(catalog, sessions), catalog.ids.length, topN ? { topN } : {});
  const { item2vec, served } = servedScorers(model, catalog, knn, blend, recencyDecay);
  // The baseline is the shared anchor's item-kNN (a plain sum), not the recency-weighted one the blend uses.
  const itemKnn = itemKnnScorer(knn);
  return { catalog, item2vec, itemKnn, popularity: popularityScorer(catalog.counts), served };
}

export class Item2vecEvaluator implements NextItemEvaluator {
  evaluate(
    train: readonly (readonly string[])[],
    test: readonly (readonly string[])[],
    embedding: Embedding,
    config: TrainConfig,
  ): Evaluation {
    const s = buildScorers(train, embedding, config.blend, config.recencyDecay);
    const { cases, skipped } = leaveLastOutCases(s.catalog, test);
    const n = s.catalog.ids.length;
    const item2vec = figures(evaluateNextItem(cases, n, s.item2vec));
    const itemKnn = figures(evaluateNextItem(cases, n, s.itemKnn));
    const popularity = figures(evaluateNextItem(cases, n, s.popularity));
    const blend = config.blend > 0 ? figures(evaluateNextItem(cases, n, s.served)) : undefined;
    return {
      served: blend ?? item2vec,
      item2vec,
      baselines: { popularity, itemKnn, ...(blend ? { blend } : {}) },
      cases: cases.length,
      skipped,
    };
  }
}

export class Item2vecPackager implements ModelPackager {
  async pack(embedding: Embedding, sessions: readonly (readonly string[])[], config: TrainConfig): Promise<BundleInput> {
    const catalog = catalogOf(sessions);
    const knn = buildItemKnn(encodeSessions(catalog, sessions), catalog.ids.length, { topN: 100 });
    // Vectors in catalog order; items without a vector (below minCount) keep a zero row.
    const vectors = new Float32Array(catalog.ids.length * embedding.dim);
    const index = new Map(embedding.skus.map((sku, i) => [sku, i]));
    catalog.ids.forEach((sku, row) => {
      const i = index.get(sku);
      if (i !== undefined)
        vectors.set(embedding.vectors.subarray(i * embedding.dim, (i + 1) * embedding.dim), row * embedding.dim);
    });
    // HNSW (or an exact index for a small catalog), its ef calibrated once here and kept in the manifest.
    const ann = buildVectorIndex(vectors, embedding.dim);
    const layout = await mapLayout(vectors, embedding.dim, catalog.counts);
    return {
      vocabulary: { skus: catalog.ids, counts: catalog.counts },
      settings: { algorithm: config.algorithm, blend: config.blend, recencyDecay: config.recencyDecay },
      vectors: { dim: embedding.dim, vectors },
      knn,
      ann,
      ...(layout ? { layout } : {}),
    };
  }
}

/** Items on the embedding map: the most frequent ones with a vector (t-SNE is O(n²) a step). */
export const MAP_ITEMS = 2_000;
export const MAP_PERPLEXITY = 30;

/**
 * The embedding map's layout, computed once per model rather than per request: t-SNE of the MAP_ITEMS most
 * frequent items with a vector (about 4 s for 2,000 on one core). The steps run in slices that give the event
 * loop a turn, so the job keeps renewing its lock and writing progress meanwhile.
 */
export async function mapLayout(
  vectors: Float32Array,
  dim: number,
  counts: ArrayLike<number>,
  items = MAP_ITEMS,
): Promise<ModelLayout | undefined> {
  if (dim === 0) return undefined;
  const rows = Array.from({ length: counts.length }, (_, i) => i)
    .sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b)
    .filter((i) => vectors.subarray(i * dim, (i + 1) * dim).some((x) => x !== 0))
    .slice(0, items);
  if (rows.length < 2) return undefined;
  const run = new TsneRun(vectors, dim, rows, { perplexity: MAP_PERPLEXITY });
  for (let slice = 0; run.step(); slice++)
    if (slice % 25 === 24) await new Promise<void>((resolve) => setImmediate(resolve));
  const { points, perplexity } = run.result();
  return { rows: Int32Array.from(rows), points: Float32Array.from(points), perplexity };
}
