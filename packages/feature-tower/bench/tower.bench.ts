// `pnpm bench:tower`: the feature tower on Online Retail uk ("Online Retail", Chen, Sain & Guo 2012, UCI,
// CC BY 4.0). Trained on contacts (invoice lines; actor = CustomerID, else the invoice) before 2011-10-01, tested
// from 2011-11-01 (October omitted) with leave-last-out next-item cases; candidates are the skus live at the
// session's time (first seen by then), the context excluded. Prints: the protocol's counts; the tower's HR@10 /
// NDCG@10 on warm, cold-target and cold-context cases next to the served item2vec (the product's default, same
// run); the negatives trade-off (top-100-of-4,000 vs all 4,000 vs 100 random, equal examples); int8 recall@10
// against float32 and bytes per item (shop catalog, exact scan; 100k synthetic items, inverted file); single-
// item embed latency; aging (trained before 2011-07-01 vs before 2011-11-01). `--quick` shrinks every budget.
// Goals: cold-target HR@10 >= 0.10; cold-context HR@10 >= 0.5 × served warm HR@10; int8 recall@10 >= 0.98 at
// <= 80 bytes per item (64 d); training in a couple of minutes.
import { availableParallelism, cpus, loadavg } from 'node:os';
import {
  embedItems,
  encodeTower,
  evaluateColdWarm,
  Int8VectorIndex,
  quantizeTowerOutput,
  sessionQuery,
  trainTower,
  type ColdWarmEvaluation,
  type TowerConfig,
  type TrainedTower,
} from '../src/index.ts';
import { contactsBefore, loadRetailShop, type RetailShop } from './lib/retail-shop.ts';
import { protocol, servedItem2vec, type Protocol } from './lib/tower-protocol.ts';
import { embedLatency, largeIndexFigures, recallAt10 } from './lib/index-bench.ts';

const quick = process.argv.includes('--quick');
const DEFAULT_EPOCHS = quick ? 0.05 : undefined;
const VARIANT_EXAMPLES = quick ? 50_000 : 150_000;
const LARGE_CATALOG = quick ? 20_000 : 100_000;
const RECENCY_DECAY = 0.2;

const f3 = (x: number): string => x.toFixed(3);
const f1 = (x: number): string => x.toFixed(1);

interface Timed {
  readonly trained: TrainedTower;
  readonly wall: number;
  readonly cpu: number;
}

