// The pipelines of a model version in memory: the one it serves (a generator alone, or the GLMix ranker over
// their union) and, for experiments, each family's best generator pinned alone. Decoded once per version, with
// the item2vec generator searching the bundle's ANN index; the very objects the training run evaluated.

import {
  decodePipeline,
  pinGenerator,
  TOWER_DECAYS,
  towerGenerator,
  towerGeneratorName,
  type CandidateGenerator,
  type TowerSpace,
  type ItemEmbedding,
  type NeighbourSearch,
  type ServedPipeline,
} from '@shopspace/ranking';
import type { VectorIndex } from '@shopspace/vector-index';
import { alternativeFamilies, pipelineFilesOf, type PipelineFiles } from './bundle/components/pipeline.component.ts';

/**
 * Strategies a variant can serve: the served pipeline, the ranker, one family's generator alone, or the ranker's
 * candidates re-ranked by the shop's response model (full, or its global-only counterpart; response-serving.ts:
 * the recommendation service resolves those two, a pipeline set has neither).
 */
export const PIPELINE_STRATEGIES = [
  'served',
  'ranker',
  'item2vec',
  'item-knn',
  'session-knn',
  'popularity',
  'user-history',
  'response',
  'response-global',
  'tower',
] as const;
export type PipelineStrategy = (typeof PIPELINE_STRATEGIES)[number];

/** A search port over an ANN index of every catalog row that never returns a row without a vector. */
export function embeddingSearch(index: VectorIndex, embedding: ItemEmbedding): NeighbourSearch {
  const { dim, vectors } = embedding;
  const has = new Uint8Array(dim > 0 ? vectors.length / dim : 0);
  for (let i = 0; i < has.length; i++) if (vectors.subarray(i * dim, (i + 1) * dim).some((x) => x !== 0)) has[i] = 1;
  return (query, k, allow) => {
    const found = index.search(query, k, (label) => has[label] === 1 && (allow ? allow(label) : true));
    return { labels: found.labels, scores: found.scores };
  };
}

export class PipelineSet {
  private constructor(
    readonly served: ServedPipeline,
    private readonly families: ReadonlyMap<string, ServedPipeline>,
  ) {}

  /**
   * `tower`: the version's feature tower, passed to its pipelines as the external tower generators; they
   * propose the model's own items only (`labelLimit`), since a ranker's union covers the model's catalog.
   */
  static decode(
    files: PipelineFiles,
    ann: VectorIndex | undefined,
    tower?: { readonly space: TowerSpace; readonly labelLimit: number },
  ): PipelineSet {
    const external: Record<string, CandidateGenerator> = {};
    if (tower)
      for (const decay of TOWER_DECAYS)
        external[towerGeneratorName(decay)] = towerGenerator(tower.space, { decay, labelLimit: tower.labelLimit });
    const options = { ...(ann ? { searchFor: (e: ItemEmbedding) => embeddingSearch(ann, e) } : {}), external };
    const served = decodePipeline(pipelineFilesOf(files, 'served'), options);
    const families = new Map<string, ServedPipeline>();
    // The served pipeline's own generators first (no second copy in memory), then the pinned alternatives.
    for (const g of served.generators)
      if (!families.has(g.family)) families.set(g.family, pinGenerator(g, served.description.fittedAt));
    for (const family of alternativeFamilies(files))
      if (!families.has(family)) families.set(family, decodePipeline(pipelineFilesOf(files, `alt-${family}`), options));
    return new PipelineSet(served, families);
  }

  /** When the served pipeline was fit (the end of its log, ms). */
  get fittedAt(): number {
    return this.served.description.fittedAt;
  }

  family(name: string): ServedPipeline | undefined {
    return this.families.get(name);
  }

  /**
   * What serves a strategy: the served pipeline; the ranker (served, or kept beside a generator that beat it on
   * validation); a family's generator
   * alone. Null when the version has no such thing (the caller falls back and says so).
   */
  pick(strategy: PipelineStrategy): ServedPipeline | null {
    if (strategy === 'served') return this.served;
    if (strategy === 'ranker')
      return this.served.kind === 'ranker' ? this.served : (this.families.get('ranker') ?? null);
    if (strategy === 'response' || strategy === 'response-global') return null;
    return this.families.get(strategy) ?? null;
  }
}
