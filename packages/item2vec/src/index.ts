// @shopspace/item2vec: pure numerics for item embeddings from sessions (word2vec CBOW / skip-gram with
// negative sampling, WebAssembly SIMD kernel, Hogwild worker threads) and their next-item evaluation.
export { Item2vecError, Item2vecErrorCode } from './item2vec.errors.ts';
export { buildVocabulary, vocabularyFrom } from './corpus/vocabulary.ts';
export type { Vocabulary, VocabularyOptions, VocabularyOrder } from './corpus/vocabulary.ts';
export {
  buildSessionCorpus,
  encodeSessions,
  longestSession,
  restrictCorpus,
  sessionAt,
  sessionCount,
} from './corpus/session-corpus.ts';
export type { EncodedSessions, SessionCorpus } from './corpus/session-corpus.ts';
export { createRng, deriveSeed, mixSeed } from './random/prng.ts';
export type { Rng } from './random/prng.ts';
export { GENSIM_CONFIG, resolveConfig, threadCount } from './training/train-config.ts';
export type { Item2vecConfig, Item2vecMode } from './training/train-config.ts';
export { trainItem2vec, trainItem2vecSync } from './training/trainer.ts';
export type { KernelKind, SyncTrainOptions, TrainingInput, TrainOptions } from './training/trainer.ts';
export { itemVector, mostSimilar, normalizeRows } from './model/item2vec.model.ts';
export type { Item2vecModel, ScoredItem, TrainingStats } from './model/item2vec.model.ts';
export { metricsFromRanks, rankOf } from './eval/ranking-metrics.ts';
export type { RankingMetrics } from './eval/ranking-metrics.ts';
export { evaluateNextItem, leaveLastOutCases } from './eval/next-item.eval.ts';
export type {
  EvaluateOptions,
  NextItemCase,
  NextItemCases,
  NextItemEvaluation,
  NextItemScorer,
} from './eval/next-item.eval.ts';
export { popularityScorer } from './scoring/popularity.scorer.ts';
export { buildItemKnn, itemKnnScorer, neighboursOf } from './scoring/item-knn.ts';
export type { ItemKnn, ItemKnnOptions, ItemKnnScorerOptions } from './scoring/item-knn.ts';
export { item2vecScorer } from './scoring/item2vec.scorer.ts';
export type { Item2vecScorerOptions, ScoringModel } from './scoring/item2vec.scorer.ts';
export { blendScorer } from './scoring/blend.scorer.ts';
export type { BlendPart } from './scoring/blend.scorer.ts';
export { recencyWeights } from './scoring/recency.ts';
