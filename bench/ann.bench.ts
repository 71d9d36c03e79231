// `npx tsx bench/ann.bench.ts`: build time, single-thread queries/s, p50/p99 latency and recall@10 of HNSW
// (hnswlib-node) against brute force on seeded item2vec-shaped vectors (4,000 and 100,000 × 64), plus the
// filtered-search cost model behind `filteredSearch: 'auto'`. Options (environment): ANN_SIZES=4000,20000;
// ANN_VECTORS=<file.vec> adds real vectors (vector artifact format, float32 × 64); ANN_SWEEP=12x100,16x200
// compares other M × efConstruction pairs on the same data (how the defaults were chosen).

import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BruteForceVectorIndex,
  DEFAULT_HNSW_OPTIONS,
  HnswVectorIndex,
  readVectors,
  recallAtK,
  type HnswOptions,
  type LabelFilter,
  type SearchResult,
  type VectorIndex,
} from '../packages/vector-index/src/index.ts';
import { clusteredVectors } from '../packages/vector-index/src/clustered-vectors.fixture.ts';

const DIM = 64;
const SEED = 20_240_601;
const QUERIES = 1_000;
const EFS = [16, 32, 64, 128, 256];
const PASS_RATES = [0.5, 0.2, 0.1, 0.05, 0.02, 0.005];

type Row = Record<'data' | 'index' | 'build' | 'qps' | 'p50' | 'p99' | 'recall', string>;
const HEAD: Row = {
  data: 'data',
  index: 'index',
  build: 'build s',
  qps: 'queries/s',
  p50: 'p50 µs',
  p99: 'p99 µs',
  recall: 'recall@10',
};

const fmt = (x: number, digits = 0): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function machine(): string {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const cpu = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? 'unknown CPU';
  return `${cpu}, ${(info.match(/^processor/gm) ?? []).length} cores, Node ${process.version}`;
}

/** Warms up on 100 queries, then runs every query once, timed one by one on this thread. */
function run(index: VectorIndex, queries: Float32Array[], filter?: LabelFilter) {
  for (const q of queries.slice(0, 100)) index.search(q, 10, filter);
  const micros = new Float64Array(queries.length);
  const answers: SearchResult[] = [];
  const start = performance.now();
  for (const [i, q] of queries.entries()) {
    const t = performance.now();
    answers.push(index.search(q, 10, filter));
    micros[i] = (performance.now() - t) * 1000;
  }
  const seconds = (performance.now() - start) / 1000;
  micros.sort();
  const pct = (p: number): number => micros[Math.min(micros.length - 1, Math.floor(p * micros.length))] ?? NaN;
  return { answers, qps: queries.length / seconds, p50: pct(0.5), p99: pct(0.99) };
}

