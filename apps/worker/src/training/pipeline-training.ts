// A shop's training run, on a worker thread: its sessions as a log over the catalog, the served pipeline chosen
// on a validation period carved from the training split (every generator alone and the GLMix ranker over
// their union, @shopspace/ranking), every candidate measured on the held-out test split, the choice refit on
// all sessions, and the model version's bundle encoded (the pipeline, the item2vec vectors with their ANN
// index for similar items, the embedding map's layout).

import {
  buildSessionLog,
  choosePipeline,
  evaluateRecommender,
  isServable,
  isTowerGenerator,
  type CandidateGenerator,
  logEnd,
  nextItemCases,
  pinGenerator,
  seenItems,
  sliceLog,
  type ChosenPipeline,
  type EmbeddingTrainer,
  type Evaluation,
  type ItemEmbedding,
  type ItemSide,
  type NeighbourSearch,
  type RankerConfig,
  type ServedPipeline,
  type SessionLog,
} from '@shopspace/ranking';
import { trainItem2vec } from '@shopspace/item2vec';
import { buildVectorIndex, type VectorIndex } from '@shopspace/vector-index';
import { embeddingSearch, encodeBundle, type BundleInput, type EncodedBundle } from '@shopspace/serving';
import type { CatalogEntry, SessionRecord, TrainConfig } from '@shopspace/domain';
import { mapLayout } from './layout-map.ts';
import { alternativesByFamily, pipelineFiles } from './pipeline-files.ts';
import { trainUserModel } from './user-training.ts';
import {
  coldWarmFigures,
  featuresByIndex,
  towerParts,
  towerTrainer,
  type TrainedTowerSpace,
} from './tower-training.ts';

export interface PipelineTrainingInput {
  readonly sessions: readonly SessionRecord[];
  readonly catalog: readonly CatalogEntry[];
  readonly config: TrainConfig;
  readonly testFrom: number;
  readonly gapFrom: number;
  readonly trainerThreads: number | 'auto';
}

export interface PipelineTrainingOutput {
  readonly bundle: EncodedBundle;
  readonly metrics: Record<string, unknown>;
  readonly itemCount: number;
  readonly dimensions: number;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** HR@10 / NDCG@10 / MRR with NDCG's 95 % interval, as metrics keep them. */
export function figures(e: Evaluation): Record<string, number> {
  return {
    'hr@10': round(e.hitRate.mean),
    'ndcg@10': round(e.ndcg.mean),
    mrr: round(e.mrr.mean),
    'ndcg@10Low': round(e.ndcg.low),
    'ndcg@10High': round(e.ndcg.high),
  };
}

/** Price, top-level category and first sighting per catalog index (the ranker's item features). */
export function itemSideOf(catalog: readonly CatalogEntry[], ids: readonly string[], log: SessionLog): ItemSide {
  const bySku = new Map(catalog.map((c) => [c.sku, c]));
  const categories = new Map<string, number>();
  const n = ids.length;
  const price = new Float64Array(n).fill(Number.NaN);
  const category = new Int32Array(n).fill(-1);
  const firstSeen = new Float64Array(n).fill(Number.NaN);
  for (let s = 0; s + 1 < log.offsets.length; s++)
    for (let k = log.offsets[s] ?? 0; k < (log.offsets[s + 1] ?? 0); k++) {
      const item = log.items[k] ?? 0;
      if (Number.isNaN(firstSeen[item] ?? 0)) firstSeen[item] = log.startedAt[s] ?? Number.NaN;
    }
  ids.forEach((sku, i) => {
    const c = bySku.get(sku);
    if (!c) return;
    if (c.price !== null && Number.isFinite(c.price)) price[i] = c.price;
    if (c.category) {
      let id = categories.get(c.category);
      if (id === undefined) categories.set(c.category, (id = categories.size));
      category[i] = id;
    }
    // An item uploaded after its first sessions (an imported history) entered the shop when first seen.
    firstSeen[i] = Math.min(firstSeen[i] ?? Infinity, c.createdAt);
  });
  return { price, category, firstSeen };
}

/** item2vec with the run's settings on a log (catalog indices as words), mapped back to catalog rows. */
function embeddingTrainer(config: TrainConfig, threads: number | 'auto', signal: AbortSignal): EmbeddingTrainer {
  return async (log) => {
    const sessions: string[][] = [];
    for (let s = 0; s + 1 < log.offsets.length; s++) {
      const from = log.offsets[s] ?? 0;
      const to = log.offsets[s + 1] ?? from;
      if (to - from >= 2) sessions.push(Array.from(log.items.subarray(from, to), String));
    }
    if (sessions.length === 0) return null;
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
        threads,
      },
      { signal },
    );
    const vectors = new Float32Array(log.itemCount * model.dim);
    model.vocabulary.ids.forEach((id, row) => {
      const v = model.vectors.subarray(row * model.dim, (row + 1) * model.dim);
      let norm = 0;
      for (const x of v) norm += x * x;
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      const at = Number(id) * model.dim;
      for (let d = 0; d < model.dim; d++) vectors[at + d] = (v[d] ?? 0) * inv;
    });
    return { dim: model.dim, vectors };
  };
}

