// Chooses the shipped item2vec defaults on a validation split carved from the training period only
// (train < 2011-10-01, validate on October 2011), then reports the test split (from 2011-11-01) once.
// Run from the repo root: npx tsx packages/item2vec/scripts/tune.ts  (about half an hour on 2 busy cores).
import { loadRetailSessions, PROTOCOL_SPLIT, sessionsBetween, VALIDATION_SPLIT } from '@shopspace/datasets';
import {
  blendScorer,
  buildItemKnn,
  buildVocabulary,
  encodeSessions,
  evaluateNextItem,
  GENSIM_CONFIG,
  item2vecScorer,
  itemKnnScorer,
  leaveLastOutCases,
  popularityScorer,
  trainItem2vecSync,
  type Item2vecConfig,
  type Item2vecModel,
  type NextItemCase,
  type NextItemScorer,
  type RankingMetrics,
} from '../src/index.ts';

type Similarity = 'cosine' | 'output';
const SIMILARITIES: readonly Similarity[] = ['cosine', 'output'];
const DECAYS = [1, 0.6, 0.4, 0.2];
const SEEDS = [1, 2];
/** A change of one hyper-parameter must beat the current value by this much NDCG@10 (seed noise is ~0.003). */
const MIN_GAIN = 0.001;
const GRID: { readonly [K in keyof Item2vecConfig]?: readonly Item2vecConfig[K][] } = {
  mode: ['cbow', 'skipgram'],
  window: [1, 2, 3, 5, 8, 0],
  epochs: [5, 10, 20, 40],
  negative: [3, 5, 10, 20],
  nsExponent: [-0.5, 0, 0.5, 0.75, 1],
  sample: [0, 1e-5, 1e-4, 1e-3, 1e-2],
  dim: [32, 64, 128],
  alpha: [0.0125, 0.025, 0.05],
  minCount: [1, 2, 3, 5],
};

interface Split {
  readonly train: string[][];
  readonly catalogSize: number;
  readonly cases: readonly NextItemCase[];
  readonly evaluate: (scorer: NextItemScorer) => RankingMetrics;
  readonly i2v: (model: Item2vecModel, similarity: Similarity, recencyDecay: number) => NextItemScorer;
  readonly knn: (recencyDecay: number) => NextItemScorer;
  readonly popularity: NextItemScorer;
}

function makeSplit(train: string[][], test: string[][]): Split {
  const catalog = buildVocabulary(train, { order: 'first-seen' });
  const { cases } = leaveLastOutCases(catalog, test);
  const knn = buildItemKnn(encodeSessions(catalog, train), catalog.ids.length);
  return {
    train,
    catalogSize: catalog.ids.length,
    cases,
    evaluate: (scorer) => evaluateNextItem(cases, catalog.ids.length, scorer, { k: 10 }),
    i2v: (model, similarity, recencyDecay) => item2vecScorer(model, catalog, { similarity, recencyDecay }),
    knn: (recencyDecay) => itemKnnScorer(knn, { recencyDecay }),
    popularity: popularityScorer(catalog.counts),
  };
}

const fmt = (m: RankingMetrics): string =>
  `HR@10 ${m.hitRate.toFixed(4)}  NDCG@10 ${m.ndcg.toFixed(4)}  MRR ${m.mrr.toFixed(4)}`;
const log = (...parts: unknown[]): void => console.log(...parts);
const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 60_000).toFixed(1)} min`;

// ---- data
const sessions = loadRetailSessions();
const validation = makeSplit(
  sessionsBetween(sessions, VALIDATION_SPLIT.train),
  sessionsBetween(sessions, VALIDATION_SPLIT.test),
);
log(
  `validation: ${validation.train.length} train sessions (< 2011-10-01), ${validation.cases.length} cases (October 2011)`,
);

// ---- baselines on validation
log(`popularity           ${fmt(validation.evaluate(validation.popularity))}`);
let knnDecay = 1;
let knnBest = -1;
for (const decay of [1, 0.8, 0.6, 0.4, 0.2, 0]) {
  const m = validation.evaluate(validation.knn(decay));
  log(`item-kNN decay ${decay.toFixed(1)}   ${fmt(m)}`);
  if (m.ndcg > knnBest + MIN_GAIN) [knnBest, knnDecay] = [m.ndcg, decay];
}
log(`→ item-kNN recency decay ${knnDecay}`);

// ---- item2vec: coordinate descent, one seed-averaged training per config serving both similarity families
type Scores = Record<Similarity, { ndcg: number; decay: number }>;
const cache = new Map<string, Scores>();
function validate(config: Item2vecConfig): Scores {
  const key = JSON.stringify(config);
  const cached = cache.get(key);
  if (cached) return cached;
  const sums = new Map<string, number>();
  for (const seed of SEEDS) {
    const model = trainItem2vecSync(validation.train, { ...config, seed });
    for (const similarity of SIMILARITIES) {
      for (const decay of DECAYS) {
        const id = `${similarity}:${decay}`;
        sums.set(
          id,
          (sums.get(id) ?? 0) + validation.evaluate(validation.i2v(model, similarity, decay)).ndcg / SEEDS.length,
        );
      }
    }
  }
  const best = (similarity: Similarity) =>
    DECAYS.map((decay) => ({ decay, ndcg: sums.get(`${similarity}:${decay}`) ?? 0 })).reduce((a, b) =>
      b.ndcg > a.ndcg ? b : a,
    );
  const scores: Scores = { cosine: best('cosine'), output: best('output') };
  cache.set(key, scores);
  const changed = Object.entries(config).filter(
    ([k, v]) => k !== 'threads' && GENSIM_CONFIG[k as keyof Item2vecConfig] !== v,
  );
  log(
    `  ${JSON.stringify(Object.fromEntries(changed))}  cosine ${scores.cosine.ndcg.toFixed(4)} (decay ${scores.cosine.decay})` +
      `  output ${scores.output.ndcg.toFixed(4)} (decay ${scores.output.decay})  [${elapsed()}]`,
  );
  return scores;
}

function descend(similarity: Similarity): { config: Item2vecConfig; ndcg: number; decay: number } {
  let config: Item2vecConfig = { ...GENSIM_CONFIG, threads: 1 };
  let current = validate(config)[similarity];
  for (let pass = 1; pass <= 2; pass++) {
    let moved = false;
    for (const [field, values] of Object.entries(GRID) as [keyof Item2vecConfig, readonly unknown[]][]) {
      for (const value of values) {
        const candidate = { ...config, [field]: value };
        // Whole-session skip-gram is quadratic in session length (hours here); only CBOW gets window 0.
        if (candidate.mode === 'skipgram' && candidate.window === 0) continue;
        if (candidate[field] === config[field]) continue;
        const score = validate(candidate)[similarity];
        if (score.ndcg > current.ndcg + MIN_GAIN) [config, current, moved] = [candidate, score, true];
      }
    }
    log(
      `${similarity} pass ${pass}: ${JSON.stringify(config)} NDCG@10 ${current.ndcg.toFixed(4)} decay ${current.decay}`,
    );
    if (!moved) break;
  }
  return { config, ...current };
}

const chosen = Object.fromEntries(
  SIMILARITIES.map((similarity) => {
    log(`\n${similarity}: coordinate descent from gensim's defaults`);
    return [similarity, descend(similarity)];
  }),
) as Record<Similarity, ReturnType<typeof descend>>;

