// The ranker half of the chooser: generators refit before a window that precedes validation, examples from
// that window (features computed as they would be at serving time), and a coordinate search over the ranker's
// hyper-parameters judged on the validation cases.
import { deriveSeed } from '@shopspace/item2vec';
import type { ItemSide } from '../data/item-side.ts';
import type { NextItemCase } from '../data/session-query.ts';
import { seenItems, sessionCount, sliceLog, type SessionLog } from '../data/session-log.ts';
import { evaluationFromRanks, type Evaluation } from '../eval/next-item.evaluation.ts';
import { restrictUnion, type CandidateUnion } from '../features/candidate-union.ts';
import { FeatureExtractor } from '../features/feature-extractor.ts';
import type { CandidateGenerator } from '../generators/candidate-generator.ts';
import type { GlmixModel } from '../glmix/glmix.model.ts';
import { RankingError, RankingErrorCode } from '../ranking.errors.ts';
import { fitRankerModel, rankerSources, type RankerSources, type SourceNames } from '../ranker/fit-ranker.ts';
import { Ranker, topOf } from '../ranker/ranker.ts';
import {
  buildRankerExamples,
  prefixCases,
  selectCases,
  unionsOf,
  type ExampleOptions,
  type PrefixMode,
  type RankerExamples,
} from '../ranker/training-examples.ts';
import type { GeneratorFactory } from './generator-factories.ts';
import type { RankerConfig } from './pipeline-description.ts';
import { carveWindow, type WindowRule } from './time-windows.ts';

export interface RankerSearch {
  /** Each list's first value is the starting point; the others are tried one coordinate at a time. */
  readonly perGenerator?: readonly number[];
  readonly l2?: readonly number[];
  readonly itemL2?: readonly number[];
  readonly userL2?: readonly number[];
  readonly prefixModes?: readonly PrefixMode[];
  /** Training queries per window at most. Default 3000. */
  readonly maxQueries?: number;
  /** Items sampled ∝ sqrt(popularity) per query. Default 4. */
  readonly sampledNegatives?: number;
  /** Union negatives kept per training query (importance-weighted). Default 40. */
  readonly maxNegatives?: number;
}

export interface RankerTrial {
  readonly config: RankerConfig;
  readonly hitRate: number;
  readonly ndcg: number;
  readonly mrr: number;
  readonly iterations: number;
  readonly rows: number;
  readonly seconds: number;
}

export const DEFAULT_SEARCH = {
  perGenerator: [50, 25, 100],
  l2: [1, 10],
  itemL2: [10, 30, 0],
  userL2: [0, 10],
  prefixModes: ['last', 'mixed'] as PrefixMode[],
};

export interface RankerStageInput {
  readonly log: SessionLog;
  readonly items: ItemSide;
  readonly factories: readonly GeneratorFactory[];
  readonly search: Required<Pick<RankerSearch, 'perGenerator' | 'l2' | 'itemL2' | 'userL2' | 'prefixModes'>> &
    RankerSearch;
  readonly seed: number;
  readonly k: number;
  readonly gap: number;
  readonly validationFrom: number;
  readonly trainV: SessionLog;
  readonly validationCases: readonly NextItemCase[];
  readonly bests: ReadonlyArray<{ g: CandidateGenerator; e: Evaluation }>;
  /** How the ranker's training window is carved before validation. */
  readonly window: WindowRule;
  readonly progress: (step: string) => void;
}

export interface RankerStage {
  readonly window: { from: number; to: number; queries: number };
  readonly trials: RankerTrial[];
  readonly best: { hitRate: number; ndcg: number; mrr: number };
  readonly bestConfig: RankerConfig;
  readonly bestModel: GlmixModel;
  readonly generatorsV: readonly CandidateGenerator[];
  readonly sourcesV: RankerSources;
  readonly extractorV: FeatureExtractor;
  readonly featureNames: readonly string[];
  readonly examples: (perGenerator: number, mode: PrefixMode) => RankerExamples;
}

