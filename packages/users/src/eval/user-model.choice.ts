// What a shop serves as user recommendations, chosen on its own users: every recommender (popularity,
// item-kNN with a recency decay, iALS, the two-tower) and their z-score blend are tuned and compared on a
// validation split (each evaluated user's second-to-last item held out), the choice is refit on the test
// split's training rows and measured once on the test split (the latest item held out against sampled items
// the user never touched), and that refit is what serves: every recommender here is inductive, so scoring a
// user's full history with it needs no other fit.
import { buildInteractions, type InteractionMatrix } from '../interactions/interaction-matrix.ts';
import { blendRecommender } from '../recommenders/blend.recommender.ts';
import { ialsRecommender, trainIals, type IalsOptions } from '../recommenders/ials.model.ts';
import { itemKnnRecommender } from '../recommenders/item-knn.recommender.ts';
import { buildItemSimilarity } from '../recommenders/item-similarity.ts';
import { popularityRecommender } from '../recommenders/popularity.recommender.ts';
import type { UserRecommender } from '../recommenders/user-recommender.port.ts';
import { ITEM_TOWER_NEIGHBOURS, trainTwoTower, type TwoTowerConfig } from '../two-tower/two-tower.model.ts';
import { twoTowerRecommender } from '../two-tower/two-tower.recommender.ts';
import { requireInput } from '../users.errors.ts';
import { candidateTable, searchBlendWeights } from './recommender-choice.ts';
import { evaluateLoo, leaveOneOutSplit, type LooResult, type LooSplit } from './leave-one-out.eval.ts';

export type UserModelKind = 'popularity' | 'item-knn' | 'ials' | 'two-tower' | 'blend';

export interface UserModelChoiceOptions {
  /** Users with at least this many distinct items are evaluated (the reference's 5). */
  readonly minHistory?: number;
  /** Sampled negatives per case (99: the item ranked among 100). */
  readonly negatives?: number;
  readonly knnDecays?: readonly number[];
  readonly ialsGrid?: readonly Partial<IalsOptions>[];
  /** false skips the two-tower (its fit is the slow part); otherwise overrides of its configuration. */
  readonly twoTower?: Partial<TwoTowerConfig> | false;
  /** At most this many users are evaluated (a seeded sample), so a large shop's choice stays bounded. */
  readonly maxEvaluated?: number;
  readonly seed?: number;
  /** iALS solve of the served fit: 'cg' (default: as good here, about a third of the time) or 'exact'. */
  readonly solver?: 'cg' | 'exact';
  readonly onProgress?: (fraction: number) => void;
}

export interface UserModelFigures {
  readonly 'hr@10': number;
  readonly 'ndcg@10': number;
}

export interface UserModelChoice {
  readonly kind: UserModelKind;
  /** In words: what serves and why ("blend of …: NDCG@10 0.54 on validation, best single 0.44 (two-tower)"). */
  readonly summary: string;
  /** The served recommender, fit on every user's history but their latest item; scores any history. */
  readonly recommender: UserRecommender;
  readonly settings: {
    readonly knnDecay: number;
    readonly ials: Partial<IalsOptions>;
    readonly blendWeights?: readonly number[];
  };
  /** Per recommender (and `served`), on validation and on test. */
  readonly validation: Record<string, UserModelFigures>;
  readonly test: Record<string, UserModelFigures>;
  readonly cases: { readonly validation: number; readonly test: number };
}

const DEFAULTS = {
  minHistory: 5,
  negatives: 99,
  knnDecays: [1, 0.8, 0.6],
  ialsGrid: [
    { reg: 1, alpha: 3 },
    { reg: 5, alpha: 10 },
  ] as readonly Partial<IalsOptions>[],
  maxEvaluated: 5_000,
  seed: 2026,
  solver: 'cg' as 'cg' | 'exact',
};

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
const figures = (r: LooResult): UserModelFigures => ({ 'hr@10': round(r.hitRate), 'ndcg@10': round(r.ndcg) });

