// @shopspace/feature-tower: Avito's feature-only item tower (item ids never an input, so a new item is embedded
// the moment it is posted), trained on same-actor pairs with sqrt-popularity negatives drawn from the items
// active at the time (optionally only the hardest in the softmax); int8 vectors and index, codecs, and
// cold/warm next-item evaluation. Pure: no I/O.
export { FeatureTowerError, FeatureTowerErrorCode } from './feature-tower.errors.ts';
export { CONTACT_KINDS, itemActivity, toContactColumns } from './contacts/contacts.ts';
export type { Contact, ContactColumns, ContactKind, ItemActivity } from './contacts/contacts.ts';
export { buildTrainingPairs, DEFAULT_EVENT_WEIGHTS, DEFAULT_WINDOW_MS } from './contacts/training-pairs.ts';
export type { PairOptions, TrainingPairs } from './contacts/training-pairs.ts';
export { createActiveSampler } from './contacts/active-negative.sampler.ts';
export type { ActiveSampler, ActiveSamplerOptions } from './contacts/active-negative.sampler.ts';
export {
  DEFAULT_HASHING,
  FEATURE_FIELDS,
  hashCatalog,
  hashItem,
  itemTokens,
  resolveHashing,
} from './features/feature-hashing.ts';
export type {
  FeatureField,
  FeatureMatrix,
  FieldSpec,
  HashingConfig,
  ItemFeatures,
} from './features/feature-hashing.ts';
export { AVITO_NEGATIVES, DEFAULT_TOWER_CONFIG, resolveTowerConfig } from './tower/tower-config.ts';
export type { TowerConfig } from './tower/tower-config.ts';
export { createScratch, embedItem, embedItems } from './tower/tower.model.ts';
export type { FeatureTower, TowerScratch, TowerShape, TowerWeights } from './tower/tower.model.ts';
export { trainTower, trainTowerSync } from './tower/tower.trainer.ts';
export type { TowerTrainingInput, TowerTrainingStats, TrainedTower, TrainTowerOptions } from './tower/tower.trainer.ts';
export { dequantizeTowerOutput, INT8_SCALE, quantizeTowerOutput } from './int8/int8-vectors.ts';
export { evaluateColdWarm, leaveLastOut, sessionQuery } from './eval/cold-warm.eval.ts';
export type { ColdWarmEvaluation, ColdWarmOptions, Segment, SessionCase } from './eval/cold-warm.eval.ts';
export { poolShops } from './contacts/pool-shops.ts';
export type { PooledShops, ShopTrainingData } from './contacts/pool-shops.ts';
export { Int8VectorIndex } from './int8/int8.vector-index.ts';
export type {
  Int8IndexMemory,
  Int8IndexOptions,
  Int8ItemMeta,
  Int8SearchFilter,
  Int8SearchResult,
} from './int8/int8.vector-index.ts';
export { CategoryTree } from './int8/category-tree.ts';
export { decodeTower, encodeTower, TOWER_FORMAT_VERSION, TOWER_MAGIC } from './codecs/tower.codec.ts';
export {
  decodeInt8Index,
  encodeInt8Index,
  INT8_INDEX_FORMAT_VERSION,
  INT8_INDEX_MAGIC,
} from './codecs/int8-index.codec.ts';
export { float32DenseLayers } from './tower/dense-layers.ts';
export type { DenseGradients, DenseLayers, DenseLayersFactory, DenseShape } from './tower/dense-layers.ts';
