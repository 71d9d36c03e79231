// `pnpm bench:ranking-quality [--shop uk|eu] [--no-item2vec] [--no-reference]`: the shared next-item protocol on
// Online Retail ("Online Retail", Chen, Sain & Guo 2012, UCI, CC BY 4.0) uk and eu. Prints the reference
// configurations of this package's generators, every generator variant the chooser refit, the served choice
// (with its validation table and a paired comparison against the best single generator), serving latency per
// query and the component files' round trip, beside /work/shared/tools/anchors/session_baselines.mjs run in
// the same invocation (in parallel, when that directory exists).
// Goals: uk served HR@10 >= 0.30 and NDCG@10 >= 0.22; eu served >= V-SKNN 0.606 / 0.553; served >= best single
// generator within its CI; full-pipeline p99 well under 2 ms on uk.
import { ANCHORS_DIR } from '@shopspace/datasets';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import {
  buildItemKnnIndex,
  buildPopularity,
  buildSessionKnnIndex,
  buildSessionLog,
  choosePipeline,
  decodePipeline,
  encodePipeline,
  evaluateRecommender,
  itemKnnGenerator,
  nextItemCases,
  pairedNdcgDifference,
  popularityGenerator,
  seenItems,
  sessionKnnGenerator,
  sliceLog,
  unknownItemSide,
  type CandidateGenerator,
  type Evaluation,
  type ItemSide,
  type NextItemCase,
  type ServedPipeline,
  auc,
  Ranker,
  sigmoid,
} from '../src/index.ts';
import { machine, metricRow, percentile } from './lib/bench-format.ts';
import { hnswSearch } from './lib/hnsw-search.ts';
import { item2vecTrainer } from './lib/item2vec-trainer.ts';
import { loadRetailShop, retailTime, type Shop } from './lib/retail-log.ts';

const ANCHORS = ANCHORS_DIR;
const REFERENCE = `${ANCHORS}/session_baselines.mjs`;
const TEST_FROM = retailTime('2011-11-01 00:00:00');
const args = process.argv.slice(2);
const shopArg = args.includes('--shop') ? args[args.indexOf('--shop') + 1] : undefined;
const shops: Shop[] = shopArg === 'uk' || shopArg === 'eu' ? [shopArg] : ['uk', 'eu'];
const useItem2vec = !args.includes('--no-item2vec');
const useReference = !args.includes('--no-reference');

/** The reference script, started now, its stdout awaited later. */
function startReference(shop: Shop): Promise<string> | null {
  if (!useReference || !existsSync(REFERENCE)) return null;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [REFERENCE, shop], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => resolve(code === 0 ? out : `reference failed (exit ${code}):\n${out}`));
  });
}

function itemSideOf(shop: ReturnType<typeof loadRetailShop>, ids: readonly string[]): ItemSide {
  const items = unknownItemSide(ids.length);
  const categories = new Map<string, number>();
  ids.forEach((id, i) => {
    items.price[i] = shop.price.get(id) ?? NaN;
    const c = shop.category.get(id);
    if (c === undefined || c === 'other') return;
    if (!categories.has(c)) categories.set(c, categories.size);
    items.category[i] = categories.get(c) ?? -1;
  });
  return items;
}

const PASSES = 5;

/**
 * Per-query time in µs: one pass as measured, and each query's fastest of PASSES passes. The machine is shared
 * (2 cores, other engineers' jobs), so a single pass mostly measures the scheduler; the best-of figure is the
 * query's own cost.
 */
function latency(
  cases: readonly NextItemCase[],
  run: (c: NextItemCase) => void,
): Record<'p50' | 'p99' | 'bestP50' | 'bestP99', number> {
  for (const c of cases.slice(0, 200)) run(c); // warm-up
  const first: number[] = [];
  const best = cases.map(() => Infinity);
  for (let pass = 0; pass < PASSES; pass++) {
    cases.forEach((c, i) => {
      const t = performance.now();
      run(c);
      const us = (performance.now() - t) * 1000;
      if (pass === 0) first.push(us);
      best[i] = Math.min(best[i] ?? Infinity, us);
    });
  }
  return {
    p50: percentile(first, 50),
    p99: percentile(first, 99),
    bestP50: percentile(best, 50),
    bestP99: percentile(best, 99),
  };
}

const showLatency = (l: ReturnType<typeof latency>): string =>
  `best of ${PASSES}: p50 ${l.bestP50.toFixed(0)} µs  p99 ${l.bestP99.toFixed(0)} µs  (one pass: p50 ${l.p50.toFixed(0)}, p99 ${l.p99.toFixed(0)})`;

