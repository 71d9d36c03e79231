// Chooses what a shop serves on a validation period carved from the end of its training log: every generator
// variant alone and the GLMix ranker over the best variant of each family (a small coordinate search over its
// hyper-parameters), judged by NDCG@k on validation only. The ranker is served only if it beats every single
// generator there. The choice is then refit on the whole log; ranker examples come from windows whose
// features were computed by generators fit before them, as they are at serving time.
import { deriveSeed } from '@shopspace/item2vec';
import { checkItemSide, type ItemSide } from '../data/item-side.ts';
import type { NextItemCase } from '../data/session-query.ts';
import { nextItemCases } from '../data/session-query.ts';
import { checkSessionLog, logEnd, seenItems, sessionCount, sliceLog, type SessionLog } from '../data/session-log.ts';
import { evaluateRecommender, type Evaluation } from '../eval/next-item.evaluation.ts';
import { FeatureExtractor } from '../features/feature-extractor.ts';
import type { CandidateGenerator } from '../generators/candidate-generator.ts';
import { isServable } from '../generators/generator-component.ts';
import type { GlmixModel } from '../glmix/glmix.model.ts';
import { RankingError, RankingErrorCode } from '../ranking.errors.ts';
import { fitRankerModel, rankerSources, type RankerSources, type SourceNames } from '../ranker/fit-ranker.ts';
import { Ranker } from '../ranker/ranker.ts';
import { buildRankerExamples, prefixCases, type PrefixMode, type RankerExamples } from '../ranker/training-examples.ts';
import { defaultFactories, type EmbeddingTrainer, type GeneratorFactory } from './generator-factories.ts';
import type {
  GeneratorSpec,
  PipelineDescription,
  RankerConfig,
  ValidationEntry,
  ValidationSummary,
} from './pipeline-description.ts';
import { ServedPipeline } from './served-pipeline.ts';
import { carveWindow, DAY_MS, type WindowRule } from './time-windows.ts';

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
}

