// Chooses what a shop serves on a validation period carved from the end of its training log: every generator
// variant alone and the GLMix ranker over the best variant of each family (a small coordinate search over its
// hyper-parameters), judged by NDCG@k on validation only. The ranker is served only if it beats every single
// generator there. The choice is then refit on the whole log; ranker examples come from windows whose
// features were computed by generators fit before them, as they are at serving time.
import { deriveSeed } from '@shopspace/item2vec';
import { checkItemSide, type ItemSide } from '../data/item-side.ts';
import { nextItemCases } from '../data/session-query.ts';
import { checkSessionLog, logEnd, seenItems, sessionCount, sliceLog, type SessionLog } from '../data/session-log.ts';
import { evaluateRecommender, type Evaluation } from '../eval/next-item.evaluation.ts';
import type { CandidateGenerator } from '../generators/candidate-generator.ts';
import { isServable } from '../generators/generator-component.ts';
import { RankingError, RankingErrorCode } from '../ranking.errors.ts';
import { fitRankerModel, rankerSources } from '../ranker/fit-ranker.ts';
import { Ranker } from '../ranker/ranker.ts';
import { buildRankerExamples, prefixCases, selectCases, unionsOf } from '../ranker/training-examples.ts';
import {
  defaultFactories,
  type EmbeddingTrainer,
  type GeneratorFactory,
  type Item2vecFactoryOptions,
  type TowerFactoryOptions,
  type TowerTrainer,
} from './generator-factories.ts';
import type { GeneratorSpec, PipelineDescription, ValidationEntry, ValidationSummary } from './pipeline-description.ts';
import {
  buildAll,
  DEFAULT_SEARCH,
  exampleOptions,
  searchRanker,
  sizes,
  type RankerSearch,
  type RankerTrial,
} from './ranker-search.ts';
import { ServedPipeline } from './served-pipeline.ts';
import { carveWindow, DAY_MS, DEFAULT_WINDOW, type WindowRule } from './time-windows.ts';

export type { RankerSearch, RankerTrial } from './ranker-search.ts';

