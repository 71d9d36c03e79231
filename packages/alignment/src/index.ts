// @shopspace/alignment: pure numerics that align the per-shop item2vec spaces of a brand group into one
// space (catalog features → CSLS anchors → Procrustes → self-learning → interaction refinement), plus cold
// start from features and twin lookup. No I/O; deterministic under fixed inputs and seeds.
export { AlignmentError, AlignmentErrorCode } from './alignment.errors.ts';
export { buildItemFeatures } from './features/item-features.ts';
export type { CatalogItem, FeatureFamily, FeatureOptions, ItemFeatures } from './features/item-features.ts';
export { alignShops } from './alignment/align-shops.ts';
export type {
  AlignInput,
  AlignmentPhase,
  AlignmentResult,
  AlignmentStep,
  AlignOptions,
  AnchorList,
} from './alignment/align-shops.ts';
export { toGroupSpace } from './alignment/shop-space.ts';
export type { ShopMap, ShopSpace } from './alignment/shop-space.ts';
export { interactionAnchors } from './alignment/cross-anchors.ts';
export type { CrossAnchor, CrossingShopper, InteractionAnchorOptions } from './alignment/cross-anchors.ts';
export { solveProcrustes } from './alignment/procrustes.ts';
export type { WeightedPair } from './alignment/procrustes.ts';
export { findTwins, twinPrecision } from './twins/twins.ts';
export type { AlignedShop, ScoredTwin, TwinList, TwinOptions, TwinPrecision } from './twins/twins.ts';
export { fitColdStartMap, placeColdItems } from './cold-start/cold-start.ts';
export type { ColdStartMap, ColdStartOptions, ColdStartSample } from './cold-start/cold-start.ts';
export { randomRotation } from './linalg/dense.ts';
export { svd } from './linalg/svd.ts';
export type { Svd } from './linalg/svd.ts';
export { alignGroup } from './pipeline/align-group.ts';
export type { AlignedGroup, AlignedGroupShop, GroupInput, GroupShopInput } from './pipeline/align-group.ts';
export {
  ALIGNMENT_FORMAT,
  alignmentFileNames,
  decodeAlignmentFiles,
  encodeAlignmentFiles,
  fromGroupSpace,
  parseAlignmentJson,
} from './files/alignment-files.ts';
export type { AlignedShopFiles, DecodedAlignment } from './files/alignment-files.ts';
