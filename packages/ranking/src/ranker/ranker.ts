// The second stage: the union of the generators' candidates, featurised, standardised and scored by a GLMix
// model (global weights + per-item and per-user effects); the best k by log-odds are served.
import type { SessionQuery } from '../data/session-query.ts';
import type { CandidateGenerator, Candidates, ItemFilter } from '../generators/candidate-generator.ts';
import { UnionBuilder, type CandidateUnion } from '../features/candidate-union.ts';
import { FeatureExtractor, type FeatureSources } from '../features/feature-extractor.ts';
import { standardize, type Standardizer } from '../features/standardizer.ts';
import { effectMargin, globalMargin, type GlmixModel } from '../glmix/glmix.model.ts';

export interface RankerParts {
  readonly generators: readonly CandidateGenerator[];
  readonly sources: Omit<FeatureSources, 'generatorNames'>;
  readonly standardizer: Standardizer;
  readonly model: GlmixModel;
  /** Candidates asked of each generator. */
  readonly perGenerator: number;
}

export interface ScoredUnion {
  readonly union: CandidateUnion;
  /** Standardised features, union.items.length × dim. */
  readonly x: Float32Array;
  readonly logits: Float64Array;
}

/** Random effects the ranker knows how to key: the candidate item and the session's user. */
export type EffectKey = 'item' | 'user';

export class Ranker {
  readonly extractor: FeatureExtractor;
  private readonly unions: UnionBuilder;
  private readonly keys: EffectKey[];

  constructor(readonly parts: RankerParts) {
    this.extractor = new FeatureExtractor({ ...parts.sources, generatorNames: parts.generators.map((g) => g.name) });
    this.unions = new UnionBuilder(parts.generators, parts.sources.stats.sessions.length);
    this.keys = parts.model.effects.map((e) => (e.name === 'user' ? 'user' : 'item'));
  }

  get featureNames(): readonly string[] {
    return this.extractor.names;
  }

  score(query: SessionQuery, allow?: ItemFilter): ScoredUnion {
    return this.scoreUnion(query, this.unions.build(query, this.parts.perGenerator, allow));
  }

  /** Scores a union built elsewhere (the chooser reuses one union across hyper-parameter trials). */
  scoreUnion(query: SessionQuery, union: CandidateUnion): ScoredUnion {
    return { union, ...this.scoreWith(query, union, []) };
  }

  /**
   * Standardised features and log-odds of given items for a query (the response model reads them for items
   * tracking saw shown): the union is built as for serving; items no generator proposed get the features of a
   * candidate nobody proposed. Row r is items[r].
   */
  featuresFor(query: SessionQuery, items: ArrayLike<number>): { x: Float32Array; logits: Float64Array } {
    const union = this.unions.build(query, this.parts.perGenerator);
    const size = union.items.length;
    const rowOf = new Map<number, number>();
    union.items.forEach((item, i) => rowOf.set(item, i));
    const extra: number[] = [];
    for (let r = 0; r < items.length; r++) {
      const item = items[r] ?? 0;
      if (!rowOf.has(item)) rowOf.set(item, size + extra.push(item) - 1);
    }
    const all = this.scoreWith(query, union, extra);
    const dim = this.extractor.dim;
    const x = new Float32Array(items.length * dim);
    const logits = new Float64Array(items.length);
    for (let r = 0; r < items.length; r++) {
      const row = rowOf.get(items[r] ?? 0) ?? 0;
      x.set(all.x.subarray(row * dim, (row + 1) * dim), r * dim);
      logits[r] = all.logits[row] ?? 0;
    }
    return { x, logits };
  }

  private scoreWith(
    query: SessionQuery,
    union: CandidateUnion,
    extra: readonly number[],
  ): { x: Float32Array; logits: Float64Array } {
    const size = union.items.length + extra.length;
    const dim = this.extractor.dim;
    const x = new Float32Array(size * dim);
    this.extractor.extract(query, union, this.parts.perGenerator, x, 0, extra);
    standardize(this.parts.standardizer, x);
    const { model } = this.parts;
    const logits = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      let m = globalMargin(model, x, i);
      const item = i < union.items.length ? (union.items[i] ?? -1) : (extra[i - union.items.length] ?? -1);
      for (let e = 0; e < model.effects.length; e++) {
        const effect = model.effects[e];
        if (!effect) continue;
        m += effectMargin(effect, x, i, dim, this.keys[e] === 'user' ? query.user : item);
      }
      logits[i] = m;
    }
    return { x, logits };
  }

  /** The k candidates of highest log-odds, best first; ties by union order. */
  recommend(query: SessionQuery, k: number, allow?: ItemFilter): Candidates {
    return topOf(this.score(query, allow), k);
  }
}

/** The k candidates of a scored union with the highest log-odds, best first; ties by union order. */
export function topOf({ union, logits }: ScoredUnion, k: number): Candidates {
  // Insertion into a sorted prefix: k is small (a page of recommendations), the union a few hundred.
  const want = Math.max(0, Math.min(k, logits.length));
  const top = new Int32Array(want);
  let size = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i] ?? 0;
    if (size === want && !(z > (logits[top[size - 1] ?? 0] ?? 0))) continue;
    let at = size < want ? size++ : size - 1;
    while (at > 0 && z > (logits[top[at - 1] ?? 0] ?? 0)) {
      top[at] = top[at - 1] ?? 0;
      at--;
    }
    top[at] = i;
  }
  return {
    items: Int32Array.from(top, (i) => union.items[i] ?? 0),
    scores: Float32Array.from(top, (i) => logits[i] ?? 0),
  };
}