/** Fits rankers on the window before validation and keeps the best on validation; null when data is too thin. */
export async function searchRanker(input: RankerStageInput): Promise<RankerStage | null> {
  const { log, items, factories, search, seed, k, gap, validationFrom, trainV, validationCases, progress } = input;
  const rankerTo = validationFrom - gap;
  const rankerFrom = carveWindow(trainV, rankerTo, input.window);
  const trainR = sliceLog(log, -Infinity, rankerFrom - gap);
  if (sessionCount(trainR) === 0) return null;
  progress(`ranker window: fitting generators on ${sessionCount(trainR)} sessions`);
  const variantsR = await buildAll(factories, trainR, items);
  const byName = new Map(variantsR.map((g) => [g.name, g]));
  // Families whose best variant exists in both fits (an embedding may fail to train on the smaller log).
  const usable = input.bests.filter((b) => byName.has(b.g.name));
  if (usable.length === 0) return null;
  const generatorsV = usable.map((b) => b.g);
  const generatorsR = usable.map((b) => byName.get(b.g.name) as CandidateGenerator);
  const sourcesR = rankerSources(generatorsR, trainR, items);
  const sourcesV = rankerSources(generatorsV, trainV, items);
  if (!sameSources(sourcesR.names, sourcesV.names)) return null;
  const extractorR = new FeatureExtractor({ ...sourcesR.sources, generatorNames: generatorsR.map((g) => g.name) });
  const extractorV = new FeatureExtractor({ ...sourcesV.sources, generatorNames: generatorsV.map((g) => g.name) });
  const featureNames = extractorV.names;
  const knownR = seenItems(trainR);
  const maxQueries = search.maxQueries ?? 3000;
  const nMax = Math.max(...search.perGenerator);
  // Unions are computed once at the largest n and cut down per trial: generators are the expensive part.
  const windows = new Map<PrefixMode, { cases: readonly NextItemCase[]; unions: CandidateUnion[] }>();
  const windowFor = (mode: PrefixMode) => {
    let w = windows.get(mode);
    if (!w) {
      const all = prefixCases(log, { from: rankerFrom, to: rankerTo }, knownR, { mode, seed: deriveSeed(seed, 21) });
      const cases = selectCases(all, maxQueries, deriveSeed(seed, 23));
      w = { cases, unions: unionsOf(cases, generatorsR, log.itemCount, nMax) };
      windows.set(mode, w);
    }
    return w;
  };
  if (windowFor('last').cases.length < 30) return null;
  const cache = new Map<string, RankerExamples>();
  const examples = (perGenerator: number, mode: PrefixMode): RankerExamples => {
    const key = `${perGenerator}|${mode}`;
    let ex = cache.get(key);
    if (!ex) {
      const w = windowFor(mode);
      const unions = w.unions.map((u) => restrictUnion(u, perGenerator));
      ex = buildRankerExamples(
        w.cases,
        unions,
        extractorR,
        sourcesR.sources.stats.sessions,
        exampleOptions(search, perGenerator, deriveSeed(seed, 22)),
      );
      cache.set(key, ex);
    }
    return ex;
  };
  progress(`  validation unions of ${validationCases.length} cases at n=${nMax}`);
  const validationUnions = unionsOf(validationCases, generatorsV, log.itemCount, nMax);

  const trials: RankerTrial[] = [];
  const models = new Map<string, GlmixModel>();
  const keyOf = (c: RankerConfig): string => JSON.stringify(c);
  const tryConfig = (config: RankerConfig): RankerTrial => {
    const done = trials.find((t) => keyOf(t.config) === keyOf(config));
    if (done) return done;
    const t0 = performance.now();
    const ex = examples(config.perGenerator, config.prefixMode);
    const fitted = fitRankerModel([ex], featureNames, config, sizes(log));
    const ranker = new Ranker({
      generators: generatorsV,
      sources: sourcesV.sources,
      standardizer: fitted.standardizer,
      model: fitted.model,
      perGenerator: config.perGenerator,
    });
    const ranks = new Float64Array(validationCases.length);
    validationCases.forEach((c, i) => {
      const union = restrictUnion(validationUnions[i] as CandidateUnion, config.perGenerator);
      const at = topOf(ranker.scoreUnion(c.query, union), k).items.indexOf(c.target);
      ranks[i] = at >= 0 ? at : Infinity;
    });
    const e = evaluationFromRanks(ranks, k);
    const trial = {
      config,
      hitRate: e.hitRate.mean,
      ndcg: e.ndcg.mean,
      mrr: e.mrr.mean,
      iterations: fitted.fit.iterations,
      rows: fitted.rows,
      seconds: (performance.now() - t0) / 1000,
    };
    trials.push(trial);
    models.set(keyOf(config), fitted.model);
    progress(
      `  ranker ${describeConfig(config)}: NDCG@${k} ${trial.ndcg.toFixed(4)} (${trial.rows} rows, ${trial.iterations} sweeps, ${trial.seconds.toFixed(1)} s)`,
    );
    return trial;
  };

  let best = tryConfig({
    perGenerator: search.perGenerator[0] ?? 50,
    l2: search.l2[0] ?? 1,
    itemL2: search.itemL2[0] ?? 10,
    userL2: input.log.userCount > 0 ? (search.userL2[0] ?? 0) : 0,
    prefixMode: search.prefixModes[0] ?? 'last',
  });
  const coordinates: Array<[keyof RankerConfig, readonly (number | PrefixMode)[]]> = [
    ['perGenerator', search.perGenerator],
    ['itemL2', search.itemL2],
    ['userL2', input.log.userCount > 0 ? search.userL2 : []],
    ['l2', search.l2],
    ['prefixMode', search.prefixModes],
  ];
  for (const [field, values] of coordinates) {
    for (const value of values.slice(1)) {
      const trial = tryConfig({ ...best.config, [field]: value });
      if (trial.ndcg > best.ndcg) best = trial;
    }
  }
  return {
    window: { from: rankerFrom, to: rankerTo, queries: windowFor(best.config.prefixMode).cases.length },
    trials,
    best: { hitRate: best.hitRate, ndcg: best.ndcg, mrr: best.mrr },
    bestConfig: best.config,
    bestModel: models.get(keyOf(best.config)) as GlmixModel,
    generatorsV,
    sourcesV: sourcesV.sources,
    extractorV,
    featureNames,
    examples,
  };
}

