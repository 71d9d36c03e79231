// The benchmark's leave-one-out part: hyper-parameters and the served choice picked on the validation split
// (each customer's second-to-last sku held out), then every recommender refitted on the test split's training
// rows and measured once on the test split (the latest sku held out, the reference's own negatives).
import { candidateTable, searchBlendWeights, type CandidateTable } from '../../src/eval/recommender-choice.ts';
import { evaluateLoo, leaveOneOutSplit, type LooResult, type LooSplit } from '../../src/eval/leave-one-out.eval.ts';
import { blendRecommender, type BlendNormalisation } from '../../src/recommenders/blend.recommender.ts';
import { ialsRecommender, trainIals, type IalsOptions } from '../../src/recommenders/ials.model.ts';
import { itemKnnRecommender } from '../../src/recommenders/item-knn.recommender.ts';
import { buildItemSimilarity } from '../../src/recommenders/item-similarity.ts';
import { popularityRecommender } from '../../src/recommenders/popularity.recommender.ts';
import type { UserRecommender } from '../../src/recommenders/user-recommender.port.ts';
import { ITEM_TOWER_NEIGHBOURS, trainTwoTower, type TwoTowerConfig } from '../../src/two-tower/two-tower.model.ts';
import { twoTowerRecommender } from '../../src/two-tower/two-tower.recommender.ts';
import { referenceNegatives } from './reference-negatives.ts';

const fmt = (r: { hitRate: number; ndcg: number }): string => `${r.hitRate.toFixed(4)} / ${r.ndcg.toFixed(4)}`;

export interface LooOutcome {
  readonly test: readonly LooResult[];
  readonly served: LooResult;
  readonly servedPessimistic: LooResult;
  /** Test-split recommenders, for latency measurement. */
  readonly recommenders: readonly UserRecommender[];
  readonly ownNegatives: { readonly popularity: LooResult; readonly itemKnn: LooResult };
  readonly testSplit: LooSplit;
}

const KNN_DECAYS = [1, 0.9, 0.8, 0.7, 0.6, 0.5];
const IALS_GRID: readonly Partial<IalsOptions>[] = [
  { reg: 1, alpha: 3 },
  { reg: 5, alpha: 10 },
  { reg: 10, alpha: 20 },
  { reg: 20, alpha: 40 },
];