// ---- blend: item2vec (its chosen config) + item-kNN, one recency decay for both parts, weight of item2vec
log('\nblend: item2vec + item-kNN on validation (seed 1 models)');
let blend = { similarity: 'cosine' as Similarity, decay: 1, weight: 1, ndcg: -1 };
for (const similarity of SIMILARITIES) {
  const model = trainItem2vecSync(validation.train, { ...chosen[similarity].config, seed: 1 });
  for (const decay of DECAYS) {
    const row: string[] = [];
    for (let w = 0; w <= 10; w++) {
      const weight = w / 10;
      const scorer = blendScorer([
        { scorer: validation.i2v(model, similarity, decay), weight },
        { scorer: validation.knn(decay), weight: 1 - weight },
      ]);
      const m = validation.evaluate(scorer);
      row.push(m.ndcg.toFixed(4));
      if (m.ndcg > blend.ndcg + MIN_GAIN) blend = { similarity, decay, weight, ndcg: m.ndcg };
    }
    log(`  ${similarity} decay ${decay}: NDCG@10 for item2vec weight 0.0..1.0: ${row.join(' ')}`);
  }
}
log(`→ blend ${JSON.stringify(blend)}  [${elapsed()}]`);

// ---- the shipped default: the best of the three on validation
const candidates = [
  { name: 'item2vec cosine', ndcg: chosen.cosine.ndcg },
  { name: 'item2vec output', ndcg: chosen.output.ndcg },
  { name: 'blend', ndcg: blend.ndcg },
];
const shipped = candidates.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
log(`\nshipped default (best validation NDCG@10): ${shipped.name}`);

// ---- test, once: train on everything before 2011-11-01 with the chosen settings
const test = makeSplit(sessionsBetween(sessions, PROTOCOL_SPLIT.train), sessionsBetween(sessions, PROTOCOL_SPLIT.test));
log(`\ntest: ${test.train.length} train sessions (< 2011-11-01), ${test.cases.length} cases (from 2011-11-01), seed 1`);
const models = Object.fromEntries(
  SIMILARITIES.map((s) => [s, trainItem2vecSync(test.train, { ...chosen[s].config, seed: 1 })]),
) as Record<Similarity, Item2vecModel>;
const rows: [string, NextItemScorer][] = [
  ['popularity', test.popularity],
  ['item-kNN (anchor)', test.knn(1)],
  [`item-kNN, recency decay ${knnDecay}`, test.knn(knnDecay)],
  [
    'item2vec gensim defaults, cosine',
    test.i2v(trainItem2vecSync(test.train, { ...GENSIM_CONFIG, threads: 1 }), 'cosine', 1),
  ],
  [`item2vec cosine, decay ${chosen.cosine.decay}`, test.i2v(models.cosine, 'cosine', chosen.cosine.decay)],
  [`item2vec output, decay ${chosen.output.decay}`, test.i2v(models.output, 'output', chosen.output.decay)],
  [
    `blend ${blend.weight} × item2vec ${blend.similarity} + ${(1 - blend.weight).toFixed(1)} × item-kNN, decay ${blend.decay}`,
    blendScorer([
      { scorer: test.i2v(models[blend.similarity], blend.similarity, blend.decay), weight: blend.weight },
      { scorer: test.knn(blend.decay), weight: 1 - blend.weight },
    ]),
  ],
];
log('\n| scorer | HR@10 | NDCG@10 | MRR |\n| --- | --- | --- | --- |');
for (const [name, scorer] of rows) {
  const m = test.evaluate(scorer);
  log(`| ${name} | ${m.hitRate.toFixed(4)} | ${m.ndcg.toFixed(4)} | ${m.mrr.toFixed(4)} |`);
}
log(`\nchosen configs:\n${JSON.stringify({ chosen, blend, knnDecay }, null, 2)}\n[${elapsed()}]`);
