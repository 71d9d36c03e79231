// Fits the ranker's standardisation and GLMix model on one or more example sets (the chooser combines windows
// whose features came from generators fit at different times): per-item biases and, where sessions carry
// users, per-user weights on how much a shopper re-buys and follows popularity.
import type { ItemSide } from '../data/item-side.ts';
import type { SessionLog } from '../data/session-log.ts';
import type { FeatureSources } from '../features/feature-extractor.ts';
import { buildItemStats } from '../features/item-stats.ts';
import { fitStandardizer, standardize, type Standardizer } from '../features/standardizer.ts';
import type { CandidateGenerator } from '../generators/candidate-generator.ts';
import { isServable } from '../generators/generator-component.ts';
import { fitGlmix, type GlmixFit, type RandomEffectSpec } from '../glmix/glmix.fit.ts';
import type { GlmixModel } from '../glmix/glmix.model.ts';
import type { RankerConfig, RankerSpec } from '../pipeline/pipeline-description.ts';
import type { RankerExamples } from './training-examples.ts';

export type RankerSources = Omit<FeatureSources, 'generatorNames'>;

/** Which generators' components feed the features, by name. */
export type SourceNames = RankerSpec['sources'];

/** Feature sources from a set of generators fit on `log`: their components double as feature tables. */
export function rankerSources(
  generators: readonly CandidateGenerator[],
  log: SessionLog,
  items: ItemSide,
): { sources: RankerSources; names: SourceNames } {
  let history: RankerSources['history'];
  let knn: RankerSources['knn'];
  let embedding: RankerSources['embedding'];
  const names: { history: string | null; knn: string | null; embedding: string | null } = {
    history: null,
    knn: null,
    embedding: null,
  };
  for (const g of generators) {
    if (!isServable(g)) continue;
    const c = g.component;
    if (c.family === 'user-history' && !history) [history, names.history] = [c.history, g.name];
    if (c.family === 'item-knn' && !knn) [knn, names.knn] = [c.index, g.name];
    if (c.family === 'item2vec' && !embedding) [embedding, names.embedding] = [c.embedding, g.name];
  }
  return { sources: { stats: buildItemStats(log), items, history, knn, embedding }, names };
}

/** Per-user features: re-buying and following popularity (when the features exist). */
const USER_EFFECT_FEATURES = ['user:taken', 'item:popularity'];

export interface FittedRanker {
  readonly standardizer: Standardizer;
  readonly model: GlmixModel;
  readonly fit: GlmixFit;
  readonly effects: RankerSpec['effects'];
  readonly rows: number;
}

export function fitRankerModel(
  sets: readonly RankerExamples[],
  names: readonly string[],
  config: RankerConfig,
  sizes: { itemCount: number; userCount: number },
  warmStart?: GlmixModel,
): FittedRanker {
  const dim = names.length;
  const rows = sets.reduce((sum, s) => sum + s.labels.length, 0);
  const x = new Float32Array(rows * dim);
  const labels = new Uint8Array(rows);
  const weights = new Float32Array(rows);
  const item = new Int32Array(rows);
  const user = new Int32Array(rows);
  let at = 0;
  for (const s of sets) {
    x.set(s.x, at * dim);
    labels.set(s.labels, at);
    weights.set(s.weights, at);
    item.set(s.item, at);
    user.set(s.user, at);
    at += s.labels.length;
  }
  const standardizer = fitStandardizer(x, dim, weights);
  standardize(standardizer, x);
  const effects: RandomEffectSpec[] = [];
  const described: Array<{ name: 'item' | 'user'; features: string[] }> = [];
  if (config.itemL2 > 0) {
    effects.push({ name: 'item', ids: item, features: [-1], l2: config.itemL2, entityCount: sizes.itemCount });
    described.push({ name: 'item', features: ['bias'] });
  }
  const userColumns = USER_EFFECT_FEATURES.map((f) => names.indexOf(f));
  if (config.userL2 > 0 && sizes.userCount > 0 && userColumns.every((c) => c >= 0)) {
    effects.push({ name: 'user', ids: user, features: userColumns, l2: config.userL2, entityCount: sizes.userCount });
    described.push({ name: 'user', features: [...USER_EFFECT_FEATURES] });
  }
  const fit = fitGlmix(
    { x, featureCount: dim, labels },
    { l2: config.l2, weights, effects, ...(warmStart && warmStart.featureCount === dim ? { warmStart } : {}) },
  );
  return { standardizer, model: fit.model, fit, effects: described, rows };
}
