// The catalog of bundle components: every part a model version, a baseline, a query model or an alignment can
// hold, each with its codec. A new model kind is one more entry here (and its codec), nothing else.

import { alignmentComponent } from './components/alignment.component.ts';
import { annComponent } from './components/ann.component.ts';
import { knnComponent } from './components/knn.component.ts';
import { layoutComponent } from './components/layout.component.ts';
import { pipelineComponent } from './components/pipeline.component.ts';
import { usersComponent } from './components/users.component.ts';
import { userListsComponent } from './components/user-lists.component.ts';
import { responseComponent } from './components/response.component.ts';
import { queryMetaComponent, queryModelComponent } from './components/query-model.component.ts';
import { settingsComponent } from './components/settings.component.ts';
import { towerComponent } from './components/tower.component.ts';
import { vectorsComponent } from './components/vectors.component.ts';
import { vocabularyComponent } from './components/vocabulary.component.ts';
import type { ComponentCodec } from './component.ts';

export const COMPONENTS = {
  vocabulary: vocabularyComponent,
  settings: settingsComponent,
  vectors: vectorsComponent,
  knn: knnComponent,
  ann: annComponent,
  layout: layoutComponent,
  pipeline: pipelineComponent,
  users: usersComponent,
  userLists: userListsComponent,
  queryModel: queryModelComponent,
  queryMeta: queryMetaComponent,
  alignment: alignmentComponent,
  response: responseComponent,
  tower: towerComponent,
} as const;

export type ComponentName = keyof typeof COMPONENTS;
/** What a reader gets for a component. */
export type ComponentValue<K extends ComponentName> =
  (typeof COMPONENTS)[K] extends ComponentCodec<infer T, infer _I> ? T : never;
/** What a writer gives for a component. */
export type ComponentInput<K extends ComponentName> =
  (typeof COMPONENTS)[K] extends ComponentCodec<infer _T, infer I> ? I : never;

export type BundleInput = { readonly [K in ComponentName]?: ComponentInput<K> };
export type OpenedComponents<K extends ComponentName> = { readonly [P in K]?: ComponentValue<P> };

export const isComponentName = (name: string): name is ComponentName => Object.hasOwn(COMPONENTS, name);