async function benchShop(shop: Shop): Promise<void> {
  console.log(`\n=== shop ${shop} ===`);
  const reference = startReference(shop);
  if (!reference)
    console.log(useReference ? `reference: ${ANCHORS} not found, not run` : 'reference: skipped (--no-reference)');
  const data = loadRetailShop(shop);
  const { log, catalog } = buildSessionLog(data.sessions, { minItems: 2 });
  const items = itemSideOf(data, catalog.ids);
  const train = sliceLog(log, -Infinity, TEST_FROM);
  const { cases, skipped } = nextItemCases(log, { from: TEST_FROM, to: Infinity }, seenItems(train));
  console.log(
    `${train.offsets.length - 1} training sessions before 2011-11-01 (${train.userCount} customers), ${cases.length} test cases (${skipped} skipped), ${catalog.ids.length} skus`,
  );

  const tested: Array<{ name: string; e: Evaluation }> = [];
  const test = (name: string, g: CandidateGenerator): Evaluation => {
    const e = evaluateRecommender(cases, (q, k) => g.propose(q, k));
    tested.push({ name, e });
    return e;
  };

  console.log('\nreference configurations (exact: all neighbours, whole context), fit on the training period:');
  const exactKnn = buildItemKnnIndex(train);
  const exact: Array<[string, CandidateGenerator]> = [
    ['popularity', popularityGenerator(buildPopularity(train))],
    ['item-kNN', itemKnnGenerator(exactKnn, { decay: 1 })],
    ['item-kNN, recency 0.5', itemKnnGenerator(exactKnn, { decay: 0.5 })],
    ['V-SKNN', sessionKnnGenerator(buildSessionKnnIndex(train, { maxPerItem: 1000 }), { k: 100, sampleSize: 1000 })],
  ];
  const exactFigures = new Map<string, Evaluation>();
  for (const [name, g] of exact) {
    const e = test(`${name} (exact)`, g);
    exactFigures.set(name, e);
    console.log(metricRow(`  ${name}`, e));
  }

  const trainer = { runs: 0, seconds: 0 };
  const started = performance.now();
  console.log(
    `\nchoosePipeline on the training period (item2vec ${useItem2vec ? 'trained by @shopspace/item2vec, 2 threads' : 'left out'}):`,
  );
  const chosen = await choosePipeline(train, items, {
    ...(useItem2vec ? { embedding: item2vecTrainer(trainer), item2vec: { searchFor: hnswSearch } } : {}),
    onProgress: (step) => console.log(`  [${((performance.now() - started) / 1000).toFixed(1)} s] ${step}`),
  });
  const served = chosen.served;
  const { report } = chosen;
  console.log(
    `chooser: ${report.seconds.toFixed(1)} s${useItem2vec ? ` (of which item2vec ${trainer.seconds.toFixed(1)} s over ${trainer.runs} trainings)` : ''}; ` +
      `validation ${report.validation?.cases ?? 0} cases from ${new Date(report.validation?.from ?? 0).toISOString().slice(0, 10)}; ` +
      `ranker window ${report.rankerWindow ? `${report.rankerWindow.queries} queries from ${new Date(report.rankerWindow.from).toISOString().slice(0, 10)}` : 'none'}; ` +
      `final ranker fit ${report.finalFit ? `${report.finalFit.rows} rows, ${report.finalFit.iterations} sweeps, ${report.finalFit.seconds.toFixed(1)} s` : '-'}`,
  );
  console.log('validation (NDCG@10 decides):');
  for (const v of report.validation?.entries ?? []) {
    console.log(`  ${v.name.padEnd(42)} HR@10 ${v.hitRate.toFixed(4)}  NDCG@10 ${v.ndcg.toFixed(4)}`);
  }
  console.log(`served: ${served.summary}`);

  console.log('\ntest split, every generator variant refit on the whole training period:');
  for (const g of chosen.alternatives) console.log(metricRow(`  ${g.name}`, test(g.name, g)));
  const servedEval = evaluateRecommender(cases, (q, k) => served.recommend(q, k));
  console.log(
    metricRow(`  SERVED: ${served.kind === 'ranker' ? 'ranker (GLMix over the union)' : served.name}`, servedEval),
  );
  const best = tested.reduce((a, b) => (b.e.ndcg.mean > a.e.ndcg.mean ? b : a));
  const diff = pairedNdcgDifference(servedEval, best.e);
  console.log(
    `served - best single generator (${best.name}, chosen on test: an upper bound for it): NDCG@10 ${diff.mean >= 0 ? '+' : ''}${diff.mean.toFixed(4)} ` +
      `[${diff.low.toFixed(4)}, ${diff.high.toFixed(4)}] paired 95% CI -> ${diff.high >= 0 ? 'served >= best within CI' : 'served LOSES'}`,
  );

  if (served.ranker) rankerDiagnostics(served.ranker, cases);

  console.log(
    `\nserving latency per query on ${cases.length} test sessions (one core, 200 warm-up queries; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores):`,
  );
  const full = latency(cases, (c) => served.recommend(c.query, 10));
  console.log(`  served pipeline recommend(q, 10)         ${showLatency(full)}`);
  const perGenerator = served.ranker?.parts.perGenerator ?? 10;
  for (const g of served.generators) {
    console.log(
      `  ${`${g.name} propose(q, ${perGenerator})`.padEnd(40)} ${showLatency(latency(cases, (c) => g.propose(c.query, perGenerator)))}`,
    );
  }

  const files = encodePipeline(served);
  const decoded = decodePipeline(files, { searchFor: hnswSearch });
  const same = cases.every((c) => sameList(served, decoded, c));
  const sizes = [...files].map(([name, bytes]) => `${name} ${(bytes.byteLength / 1024).toFixed(0)} KiB`);
  console.log(`\ncomponents: ${sizes.join(', ')}`);
  console.log(
    `decoded pipeline serves ${same ? 'identical' : 'DIFFERENT'} top-10 lists on all ${cases.length} test cases`,
  );

  if (reference) {
    const out = await reference;
    console.log(`\nreference (${REFERENCE}, same invocation):\n${out.trim().replace(/^/gm, '  ')}`);
    for (const [name, e] of exactFigures) {
      const line = out.split('\n').find((l) => l.startsWith(name.padEnd(22)));
      const m = line ? /HR@10 ([\d.]+)\s+NDCG@10 ([\d.]+)/.exec(line) : null;
      if (!m) continue;
      const dh = Math.abs(e.hitRate.mean - Number(m[1]));
      const dn = Math.abs(e.ndcg.mean - Number(m[2]));
      console.log(
        `  ${name.padEnd(22)} this package vs reference: |ΔHR| ${dh.toFixed(4)} |ΔNDCG| ${dn.toFixed(4)} ${dh < 5e-5 && dn < 5e-5 ? '(same)' : ''}`,
      );
    }
  }

  const goals =
    shop === 'uk'
      ? [
          `served HR@10 >= 0.30: ${servedEval.hitRate.mean >= 0.3 ? 'met' : 'NOT met'}`,
          `served NDCG@10 >= 0.22: ${servedEval.ndcg.mean >= 0.22 ? 'met' : 'NOT met'}`,
        ]
      : [
          `served HR@10 >= 0.606: ${servedEval.hitRate.mean >= 0.606 ? 'met' : 'NOT met'}`,
          `served NDCG@10 >= 0.553: ${servedEval.ndcg.mean >= 0.553 ? 'met' : 'NOT met'}`,
        ];
  goals.push(`served >= best single generator within CI: ${diff.high >= 0 ? 'met' : 'NOT met'}`);
  if (shop === 'uk') {
    goals.push(
      `full-pipeline p99 < 2 ms: ${full.bestP99 < 2000 ? 'met' : 'NOT met'} (best of ${PASSES} ${full.bestP99.toFixed(0)} µs, one pass ${full.p99.toFixed(0)} µs)`,
    );
  }
  console.log(`\ngoals (${shop}): ${goals.join('; ')}`);
}

