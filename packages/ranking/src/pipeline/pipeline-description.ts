// The chosen pipeline in words and numbers: what is served (one generator, or the ranker over a union), how it
// was configured and what validation measured. JSON-safe; it is the pipeline component's payload.

export type PipelineKind = 'generator' | 'ranker';

export interface GeneratorSpec {
  readonly name: string;
  readonly family: string;
  /** No component of this package: the server passes the generator in by name (a feature tower...). */
  readonly external: boolean;
  /** Query-time parameters of a built-in generator (its component holds the fitted index). */
  readonly params: Readonly<Record<string, number | string | null>>;
}

export interface RankerConfig {
  /** Candidates asked of each generator. */
  readonly perGenerator: number;
  /** L2 of the global weights. */
  readonly l2: number;
  /** L2 of the per-item biases; 0 = no item effect. */
  readonly itemL2: number;
  /** L2 of the per-user coefficients; 0 = no user effect. */
  readonly userL2: number;
  readonly prefixMode: 'last' | 'mixed';
}

export interface RankerSpec {
  readonly config: RankerConfig;
  readonly featureNames: readonly string[];
  /** The generators whose components also feed features (user history, item-kNN rows, the embedding). */
  readonly sources: { readonly history: string | null; readonly knn: string | null; readonly embedding: string | null };
  /** Random effects in model order, with the features they multiply ('bias' = the intercept). */
  readonly effects: ReadonlyArray<{ readonly name: 'item' | 'user'; readonly features: readonly string[] }>;
}

export interface ValidationEntry {
  readonly name: string;
  readonly kind: PipelineKind;
  readonly hitRate: number;
  readonly ndcg: number;
  readonly mrr: number;
}

export interface ValidationSummary {
  /** The validation window [from, to) (ms) and the gap left before it. */
  readonly from: number;
  readonly to: number;
  readonly gapDays: number;
  readonly cases: number;
  readonly entries: readonly ValidationEntry[];
}

export interface PipelineDescription {
  readonly format: 1;
  readonly kind: PipelineKind;
  readonly name: string;
  /** One line for humans, e.g. "ranker over …: beat V-SKNN by 0.021 NDCG@10 on validation". */
  readonly summary: string;
  /** End of the log the served components were fit on (ms). */
  readonly fittedAt: number;
  readonly generators: readonly GeneratorSpec[];
  readonly ranker: RankerSpec | null;
  readonly validation: ValidationSummary | null;
}