export async function buildAll(
  factories: readonly GeneratorFactory[],
  log: SessionLog,
  items: ItemSide,
  /** The log a factory is fit on, when it differs from `log` (a family's own validation gap). */
  logFor: (factory: GeneratorFactory) => SessionLog = () => log,
): Promise<CandidateGenerator[]> {
  const all: CandidateGenerator[] = [];
  for (const f of factories) all.push(...(await f.build(logFor(f), items)));
  const names = new Set<string>();
  for (const g of all) {
    if (names.has(g.name))
      throw new RankingError(RankingErrorCode.InvalidConfig, `two generators are named ${g.name}`, 'factories');
    names.add(g.name);
  }
  return all;
}

export function exampleOptions(search: RankerSearch, perGenerator: number, seed: number): ExampleOptions {
  return {
    perGenerator,
    seed,
    ...(search.sampledNegatives === undefined ? {} : { sampledNegatives: search.sampledNegatives }),
    ...(search.maxNegatives === undefined ? {} : { maxNegatives: search.maxNegatives }),
  };
}

export function sizes(log: SessionLog): { itemCount: number; userCount: number } {
  return { itemCount: log.itemCount, userCount: log.userCount };
}

function sameSources(a: SourceNames, b: SourceNames): boolean {
  return a.history === b.history && a.knn === b.knn && a.embedding === b.embedding;
}

function describeConfig(c: RankerConfig): string {
  return `n=${c.perGenerator} l2=${c.l2} item=${c.itemL2} user=${c.userL2} ${c.prefixMode}`;
}