/** A split over the evaluated users whose models also learn from every other user's whole history. */
function splitWith(
  evaluated: readonly Int32Array[],
  others: readonly Int32Array[],
  items: number,
  holdout: number,
  negatives: number,
  seed: number,
): LooSplit & { readonly histories: readonly Int32Array[] } {
  const split = leaveOneOutSplit(evaluated, items, { holdout, negatives, seed });
  const histories = [...split.cases.map((c) => c.history), ...others];
  const train: InteractionMatrix = buildInteractions(histories, items);
  return { ...split, train, histories };
}

interface Fitted {
  readonly popularity: UserRecommender;
  readonly knn: UserRecommender;
  readonly ials: UserRecommender;
  readonly tower: UserRecommender | null;
}

function fit(
  split: ReturnType<typeof splitWith>,
  knnDecay: number,
  ials: Partial<IalsOptions>,
  tower: Partial<TwoTowerConfig> | false,
  solver: 'cg' | 'exact',
): Fitted {
  const similarity = buildItemSimilarity(split.train);
  return {
    popularity: popularityRecommender(split.train),
    knn: itemKnnRecommender(similarity, { recencyDecay: knnDecay }),
    ials: ialsRecommender(trainIals(split.train, { dim: 64, iterations: 15, ...ials, solver })),
    tower:
      tower === false
        ? null
        : twoTowerRecommender(
            trainTwoTower(
              split.histories,
              buildItemSimilarity(split.train, { neighbours: ITEM_TOWER_NEIGHBOURS }),
              tower,
            ),
          ),
  };
}

/**
 * Chooses the served user recommender on validation and measures it on test. `histories[u]` holds user u's
 * distinct items in the order first taken. Needs at least 20 users with `minHistory` items; with fewer the
 * caller serves popularity (nothing can be validated).
 */
