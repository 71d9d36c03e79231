// Serving: the bundle (manifest + components, one owner of a version on an artifact store), the in-memory
// model the API serves from, the one definition of the served scorer, and the embedding map's layouts.

export * from './bundle/bundle-store.ts';
export * from './bundle/component.ts';
export * from './bundle/components.ts';
export * from './bundle/manifest.ts';
export * from './bundle/model-bundle.ts';
export type { Vocabulary as BundleVocabulary } from './bundle/components/vocabulary.component.ts';
export type { ScoringSettings } from './bundle/components/settings.component.ts';
export type { ItemVectors } from './bundle/components/vectors.component.ts';
export type { ModelLayout } from './bundle/components/layout.component.ts';
export type { QueryModelMeta } from './bundle/components/query-model.component.ts';
export * from './bundle/components/pipeline.component.ts';
export * from './serving-model.ts';
export * from './pipeline-set.ts';
export type { KnownUsers } from './bundle/components/users.component.ts';
export * from './served-scorer.ts';
export * from './projection.ts';
export * from './layout.ts';
export type { UserLists } from './bundle/components/user-lists.component.ts';
export { UserServing, type UserAnswer } from './user-serving.ts';
export * from './response-serving.ts';
export * from './live-tower.ts';
