// The response model fitted on tracked clicks: the same GLMix as the ranker (global weights over the features
// of (context, item) plus the position shown, to absorb position bias) with per-item and per-user click
// propensities as random effects, beside a global-only fit of the same features it is compared with. Fit on
// the earlier lists, measured by held-out AUC on the later ones (a time-ordered split). A daily refit
// warm-starts every coefficient from the previous model and keeps its global part (and standardisation)
// fixed; the weekly one refits the global part too.
import { fitStandardizer, standardize, type Standardizer } from '../features/standardizer.ts';
import { auc } from '../glmix/auc.metric.ts';
import { fitGlmix, type RandomEffectSpec } from '../glmix/glmix.fit.ts';
import { effectMargin, globalMargin, type GlmixModel } from '../glmix/glmix.model.ts';
import { requireInput } from '../ranking.errors.ts';
import type { LabelledTraffic, TrackedList } from './response-examples.ts';

/** The feature column the position shown goes in (log2(2 + position), 0-based positions). */
export const POSITION_FEATURE = 'position';

export interface ResponseModel {
  /** Feature names, the position last. */
  readonly featureNames: readonly string[];
  readonly standardizer: Standardizer;
  /** Effects 'item' and 'user' (a bias each) in the full model; none in the global-only one. */
  readonly glmix: GlmixModel;
  /** Entity ids of the item effect (skus) and of the user effect, in coefficient order. */
  readonly items: readonly string[];
  readonly users: readonly string[];
  /** When the effects and when the global part were last fitted (epoch ms). */
  readonly fittedAt: number;
  readonly globalFittedAt: number;
}

export interface ResponseDesign {
  /** Raw features of each example (same order as the examples), rows × names.length, without the position. */
  readonly x: Float32Array;
  readonly names: readonly string[];
}

export interface ResponseFitOptions {
  /** The fit's time (epoch ms). */
  readonly now: number;
  /** Share of the lists, latest first, held out for the AUC. Default 0.2. */
  readonly holdout?: number;
  /** L2 of the global weights, the per-item and the per-user biases. Defaults 1, 4, 4. */
  readonly l2?: number;
  readonly itemL2?: number;
  readonly userL2?: number;
  /** The active models to warm-start from. */
  readonly previous?: { readonly full: ResponseModel; readonly globalOnly: ResponseModel };
  /** Refit the global part (weekly); false keeps the previous one (daily). Default true. */
  readonly refitGlobal?: boolean;
  readonly maxIterations?: number;
  /** Another model (the active one) to measure on the same held-out rows (same feature names, else NaN). */
  readonly compare?: ResponseModel;
}

export interface ResponseMetrics {
  readonly examples: number;
  readonly trainExamples: number;
  readonly testExamples: number;
  readonly clicks: number;
  readonly testClicks: number;
  /** Held-out AUC of the full GLMix and of the global-only model (NaN when the test part lacks a class). */
  readonly aucFull: number;
  readonly aucGlobal: number;
  /** The `compare` model's held-out AUC on the same rows (NaN without one). */
  readonly aucCompare: number;
  readonly refitGlobal: boolean;
  /** Block-coordinate sweeps of the full fit. */
  readonly iterations: number;
}

export interface ResponseFit {
  readonly full: ResponseModel;
  readonly globalOnly: ResponseModel;
  readonly metrics: ResponseMetrics;
}

const positionValue = (position: number): number => Math.log2(2 + position);