export function chooseUserModel(
  histories: readonly Int32Array[],
  items: number,
  options: UserModelChoiceOptions = {},
): UserModelChoice {
  const o = { ...DEFAULTS, ...options };
  const progress = options.onProgress ?? (() => {});
  const towerConfig = options.twoTower ?? {};
  const isEvaluated = (h: Int32Array): boolean => h.length >= Math.max(3, o.minHistory);
  let evaluated = histories.filter(isEvaluated);
  const others = histories.filter((h) => !isEvaluated(h));
  requireInput(evaluated.length >= 20, 'histories', `needs at least 20 users with ${o.minHistory} items`);
  requireInput(items > o.negatives + 1, 'items', `needs more than ${o.negatives + 1} items to sample negatives`);
  if (evaluated.length > o.maxEvaluated) {
    // A seeded, order-independent sample: the rest still train the models.
    const keyed = evaluated.map((h, i) => ({ h, key: Math.sin(i * 12.9898 + o.seed) * 43758.5453 }));
    keyed.sort((a, b) => (a.key % 1) - (b.key % 1));
    others.push(...keyed.slice(o.maxEvaluated).map((x) => x.h));
    evaluated = keyed.slice(0, o.maxEvaluated).map((x) => x.h);
  }

  // Validation: tune each family, then compare them and their blend.
  const validation = splitWith(evaluated, others, items, 2, o.negatives, o.seed);
  const vSimilarity = buildItemSimilarity(validation.train);
  const val: Record<string, UserModelFigures> = {};
  let knnDecay = o.knnDecays[0] ?? 1;
  let bestKnn = -1;
  for (const decay of o.knnDecays) {
    const r = evaluateLoo(itemKnnRecommender(vSimilarity, { recencyDecay: decay }), validation);
    if (r.ndcg > bestKnn) [bestKnn, knnDecay] = [r.ndcg, decay];
  }
  progress(0.1);
  let ials = o.ialsGrid[0] ?? {};
  let bestIals = -1;
  o.ialsGrid.forEach((grid, g) => {
    const r = evaluateLoo(
      ialsRecommender(trainIals(validation.train, { dim: 64, iterations: 15, ...grid, solver: 'cg' })),
      validation,
    );
    if (r.ndcg > bestIals) [bestIals, ials] = [r.ndcg, grid];
    progress(0.1 + (0.2 * (g + 1)) / o.ialsGrid.length);
  });
  const v = fit(validation, knnDecay, ials, towerConfig, 'cg');
  progress(0.5);
  const singles: Array<{ kind: UserModelKind; rec: UserRecommender }> = [
    { kind: 'popularity', rec: v.popularity },
    { kind: 'item-knn', rec: v.knn },
    { kind: 'ials', rec: v.ials },
    ...(v.tower ? [{ kind: 'two-tower' as const, rec: v.tower }] : []),
  ];
  const valResults = singles.map((s) => ({ ...s, result: evaluateLoo(s.rec, validation) }));
  for (const s of valResults) val[s.kind] = figures(s.result);
  const parts = [v.knn, v.ials, ...(v.tower ? [v.tower] : [])];
  const blend = searchBlendWeights(
    parts.map((p) => candidateTable(p, validation, 'zscore')),
    { steps: 10 },
  );
  val['blend'] = { 'hr@10': round(blend.hitRate), 'ndcg@10': round(blend.ndcg) };
  const bestSingle = valResults.reduce((a, b) => (b.result.ndcg > a.result.ndcg ? b : a));
  const blendWins = blend.ndcg > bestSingle.result.ndcg && blend.weights.filter((w) => w > 0).length > 1;
  const kind: UserModelKind = blendWins ? 'blend' : bestSingle.kind;
  progress(0.6);

  // Test: refit with the chosen settings on all but each user's latest item, measure once.
  const test = splitWith(evaluated, others, items, 1, o.negatives, o.seed + 1);
  const t = fit(test, knnDecay, ials, kind === 'blend' || kind === 'two-tower' ? towerConfig : false, o.solver);
  progress(0.9);
  const testParts = [t.knn, t.ials, ...(t.tower ? [t.tower] : [])];
  const byKind: Record<Exclude<UserModelKind, 'blend'>, UserRecommender | null> = {
    popularity: t.popularity,
    'item-knn': t.knn,
    ials: t.ials,
    'two-tower': t.tower,
  };
  const served =
    kind === 'blend'
      ? blendRecommender(
          testParts.map((recommender, p) => ({ recommender, weight: blend.weights[p] ?? 0 })),
          'zscore',
          'blend',
        )
      : byKind[kind]!;
  const tst: Record<string, UserModelFigures> = {};
  for (const [name, rec] of Object.entries(byKind)) if (rec) tst[name] = figures(evaluateLoo(rec, test));
  tst['served'] = figures(evaluateLoo(served, test));
  val['served'] = val[kind]!;
  progress(1);

  const names: Record<UserModelKind, string> = {
    popularity: 'popularity',
    'item-knn': `item-kNN (recency ${knnDecay})`,
    ials: `iALS (reg ${ials.reg}, alpha ${ials.alpha})`,
    'two-tower': 'two-tower',
    blend: `blend of item-kNN/iALS${v.tower ? '/two-tower' : ''} (${blend.weights.map((w) => w.toFixed(1)).join('/')})`,
  };
  const summary = blendWins
    ? `${names.blend}: NDCG@10 ${blend.ndcg.toFixed(3)} on validation, best single ${bestSingle.result.ndcg.toFixed(3)} (${names[bestSingle.kind]})`
    : `${names[kind]}: best NDCG@10 on validation (${bestSingle.result.ndcg.toFixed(3)}; blend ${blend.ndcg.toFixed(3)})`;
  return {
    kind,
    summary,
    recommender: served,
    settings: { knnDecay, ials, ...(blendWins ? { blendWeights: blend.weights } : {}) },
    validation: val,
    test: tst,
    cases: { validation: validation.cases.length, test: test.cases.length },
  };
}
