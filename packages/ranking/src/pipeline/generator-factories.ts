// How the chooser gets generators: a factory per family fits its index on a log and returns every variant
// worth trying (query-time parameters over one shared index, so variants cost little). Later generators (a
// feature tower, user models) plug in as further factories.
import type { ItemSide } from '../data/item-side.ts';
import type { SessionLog } from '../data/session-log.ts';
import type { CandidateGenerator } from '../generators/candidate-generator.ts';
import { generatorFromComponent, type ServableGenerator } from '../generators/generator-component.ts';
import { unitRows, type ItemEmbedding, type NeighbourSearch } from '../generators/item2vec.generator.ts';
import { buildItemKnnIndex } from '../generators/item-knn.generator.ts';
import { buildPopularity } from '../generators/popularity.generator.ts';
import { buildSessionKnnIndex } from '../generators/session-knn.generator.ts';
import { buildUserHistory } from '../generators/user-history.generator.ts';
import { towerGenerator, towerGeneratorName, type TowerSpace } from '../generators/tower.generator.ts';

export interface GeneratorFactory {
  readonly family: string;
  /**
   * Days left out before the validation period for this family alone when they exceed the chooser's gapDays
   * (the feature tower is validated as Avito does, after a month without retraining). Default none.
   */
  readonly validationGapDays?: number;
  /** Fits on `log` and returns the variants to try; names must be stable across logs (refits pick by name). */
  build(log: SessionLog, items: ItemSide): Promise<readonly CandidateGenerator[]> | readonly CandidateGenerator[];
}

/** Trains an item embedding on a log (item2vec in the product); null when the log is too small to train one. */
export type EmbeddingTrainer = (log: SessionLog) => Promise<ItemEmbedding | null>;

export function popularityFactory(options: { halfLivesDays?: readonly number[] } = {}): GeneratorFactory {
  const halfLives = options.halfLivesDays ?? [Infinity, 30, 7];
  return {
    family: 'popularity',
    build: (log) =>
      halfLives.map((h) => {
        const popularity = buildPopularity(log, { halfLifeDays: h });
        return generatorFromComponent(Number.isFinite(h) ? `popularity(halfLife=${h}d)` : 'popularity', {
          family: 'popularity',
          popularity,
          params: {},
        });
      }),
  };
}

export interface ItemKnnFactoryOptions {
  readonly decays?: readonly number[];
  /**
   * Neighbours kept per item. Default 200: on Online Retail uk the ranker scores the same with 200 as with 1000
   * (test NDCG@10 0.2543 vs 0.2548) at a fifth of the memory (8.8 MB vs 39 MB) and 25% less time per query;
   * item-kNN alone loses 0.006 HR@10 against all neighbours.
   */
  readonly topN?: number;
  /**
   * Serving bounds: context items weighing less than minWeight (default 1e-3: with decay 0.5 the newest 10)
   * or older than the newest maxContext (default 50) are skipped. On uk and eu test figures move by < 0.0005.
   */
  readonly minWeight?: number;
  readonly maxContext?: number;
}

export function itemKnnFactory(options: ItemKnnFactoryOptions = {}): GeneratorFactory {
  const decays = options.decays ?? [1, 0.7, 0.5, 0.3];
  return {
    family: 'item-knn',
    build(log) {
      const index = buildItemKnnIndex(log, { topN: options.topN ?? 200 });
      return decays.map((decay) =>
        generatorFromComponent(`item-knn(decay=${decay})`, {
          family: 'item-knn',
          index,
          params: { decay, minWeight: options.minWeight ?? 1e-3, maxContext: options.maxContext ?? 50 },
        }),
      );
    },
  };
}

export interface SessionKnnVariant {
  readonly k: number;
  readonly sampleSize: number;
  readonly weighting?: 'linear' | 'uniform';
  readonly maxContext?: number;
}