export function fitResponse(
  traffic: LabelledTraffic,
  lists: readonly TrackedList[],
  design: ResponseDesign,
  options: ResponseFitOptions,
): ResponseFit {
  const { examples } = traffic;
  const n = examples.length;
  const raw = design.names.length;
  requireInput(design.x.length === n * raw, 'design.x', `must hold ${n} rows × ${raw} features`);
  const names = [...design.names, POSITION_FEATURE];
  const d = names.length;
  const previous = options.previous;
  const sameFeatures =
    previous !== undefined &&
    previous.full.featureNames.length === d &&
    previous.full.featureNames.every((f, i) => f === names[i]);
  const refitGlobal = options.refitGlobal !== false || !sameFeatures;

  // Time-ordered split: lists served at or after the cut are held out.
  const times = [...new Set(examples.map((e) => e.servedAt))].sort((a, b) => a - b);
  const holdout = options.holdout ?? 0.2;
  const cut = times[Math.min(times.length - 1, Math.floor(times.length * (1 - holdout)))] ?? Infinity;
  const trainRows: number[] = [];
  const testRows: number[] = [];
  examples.forEach((e, i) => (e.servedAt >= cut && holdout > 0 ? testRows : trainRows).push(i));

  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    x.set(design.x.subarray(i * raw, (i + 1) * raw), i * d);
    x[i * d + raw] = positionValue(examples[i]?.position ?? 0);
  }
  const train = rowsOf(x, d, trainRows);
  const rawTest = rowsOf(x, d, testRows);
  const standardizer =
    !refitGlobal && previous ? previous.full.standardizer : fitStandardizer(train, d, weightsOf(traffic, trainRows));
  standardize(standardizer, x);
  standardize(standardizer, train);

  const users = entityIds(
    previous?.full.users ?? [],
    trainRows.map((i) => lists[examples[i]?.list ?? -1]?.user ?? null),
  );
  const items = entityIds(
    previous?.full.items ?? [],
    trainRows.map((i) => examples[i]?.sku ?? null),
  );
  const userIndex = new Map(users.map((u, i) => [u, i]));
  const itemIndex = new Map(items.map((s, i) => [s, i]));
  const labels = Uint8Array.from(trainRows, (i) => examples[i]?.label ?? 0);
  const weights = weightsOf(traffic, trainRows);
  const effects: RandomEffectSpec[] = [
    {
      name: 'item',
      ids: Int32Array.from(trainRows, (i) => itemIndex.get(examples[i]?.sku ?? '') ?? -1),
      features: [-1],
      l2: options.itemL2 ?? 4,
      entityCount: items.length,
    },
    {
      name: 'user',
      ids: Int32Array.from(trainRows, (i) => userIndex.get(lists[examples[i]?.list ?? -1]?.user ?? '') ?? -1),
      features: [-1],
      l2: options.userL2 ?? 4,
      entityCount: users.length,
    },
  ];
  const common = {
    l2: options.l2 ?? 1,
    weights,
    ...(options.maxIterations ? { maxIterations: options.maxIterations } : {}),
  };
  const warm = sameFeatures ? previous : undefined;
  const fixGlobal = !refitGlobal && warm !== undefined;
  const fullFit = fitGlmix(
    { x: train, featureCount: d, labels },
    { ...common, effects, ...(warm ? { warmStart: warm.full.glmix } : {}), fixGlobal },
  );
  const globalModel =
    fixGlobal && warm
      ? warm.globalOnly.glmix
      : fitGlmix(
          { x: train, featureCount: d, labels },
          { ...common, ...(warm ? { warmStart: warm.globalOnly.glmix } : {}) },
        ).model;
  const globalFittedAt = fixGlobal && warm ? warm.full.globalFittedAt : options.now;
  const full: ResponseModel = {
    featureNames: names,
    standardizer,
    glmix: fullFit.model,
    items,
    users,
    fittedAt: options.now,
    globalFittedAt,
  };
  const globalOnly: ResponseModel = {
    featureNames: names,
    standardizer,
    glmix: globalModel,
    items: [],
    users: [],
    fittedAt: fixGlobal && warm ? warm.globalOnly.fittedAt : options.now,
    globalFittedAt,
  };

  const testLabels = Uint8Array.from(testRows, (i) => examples[i]?.label ?? 0);
  // Each model reads the held-out rows through its own standardisation.
  const score = (model: ResponseModel): Float64Array => {
    const scorer = new ResponseScorer(model);
    const test = rawTest.slice();
    standardize(model.standardizer, test);
    return Float64Array.from(testRows, (i, j) => {
      const e = examples[i];
      return scorer.logit(test, j, e?.sku ?? '', lists[e?.list ?? -1]?.user ?? null);
    });
  };
  const metrics: ResponseMetrics = {
    examples: n,
    trainExamples: trainRows.length,
    testExamples: testRows.length,
    clicks: traffic.counts.clicks,
    testClicks: testLabels.reduce((s, v) => s + v, 0),
    aucFull: auc(score(full), testLabels),
    aucGlobal: auc(score(globalOnly), testLabels),
    aucCompare:
      options.compare && sameNames(options.compare.featureNames, names) ? auc(score(options.compare), testLabels) : NaN,
    refitGlobal: !fixGlobal,
    iterations: fullFit.iterations,
  };
  return { full, globalOnly, metrics };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The previous ids in their order (so warm-started coefficients line up), then new ones as first seen. */