/**
 * The ANN index of an embedding over every catalog row (labels are catalog indices; rows without a vector
 * are zero and never returned), built once per embedding and shared by its search port and the bundle.
 */
class EmbeddingIndexes {
  private readonly built = new Map<ItemEmbedding, VectorIndex>();

  of(embedding: ItemEmbedding): VectorIndex {
    let index = this.built.get(embedding);
    if (!index) {
      index = buildVectorIndex(embedding.vectors, embedding.dim);
      this.built.set(embedding, index);
    }
    return index;
  }

  search(embedding: ItemEmbedding): NeighbourSearch {
    return embeddingSearch(this.of(embedding), embedding);
  }
}

/** The trained tower among generators (every tower variant of one fit shares it). */
function towerOf(generators: Iterable<CandidateGenerator>): TrainedTowerSpace | null {
  for (const g of generators) if (isTowerGenerator(g)) return g.space as TrainedTowerSpace;
  return null;
}

function embeddingOf(pipelines: Iterable<ServedPipeline>): ItemEmbedding | null {
  for (const p of pipelines)
    for (const g of p.generators) if (isServable(g) && g.component.family === 'item2vec') return g.component.embedding;
  return null;
}

export async function trainPipelineModel(
  input: PipelineTrainingInput,
  progress: (fraction: number) => void,
  signal: AbortSignal = new AbortController().signal,
): Promise<PipelineTrainingOutput> {
  const { config } = input;
  const started = performance.now();
  // The catalog was read just before the run: an item changed after this is embedded again by the API.
  const catalogReadAt = Date.now();
  const { log, catalog, users } = buildSessionLog(
    input.sessions.map((s) => ({ skus: s.skus, startedAt: s.startedAt, userId: s.userId })),
    { minItems: 2 },
  );
  const items = itemSideOf(input.catalog, catalog.ids, log);
  const train = sliceLog(log, -Infinity, input.gapFrom);
  const test = nextItemCases(log, { from: input.testFrom, to: Infinity }, seenItems(train));
  const indexes = new EmbeddingIndexes();
  let steps = 0;
  const stage = (from: number, to: number) => () => progress(from + (to - from) * (1 - Math.pow(0.85, ++steps)));
  const options = {
    embedding: embeddingTrainer(config, input.trainerThreads, signal),
    item2vec: { searchFor: (e: ItemEmbedding) => indexes.search(e) },
    ...(config.towerExamples > 0
      ? { tower: towerTrainer(featuresByIndex(input.catalog, catalog.ids), config, signal) }
      : {}),
    gapDays: config.gapDays,
    seed: config.seed,
  };

  // 1. The choice on the training split, measured on the test split.
  const chosen = await choosePipeline(train, items, { ...options, onProgress: stage(0.02, 0.55) });
  signal.throwIfAborted();
  progress(0.55);
  const servedEval = evaluateRecommender(test.cases, (q, k) => chosen.served.recommend(q, k));
  const generators: Record<string, Record<string, number>> = {};
  for (const g of chosen.alternatives)
    generators[g.name] = figures(evaluateRecommender(test.cases, (q, k) => g.propose(q, k)));
  const ranker = chosen.ranker;
  if (ranker) generators['ranker'] = figures(evaluateRecommender(test.cases, (q, k) => ranker.recommend(q, k)));
  const named = (name: string) => generators[name] ?? null;
  const item2vecBest = Object.entries(generators)
    .filter(([name]) => name.startsWith('item2vec'))
    .sort((a, b) => (b[1]['ndcg@10'] ?? 0) - (a[1]['ndcg@10'] ?? 0))[0];
  // Warm and cold cases apart: the tower alone (fit on the training split) and the served pipeline.
  const coldWarm = coldWarmFigures(log, input.testFrom, input.gapFrom, towerOf(chosen.alternatives), chosen.served);
  progress(0.6);

  // 2. The same choice refit on every session (the test period included) for serving.
  const refit = config.refit && test.cases.length > 0;
  let final: ChosenPipeline = chosen;
  if (refit) {
    steps = 0;
    // The ranker keeps its validated configuration; it is served again only if it was served.
    const c: RankerConfig | undefined = chosen.ranker?.description.ranker?.config;
    const rankerServed = chosen.served.kind === 'ranker';
    // The tower is validated again only when the served ranker's union holds it (its validation fit is its
    // most expensive step; a generator's refit keeps the first verdict anyway).
    const towerInRanker = rankerServed && chosen.served.generators.some((g) => g.family === 'tower');
    final = await choosePipeline(log, items, {
      ...options,
      ...(towerInRanker ? {} : { fitOnly: ['tower'] }),
      onProgress: stage(0.6, 0.9),
      ...(c
        ? {
            ranker: {
              perGenerator: [c.perGenerator],
              l2: [c.l2],
              itemL2: [c.itemL2],
              userL2: [c.userL2],
              prefixModes: [c.prefixMode],
            },
            minRankerGain: rankerServed ? -Infinity : Infinity,
          }
        : { ranker: false }),
    });
    if (!rankerServed) {
      // A generator was chosen: the same variant, refit.
      const same = final.alternatives.find((g) => g.name === chosen.served.name);
      if (same) final = { ...final, served: pinGenerator(same, logEnd(log), chosen.served.summary) };
    }
  }
  signal.throwIfAborted();
  progress(0.88);

  // 3. The user model, chosen on the shop's own shoppers, and its daily batch of lists.
  const userModel = trainUserModel(input.sessions, users.ids, catalog.ids, logEnd(log), {
    seed: config.seed,
    onProgress: (f) => progress(0.88 + 0.07 * f),
  });
  signal.throwIfAborted();
  progress(0.95);

  // 4. The bundle.
  const alternatives = alternativesByFamily(final, logEnd(log));
  const embedding = embeddingOf([final.served, ...alternatives.values()]);
  const counts = new Int32Array(catalog.ids.length);
  for (const item of log.items) counts[item] = (counts[item] ?? 0) + 1;
  const input2: { -readonly [K in keyof BundleInput]: BundleInput[K] } = {
    vocabulary: { skus: catalog.ids, counts },
    settings: { algorithm: config.algorithm, blend: 0, recencyDecay: config.recencyDecay },
    pipeline: pipelineFiles(final, logEnd(log)),
    users: { ids: users.ids },
    ...(userModel ? { userLists: userModel.lists } : {}),
  };
  const tower = towerOf([...final.served.generators, ...final.alternatives]);
  if (tower) input2.tower = towerParts(tower, catalog.ids, input.catalog, catalogReadAt);
  let dimensions = 0;
  let withVectors: BundleInput = input2;
  if (embedding) {
    dimensions = embedding.dim;
    const layout = await mapLayout(embedding.vectors, embedding.dim, counts);
    withVectors = {
      ...input2,
      vectors: { dim: embedding.dim, vectors: embedding.vectors },
      ann: indexes.of(embedding),
      ...(layout ? { layout } : {}),
    };
  }
  const bundle = await encodeBundle('model', withVectors);
  progress(0.98);

  const choice = final.served.description;
  const metrics = {
    served: figures(servedEval),
    choice: {
      kind: chosen.served.kind,
      name: chosen.served.name,
      summary: chosen.served.summary,
      validation: chosen.served.description.validation,
      rankerTrials: chosen.report.rankerTrials.length,
      servedKind: choice.kind,
      servedSummary: choice.summary,
    },
    generators,
    ...(item2vecBest ? { item2vec: item2vecBest[1] } : {}),
    baselines: {
      ...(named('popularity') ? { popularity: named('popularity') } : {}),
      ...(named('item-knn(decay=1)') ? { itemKnn: named('item-knn(decay=1)') } : {}),
    },
    coldWarm,
    cases: test.cases.length,
    skipped: test.skipped,
    servedTrainedOn: refit ? 'all sessions' : 'training split',
    ...(userModel ? { users: userModel.metrics } : {}),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  return { bundle, metrics, itemCount: catalog.ids.length, dimensions };
}