export function runLoo(histories: readonly Int32Array[], items: number, log: (line: string) => void): LooOutcome {
  const timer = (): (() => string) => {
    const t = performance.now();
    return () => `${((performance.now() - t) / 1000).toFixed(1)} s`;
  };
  const validation = leaveOneOutSplit(histories, items, { holdout: 2, seed: 1 });
  const test = leaveOneOutSplit(histories, items, { negativesFor: referenceNegatives(histories, items) });
  log(`validation: ${validation.cases.length} customers, second-to-last sku held out, 99 own-seed negatives`);

  // --- validation: tune, then choose ---
  const vSim = buildItemSimilarity(validation.train);
  let bestDecay = 1;
  let bestKnn: LooResult | undefined;
  for (const decay of KNN_DECAYS) {
    const r = evaluateLoo(itemKnnRecommender(vSim, { recencyDecay: decay }), validation);
    log(`  val item-kNN recency ${decay}: ${fmt(r)}`);
    if (!bestKnn || r.ndcg > bestKnn.ndcg) [bestKnn, bestDecay] = [r, decay];
  }
  let bestIals: Partial<IalsOptions> = IALS_GRID[0]!;
  let bestIalsResult: LooResult | undefined;
  let vIals: UserRecommender | undefined;
  for (const grid of IALS_GRID) {
    const took = timer();
    const rec = ialsRecommender(trainIals(validation.train, { ...grid, dim: 64, iterations: 15, solver: 'cg' }));
    const r = evaluateLoo(rec, validation);
    log(`  val iALS dim 64 reg ${grid.reg} alpha ${grid.alpha} (CG): ${fmt(r)} (${took()})`);
    if (!bestIalsResult || r.ndcg > bestIalsResult.ndcg) [bestIalsResult, bestIals, vIals] = [r, grid, rec];
  }
  const towerConfig: Partial<TwoTowerConfig> = {};
  const tookTower = timer();
  const vTowerSim = buildItemSimilarity(validation.train, { neighbours: ITEM_TOWER_NEIGHBOURS });
  const vTower = twoTowerRecommender(
    trainTwoTower(
      validation.cases.map((c) => c.history),
      vTowerSim,
      towerConfig,
    ),
  );
  const vTowerResult = evaluateLoo(vTower, validation);
  log(`  val two-tower: ${fmt(vTowerResult)} (${tookTower()})`);
  const vPop = popularityRecommender(validation.train);
  const vKnn = itemKnnRecommender(vSim, { recencyDecay: bestDecay });
  const singles = [
    { name: 'popularity', result: evaluateLoo(vPop, validation) },
    { name: 'item-kNN', result: bestKnn! },
    { name: 'iALS', result: bestIalsResult! },
    { name: 'two-tower', result: vTowerResult },
  ];
  const blendParts = [vKnn, vIals!, vTower];
  const blends: { how: BlendNormalisation; weights: readonly number[]; hitRate: number; ndcg: number }[] = [];
  for (const how of ['zscore', 'rrf'] as const) {
    const took = timer();
    const tables: CandidateTable[] = blendParts.map((r) => candidateTable(r, validation, how));
    const best = searchBlendWeights(tables, { steps: 10 });
    blends.push({ how, ...best });
    log(
      `  val blend ${how} item-kNN/iALS/two-tower weights ${best.weights.map((w) => w.toFixed(1)).join('/')}: ${fmt(best)} (${took()})`,
    );
  }
  const bestBlend = blends.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  const bestSingle = singles.reduce((a, b) => (b.result.ndcg > a.result.ndcg ? b : a));
  const serveBlend = bestBlend.ndcg > bestSingle.result.ndcg;
  log(
    `  served choice on validation: ${serveBlend ? `blend ${bestBlend.how} ${bestBlend.weights.join('/')}` : bestSingle.name}` +
      ` (item-kNN recency ${bestDecay}, iALS reg ${bestIals.reg} alpha ${bestIals.alpha})`,
  );

  // --- test: refit with the chosen settings, measure once ---
  log(`test: ${test.cases.length} customers, latest sku held out against the reference's 99 negatives`);
  const tSim = buildItemSimilarity(test.train);
  const pop = popularityRecommender(test.train);
  const knnPlain = itemKnnRecommender(tSim);
  const knn = itemKnnRecommender(tSim, { recencyDecay: bestDecay });
  const tookIals = timer();
  const ials = ialsRecommender(trainIals(test.train, { ...bestIals, dim: 64, iterations: 15, solver: 'exact' }), {
    name: `iALS reg ${bestIals.reg} alpha ${bestIals.alpha}`,
  });
  const ialsTime = tookIals();
  const tookTestTower = timer();
  const tTowerSim = buildItemSimilarity(test.train, { neighbours: ITEM_TOWER_NEIGHBOURS });
  const tower = twoTowerRecommender(
    trainTwoTower(
      test.cases.map((c) => c.history),
      tTowerSim,
      towerConfig,
    ),
  );
  const towerTime = tookTestTower();
  const served = serveBlend
    ? blendRecommender(
        [knn, ials, tower].map((recommender, p) => ({ recommender, weight: bestBlend.weights[p]! })),
        bestBlend.how,
        `served: blend ${bestBlend.how} ${bestBlend.weights.join('/')}`,
      )
    : [pop, knn, ials, tower][singles.indexOf(bestSingle)]!;
  const results = [pop, knnPlain, knn, ials, tower].map((r) => evaluateLoo(r, test));
  const servedResult = evaluateLoo(served, test);
  const servedPessimistic = evaluateLoo(served, test, { ties: 'pessimistic' });
  log(`  (iALS exact solve trained in ${ialsTime}, two-tower in ${towerTime})`);
  const own = leaveOneOutSplit(histories, items, { seed: 2026 });
  return {
    test: results,
    served: { ...servedResult, name: served.name },
    servedPessimistic,
    recommenders: [pop, knn, ials, tower, served],
    ownNegatives: {
      popularity: evaluateLoo(popularityRecommender(own.train), own),
      itemKnn: evaluateLoo(itemKnnRecommender(tSim), own),
    },
    testSplit: test,
  };
}
