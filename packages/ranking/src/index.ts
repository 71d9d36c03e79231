// @shopspace/ranking: pure numerics for next-item recommendation in two stages: candidate generators (item-kNN,
// V-SKNN, item2vec, popularity, re-purchase), a GLMix response model over their union, and the served pipeline
// chosen per shop on a validation period carved from the training log. No I/O; deterministic under a seed.
export { RankingError, RankingErrorCode } from './ranking.errors.ts';
export {
  buildSessionLog,
  checkSessionLog,
  firstSessionAt,
  idIndex,
  logEnd,
  seenItems,
  sessionCount,
  sessionItems,
  sliceLog,
  sliceSessions,
} from './data/session-log.ts';
export type { BuildLogOptions, BuiltLog, IdIndex, SessionLog, SessionRow } from './data/session-log.ts';
export { checkItemSide, unknownItemSide } from './data/item-side.ts';
export type { ItemSide } from './data/item-side.ts';
export { nextItemCases } from './data/session-query.ts';
export type { CaseSet, CaseWindow, NextItemCase, SessionQuery } from './data/session-query.ts';
export { NO_CANDIDATES } from './generators/candidate-generator.ts';
export type { CandidateGenerator, Candidates, ItemFilter } from './generators/candidate-generator.ts';
export { buildItemKnnIndex, itemKnnGenerator, itemKnnWeight } from './generators/item-knn.generator.ts';
export type { ItemKnnGeneratorOptions, ItemKnnIndex, ItemKnnIndexOptions } from './generators/item-knn.generator.ts';
export { buildSessionKnnIndex, sessionKnnGenerator } from './generators/session-knn.generator.ts';
export type {
  SessionKnnGeneratorOptions,
  SessionKnnIndex,
  SessionKnnIndexOptions,
} from './generators/session-knn.generator.ts';
export { buildPopularity, popularityFrom, popularityGenerator } from './generators/popularity.generator.ts';
export type { Popularity, PopularityOptions } from './generators/popularity.generator.ts';
export { buildUserHistory, userHistoryGenerator } from './generators/user-history.generator.ts';
export type { UserHistory } from './generators/user-history.generator.ts';
export { bruteForceSearch, embeddedItems, item2vecGenerator, unitRows } from './generators/item2vec.generator.ts';
export type { Item2vecGeneratorOptions, ItemEmbedding, NeighbourSearch } from './generators/item2vec.generator.ts';
export { generatorFromComponent, isServable } from './generators/generator-component.ts';
export { isTowerGenerator, towerDecayOf, towerGenerator, towerGeneratorName } from './generators/tower.generator.ts';
export type { TowerGenerator, TowerGeneratorOptions, TowerSpace } from './generators/tower.generator.ts';
export type { GeneratorComponent, GeneratorFamily, ServableGenerator } from './generators/generator-component.ts';
export { buildItemStats } from './features/item-stats.ts';
export type { ItemStats } from './features/item-stats.ts';
export { restrictUnion, UnionBuilder } from './features/candidate-union.ts';
export type { CandidateUnion } from './features/candidate-union.ts';
export { FeatureExtractor, medianPrice } from './features/feature-extractor.ts';
export type { FeatureSources } from './features/feature-extractor.ts';
export { fitStandardizer, standardize } from './features/standardizer.ts';
export type { Standardizer } from './features/standardizer.ts';
export { fitGlmix } from './glmix/glmix.fit.ts';
export type { GlmixExamples, GlmixFit, GlmixOptions, RandomEffectSpec } from './glmix/glmix.fit.ts';
export { effectMargin, globalMargin, glmixLogit, sigmoid } from './glmix/glmix.model.ts';
export type { GlmixModel, RandomEffect } from './glmix/glmix.model.ts';
export { auc } from './glmix/auc.metric.ts';
export { buildRankerExamples, prefixCases, selectCases, unionsOf } from './ranker/training-examples.ts';
export type { ExampleOptions, PrefixCaseOptions, PrefixMode, RankerExamples } from './ranker/training-examples.ts';
export { fitRankerModel, rankerSources } from './ranker/fit-ranker.ts';
export type { FittedRanker, RankerSources } from './ranker/fit-ranker.ts';
export { Ranker, topOf } from './ranker/ranker.ts';
export type { RankerParts, ScoredUnion } from './ranker/ranker.ts';
export {
  defaultFactories,
  item2vecFactory,
  itemKnnFactory,
  popularityFactory,
  sessionKnnFactory,
  TOWER_DECAYS,
  towerFactory,
  userHistoryFactory,
} from './pipeline/generator-factories.ts';
export type {
  EmbeddingTrainer,
  GeneratorFactory,
  Item2vecFactoryOptions,
  ItemKnnFactoryOptions,
  SessionKnnVariant,
  TowerFactoryOptions,
  TowerTrainer,
} from './pipeline/generator-factories.ts';
export { choosePipeline, pinGenerator } from './pipeline/choose-pipeline.ts';
export type {
  ChoiceReport,
  ChooseOptions,
  ChosenPipeline,
  RankerSearch,
  RankerTrial,
} from './pipeline/choose-pipeline.ts';
export { ServedPipeline } from './pipeline/served-pipeline.ts';
export type { Explanation } from './pipeline/served-pipeline.ts';
export type {
  GeneratorSpec,
  PipelineDescription,
  PipelineKind,
  RankerConfig,
  RankerSpec,
  ValidationEntry,
  ValidationSummary,
} from './pipeline/pipeline-description.ts';
export { carveWindow, DAY_MS, DEFAULT_WINDOW } from './pipeline/time-windows.ts';
export type { WindowRule } from './pipeline/time-windows.ts';
export { evaluateRecommender, evaluationFromRanks, pairedNdcgDifference } from './eval/next-item.evaluation.ts';
export type { Estimate, Evaluation, Recommend } from './eval/next-item.evaluation.ts';
export { crc32 } from './codecs/binary-envelope.ts';
export {
  COMPONENT_FORMAT,
  decodeEmbedding,
  decodeGlmix,
  decodeItemKnn,
  decodeItemSide,
  decodeItemStats,
  decodePopularity,
  decodeSessionKnn,
  decodeUserHistory,
  encodeEmbedding,
  encodeGlmix,
  encodeItemKnn,
  encodeItemSide,
  encodeItemStats,
  encodePopularity,
  encodeSessionKnn,
  encodeUserHistory,
} from './codecs/component.codecs.ts';
export type { GlmixComponent } from './codecs/component.codecs.ts';
export {
  decodeDescription,
  decodePipeline,
  encodeDescription,
  encodePipeline,
  generatorFile,
  PIPELINE_FILE,
} from './codecs/pipeline.codec.ts';
export type { DecodePipelineOptions } from './codecs/pipeline.codec.ts';
export { DEFAULT_RESPONSE_WEIGHTS, labelTraffic } from './response/response-examples.ts';
export type {
  EngagementEvent,
  LabelledTraffic,
  LabelOptions,
  ResponseExample,
  ResponseWeights,
  TrackedList,
} from './response/response-examples.ts';
export { fitResponse, POSITION_FEATURE, ResponseScorer } from './response/response-model.ts';
export type {
  ResponseDesign,
  ResponseFit,
  ResponseFitOptions,
  ResponseMetrics,
  ResponseModel,
} from './response/response-model.ts';
export {
  RANKER_LOGIT_FEATURE,
  responseFeatureNames,
  responseFeatures,
  responseFeaturesOfScored,
} from './response/response-features.ts';
export { decodeResponseModels, encodeResponseModels, RESPONSE_FILES } from './response/response.codec.ts';
export type { ResponseModels } from './response/response.codec.ts';