async function train(shop: RetailShop, before: number, config: Partial<TowerConfig>): Promise<Timed> {
  const contacts = contactsBefore(shop.contacts, before);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const trained = await trainTower({ items: shop.items, contacts }, config);
  const cpu = process.cpuUsage(cpu0);
  return { trained, wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function evaluate(shop: RetailShop, p: Protocol, tower: TrainedTower): ColdWarmEvaluation {
  const codes = quantizeTowerOutput(embedItems(tower.tower, shop.items));
  return evaluateColdWarm(p.cases, codes, tower.tower.shape.dim, {
    isNew: p.isNew,
    liveFrom: shop.firstSeen,
    recencyDecay: RECENCY_DECAY,
  });
}

function segments(e: ColdWarmEvaluation): string {
  const s = e.segments;
  const one = (name: string, m: (typeof s)['all']): string => `${name} ${f3(m.hitRate)}/${f3(m.ndcg)} (${m.cases})`;
  return `HR@10/NDCG@10 ${one('all', s.all)}  ${one('warm', s.warm)}  ${one('cold-target', s.coldTarget)}  ${one('cold-context', s.coldContext)}`;
}

function timing(t: Timed): string {
  const { stats } = t.trained;
  return `${stats.pairs} pairs, ${stats.examples} examples in ${f1(t.wall)} s wall / ${f1(t.cpu)} s CPU (${Math.round(stats.examples / t.cpu)} examples per CPU second), draw ${Math.round(stats.meanDrawSize)} distinct, loss ${f3(stats.lossCurve[0]!)} → ${f3(stats.lossCurve[stats.lossCurve.length - 1]!)}`;
}

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Node ${process.version}, load average at start ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (shared machine: wall times vary, CPU seconds are this process's)${quick ? ', --quick' : ''}`,
  );
  const shop = loadRetailShop();
  const p = protocol(shop, '2011-10-01', '2011-11-01');
  console.log(
    `data: Online Retail uk, ${shop.skus.length} skus, ${shop.contacts.item.length} contacts; test from 2011-11-01: ${p.cases.length} sessions with >= 2 skus, ${p.lastContextNew} whose last context sku is new (first seen on or after 2011-10-01), ${p.targetNew} whose target is new`,
  );

  // The shipped default.
  const main = await train(shop, p.trainBefore, DEFAULT_EPOCHS === undefined ? {} : { epochs: DEFAULT_EPOCHS });
  const evaluation = evaluate(shop, p, main.trained);
  console.log(`\ntower (package defaults${quick ? ', fewer epochs' : ''}): ${timing(main)}`);
  console.log(`  ${segments(evaluation)}`);
  const served = await servedItem2vec(shop, p, evaluation);
  console.log(
    `served item2vec (cbow 64 d, recency 0.2, same cut): own protocol HR@10 ${f3(served.own.hitRate)} NDCG@10 ${f3(served.own.ndcg)} (${served.own.cases} cases); on the tower's warm cases ${f3(served.warm.hitRate)}/${f3(served.warm.ndcg)} (${served.warm.cases}); cold-target 0 by construction`,
  );
  const s = evaluation.segments;
  // Binomial standard error of a hit rate: the cold segments have about 200 cases.
  const se = (m: (typeof s)['all']): string =>
    `± ${f3(Math.sqrt((m.hitRate * (1 - m.hitRate)) / Math.max(1, m.cases)))}`;
  console.log(
    `goal cold-target HR@10 >= 0.10: ${f3(s.coldTarget.hitRate)} ${se(s.coldTarget)} ${s.coldTarget.hitRate >= 0.1 ? 'met' : 'NOT met'}; ` +
      `goal cold-context HR@10 >= 0.5 × served warm (${f3(0.5 * served.warm.hitRate)}): ${f3(s.coldContext.hitRate)} ${se(s.coldContext)} ${s.coldContext.hitRate >= 0.5 * served.warm.hitRate ? 'met' : 'NOT met'}`,
  );
  console.log(`model file: ${(encodeTower(main.trained.tower).length / 1024).toFixed(0)} KiB`);

  // int8 on the shop's catalog: session queries of the test cases against float32 exact search.
  const floats = embedItems(main.trained.tower, shop.items);
  const codes = quantizeTowerOutput(floats);
  const dim = main.trained.tower.shape.dim;
  const exactIndex = Int8VectorIndex.build(codes, dim, {}, (label) => ({
    category: shop.items[label]!.category ?? [],
  }));
  const query = new Float64Array(dim);
  const queries = p.cases
    .slice(0, 1000)
    .map((c) => Float32Array.from(sessionQuery(floats, dim, c.context, RECENCY_DECAY, query)));
  const shopRecall = recallAt10(exactIndex, floats, dim, queries);
  const shopMemory = exactIndex.memory();
  console.log(
    `\nint8 exact scan, ${shop.skus.length} skus: recall@10 vs float32 exact ${f3(shopRecall.recall)} over ${shopRecall.queries} session queries, ${f1(shopRecall.microsPerQuery)} µs per query, ${f1(shopMemory.bytesPerItem)} bytes per item`,
  );
  const large = largeIndexFigures(main.trained.tower, shop.items, LARGE_CATALOG);
  console.log(
    `int8 inverted file, ${large.items} synthetic items from the uk vocabulary, ${large.lists} lists (built in ${f1(large.buildSeconds)} s): ${f1(large.bytesPerItem)} bytes per item (${f1(large.allocatedBytesPerItem)} allocated after runtime inserts) + centroids`,
  );
  console.log(`  exact int8 scan: recall@10 ${f3(large.exact.recall)}, ${f1(large.exact.microsPerQuery)} µs per query`);
  for (const r of large.ivf) {
    console.log(`  probes ${r.probes}: recall@10 ${f3(r.recall)}, ${f1(r.microsPerQuery)} µs per query`);
  }
  console.log(
    `  runtime insert: ${f1(large.insertMicros)} µs each; inserted item found by its own vector: ${f3(large.insertedFound)}`,
  );
  const fresh = shop.items.filter((_, i) => p.isNew[i] === 1);
  const latency = embedLatency(main.trained.tower, fresh, 20_000);
  console.log(
    `embedItem (hash + forward + int8) on ${fresh.length} new skus: p50 ${f1(latency.p50)} µs, p99 ${f1(latency.p99)} µs`,
  );

  // Negatives: equal examples for each variant.
  console.log(`\nnegatives, ${VARIANT_EXAMPLES} examples each, same seed:`);
  const variants: Array<[string, Partial<TowerConfig>]> = [
    [
      'top-100 of 4,000 (Avito, no warm-up, no partner mask)',
      { negatives: 4000, hardNegatives: 100, warmupShare: 0, maskPartners: false },
    ],
    ['top-100 of 4,000 (warm-up, partner mask)', { negatives: 4000, hardNegatives: 100, negativeChoice: 'hardest' }],
    ['all 4,000', { negatives: 4000, hardNegatives: 0 }],
    ['100 random', { negatives: 100, hardNegatives: 0 }],
  ];
  for (const [label, config] of variants) {
    const run = await train(shop, p.trainBefore, { ...config, maxExamples: VARIANT_EXAMPLES });
    console.log(`  ${label}: ${timing(run)}`);
    console.log(`    ${segments(evaluate(shop, p, run.trained))}`);
  }

  // Aging: the same test period, models cut four months and one month before it... and right at it.
  console.log('\naging (package defaults), tested from 2011-11-01:');
  for (const cut of ['2011-07-01', '2011-11-01']) {
    const aged = protocol(shop, cut, '2011-11-01');
    const run = await train(shop, aged.trainBefore, DEFAULT_EPOCHS === undefined ? {} : { epochs: DEFAULT_EPOCHS });
    console.log(`  trained before ${cut}: ${timing(run)}`);
    console.log(`    ${segments(evaluate(shop, aged, run.trained))}`);
  }
}

await main();