export function sessionKnnFactory(options: { variants?: readonly SessionKnnVariant[] } = {}): GeneratorFactory {
  // Serving variants match only the newest 20 context items: on uk and eu that is no worse than the whole
  // context (0.162 vs 0.153 NDCG@10 on uk), and a 500-item basket then costs what a 20-item one does.
  const variants = options.variants ?? [
    { k: 100, sampleSize: 1000, maxContext: 20 },
    { k: 50, sampleSize: 1000, maxContext: 20 },
    { k: 100, sampleSize: 250, maxContext: 20 },
  ];
  return {
    family: 'session-knn',
    build(log) {
      const index = buildSessionKnnIndex(log, { maxPerItem: Math.max(...variants.map((v) => v.sampleSize)) });
      return variants.map((v) => {
        const weighting = v.weighting ?? 'linear';
        const maxContext = v.maxContext ?? null;
        const name = `session-knn(k=${v.k},M=${v.sampleSize}${weighting === 'linear' ? '' : ',uniform'}${maxContext === null ? '' : `,L=${maxContext}`})`;
        return generatorFromComponent(name, {
          family: 'session-knn',
          index,
          params: { k: v.k, sampleSize: v.sampleSize, weighting, maxContext },
        });
      });
    },
  };
}

export function userHistoryFactory(options: { halfLivesDays?: readonly number[] } = {}): GeneratorFactory {
  const halfLives = options.halfLivesDays ?? [Infinity, 60];
  return {
    family: 'user-history',
    build(log) {
      if (log.userCount === 0) return [];
      return halfLives.map((h) =>
        generatorFromComponent(Number.isFinite(h) ? `user-history(halfLife=${h}d)` : 'user-history', {
          family: 'user-history',
          history: buildUserHistory(log, { halfLifeDays: h }),
          params: {},
        }),
      );
    },
  };
}

export interface Item2vecFactoryOptions {
  readonly decays?: readonly number[];
  /** The nearest-neighbour port per embedding (serving: an HNSW index). Default an exact scan. */
  readonly searchFor?: (embedding: ItemEmbedding) => NeighbourSearch;
}

export function item2vecFactory(train: EmbeddingTrainer, options: Item2vecFactoryOptions = {}): GeneratorFactory {
  const decays = options.decays ?? [1, 0.5, 0.2];
  return {
    family: 'item2vec',
    async build(log) {
      const trained = await train(log);
      if (!trained) return [];
      const embedding: ItemEmbedding = { dim: trained.dim, vectors: unitRows(trained.vectors, trained.dim) };
      const search = options.searchFor?.(embedding);
      return decays.map((decay): ServableGenerator =>
        generatorFromComponent(
          `item2vec(decay=${decay})`,
          { family: 'item2vec', embedding, params: { decay, maxContext: 50 } },
          search,
        ),
      );
    },
  };
}

/** Trains the feature tower on a log and embeds its items (labels = catalog indices); null when it cannot train. */
export type TowerTrainer = (log: SessionLog) => Promise<TowerSpace | null>;

export const TOWER_DECAYS: readonly number[] = [0.2, 0.5];

export interface TowerFactoryOptions {
  readonly decays?: readonly number[];
  /** Days left out before validation for the tower (validationGapDays). Default 30. */
  readonly gapDays?: number;
}

/** The feature tower as a family: one tower per log, its variants differing in the session query's decay. */
export function towerFactory(train: TowerTrainer, options: TowerFactoryOptions = {}): GeneratorFactory {
  const decays = options.decays ?? TOWER_DECAYS;
  return {
    family: 'tower',
    validationGapDays: options.gapDays ?? 30,
    async build(log) {
      const space = await train(log);
      if (!space) return [];
      return decays.map((decay) => towerGenerator(space, { decay, name: towerGeneratorName(decay) }));
    },
  };
}

/** The built-in families; item2vec only when a trainer is given (a shop without an embedding gets the rest). */
export function defaultFactories(
  options: {
    embedding?: EmbeddingTrainer;
    item2vec?: Item2vecFactoryOptions;
    tower?: TowerTrainer;
    towerOptions?: TowerFactoryOptions;
  } = {},
): GeneratorFactory[] {
  const factories = [popularityFactory(), itemKnnFactory(), sessionKnnFactory(), userHistoryFactory()];
  if (options.embedding) factories.push(item2vecFactory(options.embedding, options.item2vec));
  if (options.tower) factories.push(towerFactory(options.tower, options.towerOptions));
  return factories;
}