/**
 * What the random effects add (the same ranker scored by its global part alone) and how calibrated its
 * log-odds are on the test unions: predicted positives against targets found, and the reliability by decile.
 */
function rankerDiagnostics(ranker: Ranker, cases: readonly NextItemCase[]): void {
  const { model } = ranker.parts;
  const globalOnly = new Ranker({ ...ranker.parts, model: { ...model, effects: [] } });
  const g = evaluateRecommender(cases, (q, k) => globalOnly.recommend(q, k));
  const scores: number[] = [];
  const globalScores: number[] = [];
  const labels: number[] = [];
  for (const c of cases) {
    const full = ranker.score(c.query);
    const fixed = globalOnly.score(c.query);
    full.union.items.forEach((item, i) => {
      scores.push(full.logits[i] ?? 0);
      globalScores.push(fixed.logits[i] ?? 0);
      labels.push(item === c.target ? 1 : 0);
    });
  }
  const predicted = scores.reduce((sum, z) => sum + sigmoid(z), 0);
  const found = labels.reduce((sum, y) => sum + y, 0);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  const bins: string[] = [];
  let ece = 0;
  for (let b = 0; b < 10; b++) {
    const part = order.slice(Math.floor((b * order.length) / 10), Math.floor(((b + 1) * order.length) / 10));
    const p = part.reduce((sum, i) => sum + sigmoid(scores[i] ?? 0), 0) / part.length;
    const y = part.reduce((sum, i) => sum + (labels[i] ?? 0), 0) / part.length;
    ece += (Math.abs(p - y) * part.length) / order.length;
    if (b >= 7) bins.push(`${p.toFixed(3)}→${y.toFixed(3)}`);
  }
  console.log(
    `GLMix vs its global part alone on test: NDCG@10 ${g.ndcg.mean.toFixed(4)} without the per-item/per-user effects; ` +
      `AUC over ${labels.length} union rows ${auc(scores, labels).toFixed(4)} vs ${auc(globalScores, labels).toFixed(4)}`,
  );
  console.log(
    `calibration on test unions: Σ P = ${predicted.toFixed(0)} predicted vs ${found} targets found; expected calibration error ${ece.toFixed(4)}; top deciles predicted→observed ${bins.join(', ')}`,
  );
}

function sameList(a: ServedPipeline, b: ServedPipeline, c: NextItemCase): boolean {
  const x = a.recommend(c.query, 10);
  const y = b.recommend(c.query, 10);
  return (
    x.items.length === y.items.length && x.items.every((item, i) => item === y.items[i] && x.scores[i] === y.scores[i])
  );
}

console.log(`machine: ${machine()}`);
for (const shop of shops) await benchShop(shop);
