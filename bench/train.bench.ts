// Speed goal of issue 3 (item 6): trains item2vec on the uk shop's sessions with gensim's hyper-parameters
// (CBOW, dim 64, window 5, negative 5, sample 1e-3, 10 epochs, min_count 2) on all cores, then gensim 4.2 on
// the same corpus in the same invocation (when /usr/bin/python3 has gensim), and compares words/s and quality.
// Run: npx tsx bench/train.bench.ts [--runs 3] [--kernels]   (--kernels adds single-thread SIMD and scalar JS)
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  buildVocabulary,
  evaluateNextItem,
  GENSIM_CONFIG,
  item2vecScorer,
  leaveLastOutCases,
  trainItem2vec,
  trainItem2vecSync,
  vocabularyFrom,
  type Item2vecModel,
  type KernelKind,
} from '../packages/item2vec/src/index.ts';
import { gensimAvailable, runGensim } from './lib/gensim-peer.ts';
import { loadRetailSessions, PROTOCOL_SPLIT, sessionsBetween } from './lib/online-retail.ts';
import { progressPrinter } from './lib/progress.ts';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, kernels: { type: 'boolean', default: false } },
});
const runs = Math.max(1, Number(args.runs));
const cores = availableParallelism();
const config = { ...GENSIM_CONFIG, threads: cores }; // CBOW 64/5/5/1e-3/10 epochs/min_count 2, seed 1

const sessions = loadRetailSessions();
const train = sessionsBetween(sessions, PROTOCOL_SPLIT.train);
const test = sessionsBetween(sessions, PROTOCOL_SPLIT.test);
const tokens = train.reduce((sum, s) => sum + s.length, 0);
const words = tokens * config.epochs;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mps = (seconds: number): string => `${(words / seconds / 1e6).toFixed(2)} M words/s`;
const list = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(', ');

console.log(`uk sessions before 2011-11-01: ${train.length} sessions, ${tokens} tokens; ${cores} cores`);
console.log(
  `words/s = corpus tokens (all ${tokens}, incl. items under min_count) × ${config.epochs} epochs / wall seconds of one\n` +
    `training call from the raw sessions (vocabulary + training), the same for both; median of ${runs} runs.\n`,
);

// ---- ours, all cores
const ours: number[] = [];
let model: Item2vecModel | undefined;
for (let run = 1; run <= runs; run++) {
  const started = performance.now();
  model = await trainItem2vec(train, config, { onProgress: progressPrinter(`item2vec run ${run}/${runs}`) });
  ours.push((performance.now() - started) / 1000);
}
console.log(
  `item2vec ${cores} threads (WebAssembly SIMD): median ${median(ours).toFixed(2)} s = ${mps(median(ours))}  (runs: ${list(ours)} s)`,
);

if (args.kernels) {
  for (const kernel of ['simd', 'scalar'] as KernelKind[]) {
    const times: number[] = [];
    for (let run = 1; run <= (kernel === 'scalar' ? 1 : runs); run++) {
      times.push(
        trainItem2vecSync(train, config, { kernel, onProgress: progressPrinter(`${kernel} 1 thread`) }).stats.seconds,
      );
    }
    console.log(
      `item2vec 1 thread, ${kernel} kernel: median ${median(times).toFixed(2)} s = ${mps(median(times))}  (runs: ${list(times)} s)`,
    );
  }
}

// ---- gensim, same corpus, all cores
let peer: Item2vecModel | undefined;
if (gensimAvailable()) {
  console.log(
    `\ngensim: ${runs} runs of Word2Vec(sg=0, vector_size=64, window=5, negative=5, sample=1e-3, epochs=10, min_count=2, workers=${cores})`,
  );
  const g = runGensim(
    train,
    { sg: 0, vectorSize: 64, window: 5, negative: 5, sample: 1e-3, minCount: 2, epochs: 10, workers: cores, seed: 1 },
    runs,
  );
  console.log(
    `gensim ${g.version} workers=${cores}: median ${median(g.seconds).toFixed(2)} s = ${mps(median(g.seconds))}  (runs: ${list(g.seconds)} s)`,
  );
  console.log(
    `  gensim's own count for its last run: ${g.rawWords} raw words, ${g.effectiveWords} effective (after min_count and down-sampling)`,
  );
  console.log(`\nratio item2vec / gensim (words/s): ${(median(g.seconds) / median(ours)).toFixed(2)}×`);
  peer = {
    vocabulary: vocabularyFrom(g.ids, new Array<number>(g.ids.length).fill(0)),
    dim: 64,
    vectors: g.vectors,
    outputVectors: g.outputVectors,
    config: GENSIM_CONFIG,
    stats: { words, effectiveWords: g.effectiveWords, seconds: median(g.seconds), threads: cores },
  };
} else {
  console.log('\ngensim not available (apt-get install -y python3-gensim): no comparison');
}

// ---- quality on the shared test split, same evaluator for both models
const catalog = buildVocabulary(train, { order: 'first-seen' });
const { cases } = leaveLastOutCases(catalog, test);
console.log(
  `\nnext-item quality on the shared test split (${cases.length} cases, ranked over ${catalog.ids.length} items):`,
);
for (const [name, m] of [
  ['item2vec', model],
  ['gensim', peer],
] as const) {
  if (!m) continue;
  const line = (['cosine', 'output'] as const).map((similarity) => {
    const r = evaluateNextItem(cases, catalog.ids.length, item2vecScorer(m, catalog, { similarity }));
    return `${similarity}: HR@10 ${r.hitRate.toFixed(4)} NDCG@10 ${r.ndcg.toFixed(4)}`;
  });
  console.log(`  ${name.padEnd(9)} ${line.join('   ')}`);
}
console.log(
  "  (cosine = mean of the context vectors against item vectors, the anchor's scoring; output = against output vectors)",
);