export interface ChooseOptions {
  readonly seed?: number;
  /** Generator families to try. Default the built-ins (+ item2vec when `embedding` is given). */
  readonly factories?: readonly GeneratorFactory[];
  /** Trains the item embedding (only used with the default factories). */
  readonly embedding?: EmbeddingTrainer;
  /** The item2vec family's options with the default factories (its decays, the serving search port). */
  readonly item2vec?: Item2vecFactoryOptions;
  /** Trains the feature tower (only used with the default factories): the tower family is tried too. */
  readonly tower?: TowerTrainer;
  readonly towerOptions?: TowerFactoryOptions;
  /**
   * Families fit on the whole log (alternatives, for serving and experiments) but not validated: a refit that
   * already chose need not train them again for a validation whose verdict it keeps. Default none.
   */
  readonly fitOnly?: readonly string[];
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

export interface ChoiceReport {
  readonly validation: ValidationSummary | null;
  readonly rankerWindow: { readonly from: number; readonly to: number; readonly queries: number } | null;
  readonly rankerTrials: readonly RankerTrial[];
  /** Fit of the refit ranker (on both windows, warm-started from the validation model). */
  readonly finalFit: { readonly iterations: number; readonly rows: number; readonly seconds: number } | null;
  readonly seconds: number;
}

export interface ChosenPipeline {
  readonly served: ServedPipeline;
  /** The GLMix ranker refit on the whole log (the served pipeline when it won); null when it was not tried. */
  readonly ranker: ServedPipeline | null;
  /** Every generator variant refit on the whole log, so an experiment can pin one (see pinGenerator). */
  readonly alternatives: readonly CandidateGenerator[];
  readonly report: ChoiceReport;
}

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
  const factories =
    options.factories ??
    defaultFactories({
      ...(options.embedding ? { embedding: options.embedding } : {}),
      ...(options.item2vec ? { item2vec: options.item2vec } : {}),
      ...(options.tower ? { tower: options.tower } : {}),
      ...(options.towerOptions ? { towerOptions: options.towerOptions } : {}),
    });
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
    return { served, ranker: null, alternatives: all, report: emptyReport(started) };
  }

  progress(`validation: ${validationCases.length} cases; fitting generators on ${sessionCount(trainV)} sessions`);
  // A family with a wider gap of its own (the tower) is fit on the log before its own gap.
  const fitOnly = new Set(options.fitOnly ?? []);
  const validated = factories.filter((f) => !fitOnly.has(f.family));
  const variantsV = await buildAll(validated, trainV, items, (f) =>
    (f.validationGapDays ?? 0) > gapDays
      ? sliceLog(log, -Infinity, validationFrom - (f.validationGapDays ?? 0) * DAY_MS)
      : trainV,
  );
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
        window: { ...DEFAULT_WINDOW, ...options.validation, ...options.rankerWindow },
        log,
        items,
        factories: validated,
        search,
        seed,
        k,
        gap,
        validationFrom,
        trainV,
        validationCases,
        bests,
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

  // The ranker refit on the whole log whenever it was tried: served when it won, else kept so an experiment
  // can pin it and the response model can read its features.
  const rankerGenerators = rankerStage?.generatorsV.map((g) => byName.get(g.name));
  let ranker: { pipeline: ServedPipeline; finalFit: NonNullable<ChoiceReport['finalFit']> } | null = null;
  if (rankerStage && rankerGenerators?.every((g) => g !== undefined)) {
    const gAll = rankerGenerators;
    const fitStart = performance.now();
    const config = rankerStage.bestConfig;
    const casesV = selectCases(
      prefixCases(log, { from: validationFrom, to: end }, knownV, {
        mode: config.prefixMode,
        seed: deriveSeed(seed, 11),
      }),
      search?.maxQueries ?? 3000,
      deriveSeed(seed, 13),
    );
    const exV = buildRankerExamples(
      casesV,
      unionsOf(casesV, rankerStage.generatorsV, log.itemCount, config.perGenerator),
      rankerStage.extractorV,
      rankerStage.sourcesV.stats.sessions,
      exampleOptions(search ?? {}, config.perGenerator, deriveSeed(seed, 12)),
    );
    const exR = rankerStage.examples(config.perGenerator, config.prefixMode);
    const fitted = fitRankerModel([exR, exV], rankerStage.featureNames, config, sizes(log), rankerStage.bestModel);
    const { sources, names } = rankerSources(gAll, log, items);
    const model = new Ranker({
      generators: gAll,
      sources,
      standardizer: fitted.standardizer,
      model: fitted.model,
      perGenerator: config.perGenerator,
    });
    assertSameFeatures(model.featureNames, rankerStage.featureNames);
    const bestName = bestGenerator.g.name;
    const versus = `${rankerStage.best.ndcg.toFixed(4)} vs ${bestGenerator.e.ndcg.mean.toFixed(4)}, ${validationCases.length} cases`;
    const summary = chooseRanker
      ? `ranker over ${gAll.map((g) => g.name).join(', ')}: beat ${bestName} by ${rankerGain.toFixed(3)} NDCG@${k} on validation (${versus})`
      : `ranker over ${gAll.map((g) => g.name).join(', ')}: not served, ${bestName} beat it on validation (${versus})`;
    const description: PipelineDescription = {
      format: 1,
      kind: 'ranker',
      name: 'ranker',
      summary,
      fittedAt: end,
      generators: gAll.map(generatorSpec),
      ranker: { config, featureNames: model.featureNames, sources: names, effects: fitted.effects },
      validation,
    };
    const finalFit = {
      iterations: fitted.fit.iterations,
      rows: fitted.rows,
      seconds: (performance.now() - fitStart) / 1000,
    };
    ranker = { pipeline: new ServedPipeline(description, gAll, model), finalFit };
  }
  if (chooseRanker && ranker) {
    progress(ranker.pipeline.summary);
    return {
      served: ranker.pipeline,
      ranker: ranker.pipeline,
      alternatives: variantsAll,
      report: report(ranker.finalFit),
    };
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
  return {
    served: generatorPipeline(pick.g, end, validation, summary),
    ranker: ranker?.pipeline ?? null,
    alternatives: variantsAll,
    report: report(ranker?.finalFit ?? null),
  };
}

function entry(name: string, kind: 'generator' | 'ranker', e: Evaluation): ValidationEntry {
  return { name, kind, hitRate: e.hitRate.mean, ndcg: e.ndcg.mean, mrr: e.mrr.mean };
}

/** A pipeline serving one generator alone (an experiment pinning it), described like a chosen one. */
export function pinGenerator(g: CandidateGenerator, fittedAt: number, summary = `${g.name} (pinned)`): ServedPipeline {
  return generatorPipeline(g, fittedAt, null, summary);
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

function assertSameFeatures(a: readonly string[], b: readonly string[]): void {
  if (a.length !== b.length || a.some((name, i) => name !== b[i])) {
    throw new RankingError(
      RankingErrorCode.InvalidConfig,
      'the refit ranker has other features than the validated one',
      'factories',
    );
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function generatorSpec(g: CandidateGenerator): GeneratorSpec {
  return isServable(g)
    ? { name: g.name, family: g.family, external: false, params: { ...g.component.params } }
    : { name: g.name, family: g.family, external: true, params: {} };
}