function entityIds(previous: readonly string[], seen: ReadonlyArray<string | null>): string[] {
  const ids = [...previous];
  const known = new Set(previous);
  for (const id of seen) {
    if (id === null || known.has(id)) continue;
    known.add(id);
    ids.push(id);
  }
  return ids;
}

function rowsOf(x: Float32Array, d: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, j) => out.set(x.subarray(r * d, (r + 1) * d), j * d));
  return out;
}

function weightsOf(traffic: LabelledTraffic, rows: readonly number[]): Float32Array {
  return Float32Array.from(rows, (i) => traffic.examples[i]?.weight ?? 1);
}

/**
 * Scores candidates with a response model: standardised features (the position column as if shown first, the
 * same for every candidate, so it never reorders them), the global part, and the item's and user's biases
 * where the model knows them.
 */
export class ResponseScorer {
  private readonly itemOf: ReadonlyMap<string, number>;
  private readonly userOf: ReadonlyMap<string, number>;
  private readonly itemEffect: number;
  private readonly userEffect: number;

  constructor(readonly model: ResponseModel) {
    this.itemOf = new Map(model.items.map((s, i) => [s, i]));
    this.userOf = new Map(model.users.map((u, i) => [u, i]));
    this.itemEffect = model.glmix.effects.findIndex((e) => e.name === 'item');
    this.userEffect = model.glmix.effects.findIndex((e) => e.name === 'user');
  }

  /** Row `row` of standardised x (featureNames wide, position included). */
  logit(x: ArrayLike<number>, row: number, sku: string, user: string | null): number {
    const { glmix } = this.model;
    const d = glmix.featureCount;
    let m = globalMargin(glmix, x, row);
    const item = glmix.effects[this.itemEffect];
    if (item) m += effectMargin(item, x, row, d, this.itemOf.get(sku) ?? -1);
    const u = glmix.effects[this.userEffect];
    if (u && user !== null) m += effectMargin(u, x, row, d, this.userOf.get(user) ?? -1);
    return m;
  }

  /** Log-odds of candidates from their raw features (rows × featureNames.length - 1, no position). */
  score(raw: Float32Array, skus: readonly string[], user: string | null): Float64Array {
    const d = this.model.featureNames.length;
    const n = skus.length;
    requireInput(raw.length === n * (d - 1), 'raw', `must hold ${n} rows × ${d - 1} features`);
    const x = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      x.set(raw.subarray(i * (d - 1), (i + 1) * (d - 1)), i * d);
      x[i * d + d - 1] = positionValue(0);
    }
    standardize(this.model.standardizer, x);
    return Float64Array.from(skus, (sku, i) => this.logit(x, i, sku, user));
  }

  /** The item's and the user's learnt click propensities (log-odds), 0 where unknown. */
  propensities(sku: string, user: string | null): { item: number; user: number } {
    const bias = (effect: number, entity: number | undefined): number => {
      const e = this.model.glmix.effects[effect];
      if (!e || entity === undefined) return 0;
      return e.coefficients[entity * e.features.length] ?? 0;
    };
    return {
      item: bias(this.itemEffect, this.itemOf.get(sku)),
      user: user === null ? 0 : bias(this.userEffect, this.userOf.get(user)),
    };
  }
}