export interface ChooseOptions {
  readonly seed?: number;
  /** Generator families to try. Default the built-ins (+ item2vec when `embedding` is given). */
  readonly factories?: readonly GeneratorFactory[];
  /** Trains the item embedding (only used with the default factories). */
  readonly embedding?: EmbeddingTrainer;
  /** Validation period at the end of the log. Default 30 days, widened to 150 sessions, at most 25% of the log. */
  readonly validation?: Partial<WindowRule>;
  /** The window before validation the ranker learns from. Default as validation. */
  readonly rankerWindow?: Partial<WindowRule>;
  /** Sessions within this many days before a window are left out of what is fit for it. Default 0. */
  readonly gapDays?: number;
  /** Cut-off of the NDCG the choice is made on. Default 10. */
  readonly k?: number;
  /** false: generators only. */
  readonly ranker?: false | RankerSearch;
  /** The ranker must beat the best generator by more than this NDCG. Default 0. */
  readonly minRankerGain?: number;
  readonly onProgress?: (step: string) => void;
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

export interface ChoiceReport {
  readonly validation: ValidationSummary | null;
  readonly rankerWindow: { readonly from: number; readonly to: number; readonly queries: number } | null;
  readonly rankerTrials: readonly RankerTrial[];
  /** Fit of the served ranker (refit on both windows, warm-started from the validation model). */
  readonly finalFit: { readonly iterations: number; readonly rows: number; readonly seconds: number } | null;
  readonly seconds: number;
}

export interface ChosenPipeline {
  readonly served: ServedPipeline;
  readonly report: ChoiceReport;
}

const DEFAULT_WINDOW: WindowRule = { days: 30, minSessions: 150, maxShare: 0.25 };
const DEFAULT_SEARCH = {
  perGenerator: [50, 25, 100],
  l2: [1, 10],
  itemL2: [10, 30, 0],
  userL2: [0, 10],
  prefixModes: ['last', 'mixed'] as PrefixMode[],
};

export async function choosePipeline(
  log: SessionLog,
  items: ItemSide,
  options: ChooseOptions = {},
): Promise<ChosenPipeline> {
  const started = performance.now();
  checkSessionLog(log);
  checkItemSide(items, log.itemCount);
  const seed = options.seed ?? 1;
  const k = options.k ?? 10;
  const gapDays = options.gapDays ?? 0;
  const gap = gapDays * DAY_MS;
  const factories = options.factories ?? defaultFactories(options.embedding ? { embedding: options.embedding } : {});
  if (factories.length === 0)
    throw new RankingError(RankingErrorCode.InvalidConfig, 'no generator factories', 'factories');
  const progress = options.onProgress ?? (() => {});
  const end = logEnd(log);

  const validationFrom = carveWindow(log, end, { ...DEFAULT_WINDOW, ...options.validation });
  const trainV = sliceLog(log, -Infinity, validationFrom - gap);
  const knownV = seenItems(trainV);
  const validationCases =
    sessionCount(trainV) > 0 ? nextItemCases(log, { from: validationFrom, to: end }, knownV).cases : [];

  if (validationCases.length === 0) {
    progress('no validation cases: serving the first generator without a comparison');
    const all = await buildAll(factories, log, items);
    const first = all.find((g) => g.family === 'popularity') ?? all[0];
    if (!first) throw new RankingError(RankingErrorCode.InvalidInput, 'the log yields no generator', 'log');
    const served = generatorPipeline(first, end, null, `${first.name}: served by default (no validation cases)`);
    return { served, report: emptyReport(started) };
  }

  progress(`validation: ${validationCases.length} cases; fitting generators on ${sessionCount(trainV)} sessions`);
  const variantsV = await buildAll(factories, trainV, items);
  const evaluated = variantsV.map((g) => ({
    g,
    e: evaluateRecommender(validationCases, (q, n) => g.propose(q, n), k),
  }));
  const entries: ValidationEntry[] = evaluated.map(({ g, e }) => entry(g.name, 'generator', e));
  const bestOf = new Map<string, { g: CandidateGenerator; e: Evaluation }>();
  for (const v of evaluated) {
    const best = bestOf.get(v.g.family);
    if (!best || v.e.ndcg.mean > best.e.ndcg.mean) bestOf.set(v.g.family, v);
  }
  const bests = [...bestOf.values()];
  const bestGenerator = bests.reduce((a, b) => (b.e.ndcg.mean > a.e.ndcg.mean ? b : a));
  for (const b of bests) progress(`  ${b.g.name}: NDCG@${k} ${b.e.ndcg.mean.toFixed(4)}`);

  const validation: ValidationSummary = {
    from: validationFrom,
    to: end,
    gapDays,
    cases: validationCases.length,
    entries,
  };
  const search = options.ranker === false ? null : { ...DEFAULT_SEARCH, ...stripUndefined(options.ranker ?? {}) };
  const rankerStage = search
    ? await searchRanker({
        log,
        items,
        factories,
        search,
        seed,
        k,
        gap,
        validationFrom,
        trainV,
        validationCases,
        bests,
        options,
        progress,
      })
    : null;

  const rankerGain = rankerStage ? rankerStage.best.ndcg - bestGenerator.e.ndcg.mean : -Infinity;
  const chooseRanker = rankerStage !== null && rankerGain > (options.minRankerGain ?? 0);
  if (rankerStage)
    entries.push({
      name: 'ranker',
      kind: 'ranker',
      hitRate: rankerStage.best.hitRate,
      ndcg: rankerStage.best.ndcg,
      mrr: rankerStage.best.mrr,
    });

  progress(`refitting ${chooseRanker ? 'the ranker' : bestGenerator.g.name} on ${sessionCount(log)} sessions`);
  const variantsAll = await buildAll(factories, log, items);
  const byName = new Map(variantsAll.map((g) => [g.name, g]));
  const report = (finalFit: ChoiceReport['finalFit']): ChoiceReport => ({
    validation,
    rankerWindow: rankerStage ? rankerStage.window : null,
    rankerTrials: rankerStage ? rankerStage.trials : [],
    finalFit,
    seconds: (performance.now() - started) / 1000,
  });

  const rankerGenerators = rankerStage?.generatorsV.map((g) => byName.get(g.name));
  if (chooseRanker && rankerStage && rankerGenerators?.every((g) => g !== undefined)) {
    const gAll = rankerGenerators;
    const fitStart = performance.now();
    const config = rankerStage.bestConfig;
    const exV = buildRankerExamples(
      prefixCases(log, { from: validationFrom, to: end }, knownV, {
        mode: config.prefixMode,
        seed: deriveSeed(seed, 11),
      }),
      rankerStage.generatorsV,
      rankerStage.extractorV,
      rankerStage.sourcesV.stats.sessions,
      exampleOptions(search ?? {}, config.perGenerator, deriveSeed(seed, 12)),
    );
    const exR = rankerStage.examples(config.perGenerator, config.prefixMode);
    const fitted = fitRankerModel([exR, exV], rankerStage.featureNames, config, sizes(log), rankerStage.bestModel);
    const { sources, names } = rankerSources(gAll, log, items);
    const ranker = new Ranker({
      generators: gAll,
      sources,
      standardizer: fitted.standardizer,
      model: fitted.model,
      perGenerator: config.perGenerator,
    });
    assertSameFeatures(ranker.featureNames, rankerStage.featureNames);
    const bestName = bestGenerator.g.name;
    const summary =
      `ranker over ${gAll.map((g) => g.name).join(', ')}: beat ${bestName} by ${rankerGain.toFixed(3)} NDCG@${k} on validation ` +
      `(${rankerStage.best.ndcg.toFixed(4)} vs ${bestGenerator.e.ndcg.mean.toFixed(4)}, ${validationCases.length} cases)`;
    const description: PipelineDescription = {
      format: 1,
      kind: 'ranker',
      name: 'ranker',
      summary,
      fittedAt: end,
      generators: gAll.map(generatorSpec),
      ranker: { config, featureNames: ranker.featureNames, sources: names, effects: fitted.effects },
      validation,
    };
    progress(summary);
    const finalFit = {
      iterations: fitted.fit.iterations,
      rows: fitted.rows,
      seconds: (performance.now() - fitStart) / 1000,
    };
    return { served: new ServedPipeline(description, gAll, ranker), report: report(finalFit) };
  }

  // A generator alone: the best on validation that the full log can still build.
  const ranked = bests.slice().sort((a, b) => b.e.ndcg.mean - a.e.ndcg.mean);
  const pick = ranked.map((b) => ({ b, g: byName.get(b.g.name) })).find((x) => x.g !== undefined);
  if (!pick?.g)
    throw new RankingError(RankingErrorCode.InvalidInput, 'no generator could be refit on the whole log', 'log');
  const why = rankerStage
    ? `the ranker did not beat it (${rankerStage.best.ndcg.toFixed(4)})`
    : search
      ? 'too little data before validation for a ranker'
      : 'ranker not tried';
  const runnerUp = ranked.find((b) => b !== pick.b);
  const versus = runnerUp
    ? `, beat ${runnerUp.g.name} by ${(pick.b.e.ndcg.mean - runnerUp.e.ndcg.mean).toFixed(3)}`
    : '';
  const summary = `${pick.g.name} alone: NDCG@${k} ${pick.b.e.ndcg.mean.toFixed(4)} on validation${versus}; ${why} (${validationCases.length} cases)`;
  progress(summary);
  return { served: generatorPipeline(pick.g, end, validation, summary), report: report(null) };
}

interface RankerStageInput {
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
  readonly options: ChooseOptions;
  readonly progress: (step: string) => void;
}

interface RankerStage {
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
async function searchRanker(input: RankerStageInput): Promise<RankerStage | null> {
  const { log, items, factories, search, seed, k, gap, validationFrom, trainV, validationCases, progress } = input;
  const rankerTo = validationFrom - gap;
  const rankerFrom = carveWindow(trainV, rankerTo, {
    ...DEFAULT_WINDOW,
    ...input.options.validation,
    ...input.options.rankerWindow,
  });
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
  const caseCache = new Map<PrefixMode, NextItemCase[]>();
  const casesFor = (mode: PrefixMode): NextItemCase[] => {
    let cases = caseCache.get(mode);
    if (!cases) {
      cases = prefixCases(log, { from: rankerFrom, to: rankerTo }, knownR, { mode, seed: deriveSeed(seed, 21) });
      caseCache.set(mode, cases);
    }
    return cases;
  };
  if (casesFor('last').length < 30) return null;
  const cache = new Map<string, RankerExamples>();
  const examples = (perGenerator: number, mode: PrefixMode): RankerExamples => {
    const key = `${perGenerator}|${mode}`;
    let ex = cache.get(key);
    if (!ex) {
      ex = buildRankerExamples(
        casesFor(mode),
        generatorsR,
        extractorR,
        sourcesR.sources.stats.sessions,
        exampleOptions(search, perGenerator, deriveSeed(seed, 22)),
      );
      cache.set(key, ex);
    }
    return ex;
  };

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
    const e = evaluateRecommender(validationCases, (q, n) => ranker.recommend(q, n), k);
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
    window: {
      from: rankerFrom,
      to: rankerTo,
      queries: examples(best.config.perGenerator, best.config.prefixMode).queries,
    },
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

async function buildAll(
  factories: readonly GeneratorFactory[],
  log: SessionLog,
  items: ItemSide,
): Promise<CandidateGenerator[]> {
  const all: CandidateGenerator[] = [];
  for (const f of factories) all.push(...(await f.build(log, items)));
  const names = new Set<string>();
  for (const g of all) {
    if (names.has(g.name))
      throw new RankingError(RankingErrorCode.InvalidConfig, `two generators are named ${g.name}`, 'factories');
    names.add(g.name);
  }
  return all;
}

function entry(name: string, kind: 'generator' | 'ranker', e: Evaluation): ValidationEntry {
  return { name, kind, hitRate: e.hitRate.mean, ndcg: e.ndcg.mean, mrr: e.mrr.mean };
}

function generatorPipeline(
  g: CandidateGenerator,
  end: number,
  validation: ValidationSummary | null,
  summary: string,
): ServedPipeline {
  const description: PipelineDescription = {
    format: 1,
    kind: 'generator',
    name: g.name,
    summary,
    fittedAt: end,
    generators: [generatorSpec(g)],
    ranker: null,
    validation,
  };
  return new ServedPipeline(description, [g], null);
}

function emptyReport(started: number): ChoiceReport {
  return {
    validation: null,
    rankerWindow: null,
    rankerTrials: [],
    finalFit: null,
    seconds: (performance.now() - started) / 1000,
  };
}

function exampleOptions(search: RankerSearch, perGenerator: number, seed: number) {
  return {
    perGenerator,
    seed,
    ...(search.maxQueries === undefined ? {} : { maxQueries: search.maxQueries }),
    ...(search.sampledNegatives === undefined ? {} : { sampledNegatives: search.sampledNegatives }),
  };
}

function sizes(log: SessionLog): { itemCount: number; userCount: number } {
  return { itemCount: log.itemCount, userCount: log.userCount };
}

function sameSources(a: SourceNames, b: SourceNames): boolean {
  return a.history === b.history && a.knn === b.knn && a.embedding === b.embedding;
}

function assertSameFeatures(a: readonly string[], b: readonly string[]): void {
  if (a.length !== b.length || a.some((name, i) => name !== b[i])) {
    throw new RankingError(
      RankingErrorCode.InvalidConfig,
      'the refit ranker has other features than the validated one',
      'factories',
    );
  }
}

function describeConfig(c: RankerConfig): string {
  return `n=${c.perGenerator} l2=${c.l2} item=${c.itemL2} user=${c.userL2} ${c.prefixMode}`;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function generatorSpec(g: CandidateGenerator): GeneratorSpec {
  return isServable(g)
    ? { name: g.name, family: g.family, external: false, params: { ...g.component.params } }
    : { name: g.name, family: g.family, external: true, params: {} };
}
