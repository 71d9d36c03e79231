// Throughput of the CSV parser on the Online Retail file: `npx tsx bench/csv.bench.ts [file.csv[.gz]]`.
// Prints two figures: parsing text already in memory (one core, parser only) and the streaming path an
// import takes (file → maybeGunzip → parseCsv); zlib inflates on libuv's thread pool, beside the parser.

import { createReadStream, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { maybeGunzip, parseCsvWithHeader } from '../src/index.ts';

const DEFAULT_FILE = fileURLToPath(new URL('../../../data/online-retail/online-retail.csv.gz', import.meta.url));
const ROUNDS = 5;

interface Run {
  readonly rows: number;
  readonly errors: number;
  readonly ms: number;
}

async function time(source: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Run> {
  const started = performance.now();
  const { batches } = await parseCsvWithHeader(source());
  let rows = 0;
  let errors = 0;
  for await (const batch of batches) {
    for (const item of batch) {
      if (item.error === undefined) rows++;
      else errors++;
    }
  }
  return { rows, errors, ms: performance.now() - started };
}

function* inChunks(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function report(label: string, runs: Run[], megabytes: number): void {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const best = sorted[0];
  const median = sorted[Math.floor(sorted.length / 2)];
  if (best === undefined || median === undefined) return;
  const figures = (run: Run): string =>
    `${Math.round(run.rows / (run.ms / 1000)).toLocaleString('en')} rows/s, ` +
    `${(megabytes / (run.ms / 1000)).toFixed(1)} MB/s (${run.ms.toFixed(0)} ms)`;
  console.log(`${label}: ${best.rows} rows, ${best.errors} errors`);
  console.log(`  best of ${runs.length}: ${figures(best)}; median: ${figures(median)}`);
}

const file = process.argv[2] ?? DEFAULT_FILE;
const raw = readFileSync(file);
const text = file.endsWith('.gz') ? gunzipSync(raw) : raw;
const megabytes = text.length / 1e6;
console.log(`${file}: ${megabytes.toFixed(1)} MB uncompressed (MB/s below are of that), node ${process.version}`);

const inMemory: Run[] = [];
const streaming: Run[] = [];
for (let round = 0; round < ROUNDS; round++) {
  inMemory.push(await time(() => inChunks(text, 64 * 1024)));
  streaming.push(await time(() => maybeGunzip(createReadStream(file))));
}
report('in memory, 64 KiB chunks', inMemory, megabytes);
report('streaming from disk', streaming, megabytes);
