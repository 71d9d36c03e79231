// @shopspace/users: pure numerics for user recommendations — PinnerSage multi-interest profiles (Ward
// clustering, medoids, importance), two-tower neural CF, iALS, item-kNN and popularity behind one interface,
// and their evaluations (leave-one-out HR/NDCG, day-by-day relevance/recall). No I/O; deterministic under seeds.
export { UsersError, UsersErrorCode } from './users.errors.ts';
export {
  buildInteractions,
  columnCounts,
  rowItems,
  rowValues,
  transposeInteractions,
} from './interactions/interaction-matrix.ts';
export type { InteractionMatrix } from './interactions/interaction-matrix.ts';
export { topK } from './interactions/top-k.ts';
export type { TopK } from './interactions/top-k.ts';
export { recencyWeights } from './recommenders/user-recommender.port.ts';
export type { UserHistory, UserRecommender } from './recommenders/user-recommender.port.ts';
export { popularityRecommender } from './recommenders/popularity.recommender.ts';
export { buildItemSimilarity } from './recommenders/item-similarity.ts';
export type { ItemSimilarity, ItemSimilarityOptions } from './recommenders/item-similarity.ts';
export { itemKnnRecommender } from './recommenders/item-knn.recommender.ts';
export type { ItemKnnRecommenderOptions } from './recommenders/item-knn.recommender.ts';
export { DEFAULT_IALS, ialsRecommender, trainIals } from './recommenders/ials.model.ts';
export type { IalsModel, IalsOptions, IalsRecommenderOptions } from './recommenders/ials.model.ts';
export {
  blendRecommender,
  normaliseInPlace,
  reciprocalRankInPlace,
  RRF_K,
  zscoreInPlace,
} from './recommenders/blend.recommender.ts';
export type { BlendNormalisation, BlendPart } from './recommenders/blend.recommender.ts';
export { decodeTopK, encodeTopK, recommendTopK, TOP_K_FORMAT } from './recommenders/top-k.codec.ts';
export type { RecommendationList } from './recommenders/top-k.codec.ts';
export {
  DEFAULT_TWO_TOWER,
  inputWindow,
  ITEM_TOWER_NEIGHBOURS,
  itemTowerInputs,
  trainTwoTower,
  userInput,
} from './two-tower/two-tower.model.ts';
export type { TwoTowerConfig, TwoTowerModel, TwoTowerTrainOptions } from './two-tower/two-tower.model.ts';
export { itemEmbeddings, twoTowerRecommender, userEmbedder } from './two-tower/two-tower.recommender.ts';
export { wardClustering } from './pinnersage/ward.clustering.ts';
export type { Dendrogram } from './pinnersage/ward.clustering.ts';
export { adaptiveCut, DEFAULT_CUT } from './pinnersage/adaptive-cut.ts';
export type { CutOptions } from './pinnersage/adaptive-cut.ts';
export {
  actionWeight,
  buildProfile,
  DEFAULT_PROFILE,
  DEFAULT_UPDATE,
  profileAt,
  SECONDS_PER_DAY,
  updateProfile,
} from './pinnersage/user-profile.ts';
export type {
  InterestCluster,
  ItemVectors,
  ProfileOptions,
  UpdateOptions,
  UserActions,
  UserProfile,
} from './pinnersage/user-profile.ts';
export { decodeProfile, encodeProfile, PROFILE_FORMAT } from './pinnersage/profile.codec.ts';
export { dailySeed, dayOf, sampleMedoids } from './pinnersage/medoid-sampling.ts';
export {
  importanceQuotas,
  meanVectorRecommendations,
  multiMedoidRecommendations,
} from './pinnersage/multi-medoid.retrieval.ts';
export type { MergePolicy, Recommendations, RetrievalOptions, UnitSpace } from './pinnersage/multi-medoid.retrieval.ts';
export { exactNeighbourSearch, unitRows } from './pinnersage/neighbour-search.port.ts';
export type { NeighbourSearch } from './pinnersage/neighbour-search.port.ts';
export { candidateRank, evaluateLoo, leaveOneOutSplit } from './eval/leave-one-out.eval.ts';
export type {
  LooCase,
  LooOptions,
  LooResult,
  LooSplit,
  LooSplitOptions,
  TiePolicy,
} from './eval/leave-one-out.eval.ts';
export { candidateTable, searchBlendWeights } from './eval/recommender-choice.ts';
export type { BlendSearchResult, CandidateTable } from './eval/recommender-choice.ts';
export { evaluateDayByDay } from './eval/day-by-day.eval.ts';
export type { DayByDayOptions, DayByDayResult, MethodFigures, UserTimeline } from './eval/day-by-day.eval.ts';
export { chooseUserModel } from './eval/user-model.choice.ts';
export type {
  UserModelChoice,
  UserModelChoiceOptions,
  UserModelFigures,
  UserModelKind,
} from './eval/user-model.choice.ts';