function printTable(rows: Row[]): void {
  const cols = Object.keys(HEAD) as (keyof Row)[];
  const width = cols.map((c) => Math.max(HEAD[c].length, ...rows.map((r) => r[c].length)));
  const line = (r: Row): string => `| ${cols.map((c, i) => r[c].padEnd(width[i] ?? 0)).join(' | ')} |`;
  console.log([line(HEAD), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
}

interface Dataset {
  readonly label: string;
  readonly base: Float32Array;
  readonly queries: Float32Array[];
}

async function measure(data: Dataset, configs: Pick<HnswOptions, 'm' | 'efConstruction'>[], rows: Row[]) {
  const t0 = performance.now();
  const exact = BruteForceVectorIndex.build(data.base, DIM);
  const exactBuild = (performance.now() - t0) / 1000;
  const truth = run(exact, data.queries);
  const row = (index: string, build: number, r: ReturnType<typeof run>, recall: string): Row => ({
    data: data.label,
    index,
    build: fmt(build, 2),
    qps: fmt(r.qps),
    p50: fmt(r.p50),
    p99: fmt(r.p99),
    recall,
  });
  rows.push(row('brute force', exactBuild, truth, '1 (exact)'));
  let defaultIndex: HnswVectorIndex | undefined;
  for (const config of configs) {
    const t = performance.now();
    const hnsw = HnswVectorIndex.build(data.base, DIM, config);
    const build = (performance.now() - t) / 1000;
    const c = hnsw.calibration;
    console.log(
      `${data.label}: M=${config.m} efC=${config.efConstruction} built in ${fmt(build, 2)} s (calibration included); ` +
        `calibrated ef=${c?.ef ?? hnsw.ef}, calibration recall@10 ${fmt(c?.recall ?? NaN, 4)}`,
    );
    for (const ef of EFS) {
      hnsw.ef = ef;
      const r = run(hnsw, data.queries);
      const name = `hnsw M=${config.m} efC=${config.efConstruction} ef=${ef}`;
      rows.push(row(name, build, r, fmt(recallAtK(truth.answers, r.answers, 10), 4)));
    }
    hnsw.ef = hnsw.calibration?.ef ?? DEFAULT_HNSW_OPTIONS.ef;
    const isDefault =
      config.m === DEFAULT_HNSW_OPTIONS.m && config.efConstruction === DEFAULT_HNSW_OPTIONS.efConstruction;
    if (isDefault) defaultIndex = hnsw;
  }
  if (defaultIndex !== undefined) await roundTrip(data, defaultIndex, truth.answers);
  return { exact, hnsw: defaultIndex };
}

async function roundTrip(data: Dataset, hnsw: HnswVectorIndex, truth: SearchResult[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ann-bench-'));
  try {
    const path = join(dir, 'index.hnsw');
    let t = performance.now();
    await hnsw.save(path);
    const saveS = (performance.now() - t) / 1000;
    t = performance.now();
    const loaded = await HnswVectorIndex.load(path);
    const loadS = (performance.now() - t) / 1000;
    const recall = recallAtK(truth, run(loaded, data.queries).answers, 10);
    console.log(
      `${data.label}: index file ${fmt(statSync(path).size / 2 ** 20, 1)} MiB, save ${fmt(saveS, 2)} s, ` +
        `load ${fmt(loadS, 2)} s, recall@10 after load at ef=${loaded.ef}: ${fmt(recall, 4)}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Graph search with hnswlib's filter callback vs an exact scan of the passing labels, by pass rate. */
function filterCrossover(data: Dataset, hnsw: HnswVectorIndex, exact: BruteForceVectorIndex): void {
  const n = data.base.length / DIM;
  const qs = data.queries.slice(0, 300);
  console.log(`\n${data.label}: filtered top-10 at ef=${hnsw.ef}, 300 queries; graph = hnswlib filter callback,`);
  console.log(`exact = scan of passing labels, auto = the cost model's pick (load average ${loadAverage()})`);
  console.log(
    '| pass rate | graph p50 µs | graph p99 µs | graph recall@10 | exact p50 µs | exact p99 µs | auto p50 µs |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const rate of PASS_RATES) {
    // Hash-based membership: uncorrelated with the graph's neighbourhoods, like a price filter.
    const allow: LabelFilter = (l) => Math.imul(l ^ 0x5bd1e995, 0x9e3779b1) >>> 0 < rate * 2 ** 32;
    const truth = run(exact, qs, allow);
    hnsw.filteredSearch = 'graph';
    const graph = run(hnsw, qs, allow);
    hnsw.filteredSearch = 'auto';
    const auto = run(hnsw, qs, allow);
    const recall = fmt(recallAtK(truth.answers, graph.answers, 10), 4);
    console.log(
      `| ${rate} (~${fmt(n * rate)} items) | ${fmt(graph.p50)} | ${fmt(graph.p99)} | ${recall} | ` +
        `${fmt(truth.p50)} | ${fmt(truth.p99)} | ${fmt(auto.p50)} |`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${machine()}; load average at start ${loadAverage()}`);
  console.log(`defaults ${JSON.stringify(DEFAULT_HNSW_OPTIONS)}; k=10, dim ${DIM}, seed ${SEED}`);
  const configs = [
    { m: DEFAULT_HNSW_OPTIONS.m, efConstruction: DEFAULT_HNSW_OPTIONS.efConstruction },
    ...(process.env['ANN_SWEEP'] ?? '')
      .split(',')
      .filter((s) => s !== '')
      .map((s) => s.split('x').map(Number))
      .map(([m = 16, efConstruction = 200]) => ({ m, efConstruction })),
  ];
  const sizes = (process.env['ANN_SIZES'] ?? '4000,100000').split(',').map(Number);
  const rows: Row[] = [];
  for (const [i, n] of sizes.entries()) {
    const { vectors } = clusteredVectors({ n: n + QUERIES, dim: DIM, seed: SEED });
    const data: Dataset = {
      label: `clustered ${fmt(n)}`,
      base: vectors.subarray(0, n * DIM),
      // Held-out points from the same distribution: like a session vector, not an indexed item.
      queries: Array.from({ length: QUERIES }, (_, q) => vectors.subarray((n + q) * DIM, (n + q + 1) * DIM)),
    };
    const { exact, hnsw } = await measure(data, configs, rows);
    if (i === sizes.length - 1 && hnsw !== undefined) filterCrossover(data, hnsw, exact);
  }
  const realPath = process.env['ANN_VECTORS'];
  if (realPath !== undefined) {
    const artifact = await readVectors(realPath);
    if (artifact.dtype !== 'float32' || artifact.dim !== DIM) throw new Error(`${realPath}: need float32 × ${DIM}`);
    const { data: base, n } = artifact;
    // Similar-item queries: every 4th item's own vector (its top hit is itself, as in serving before exclusion).
    const queries = Array.from({ length: Math.ceil(n / 4) }, (_, q) => base.subarray(4 * q * DIM, (4 * q + 1) * DIM));
    await measure({ label: `real ${fmt(n)}`, base, queries }, configs, rows);
  }
  console.log(`\nload average at end ${loadAverage()}`);
  printTable(rows);
}

await main();
