// int8 serving figures for the benchmark: recall@10 of the int8 index against float32 exact search, bytes per
// item, query and insert latency, on the shop's own catalog (exact scan) and on a 100k-item synthetic catalog
// built from its vocabulary (inverted file), both embedded by the trained tower.
import { createRng } from '@shopspace/item2vec';
import {
  embedItem,
  embedItems,
  createScratch,
  Int8VectorIndex,
  quantizeTowerOutput,
  type FeatureTower,
  type ItemFeatures,
} from '../../src/index.ts';

export interface RecallFigure {
  readonly recall: number;
  readonly queries: number;
  readonly microsPerQuery: number;
}

/** Exact float top-k by dot product, ties by label. */
function exactTopK(floats: Float32Array, dim: number, query: Float32Array, k: number): Int32Array {
  const n = floats.length / dim;
  const scores = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += query[j]! * floats[r * dim + j]!;
    scores[r] = dot;
  }
  return Int32Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, k);
}

export function recallAt10(
  index: Int8VectorIndex,
  floats: Float32Array,
  dim: number,
  queries: readonly Float32Array[],
  probes?: number,
): RecallFigure {
  let total = 0;
  let micros = 0;
  for (const query of queries) {
    const truth = exactTopK(floats, dim, query, 10);
    const started = performance.now();
    const found = index.search(query, 10, probes === undefined ? {} : { probes });
    micros += (performance.now() - started) * 1000;
    const set = new Set(found.labels);
    total += truth.filter((l) => set.has(l)).length / 10;
  }
  return { recall: total / queries.length, queries: queries.length, microsPerQuery: micros / queries.length };
}

/**
 * A synthetic catalog shaped like the shop's: each item is a real title with one word swapped for a word of
 * another title of the same category (and sometimes a colour added), a real price scaled by ±30%.
 */
export function syntheticCatalog(items: readonly ItemFeatures[], n: number, seed: number): ItemFeatures[] {
  const rng = createRng(seed);
  const byCategory = new Map<string, string[][]>();
  for (const item of items) {
    const key = (item.category ?? []).join('/');
    let list = byCategory.get(key);
    if (!list) byCategory.set(key, (list = []));
    list.push(item.title.split(/\s+/).filter((w) => w !== ''));
  }
  const colours = ['RED', 'BLUE', 'PINK', 'GREEN', 'IVORY', 'BLACK', 'WHITE', 'GOLD', 'SILVER'];
  const out: ItemFeatures[] = [];
  for (let i = 0; i < n; i++) {
    const base = items[rng.nextInt(items.length)]!;
    const words = base.title.split(/\s+/).filter((w) => w !== '');
    const peers = byCategory.get((base.category ?? []).join('/')) ?? [words];
    const donor = peers[rng.nextInt(peers.length)]!;
    if (words.length > 0 && donor.length > 0) words[rng.nextInt(words.length)] = donor[rng.nextInt(donor.length)]!;
    if (rng.nextFloat() < 0.3) words.unshift(colours[rng.nextInt(colours.length)]!);
    out.push({
      title: words.join(' '),
      ...(base.category === undefined ? {} : { category: base.category }),
      ...(base.price === undefined ? {} : { price: base.price * (0.7 + 0.6 * rng.nextFloat()) }),
    });
  }
  return out;
}

export interface LargeIndexFigures {
  readonly items: number;
  readonly lists: number;
  readonly buildSeconds: number;
  readonly bytesPerItem: number;
  readonly allocatedBytesPerItem: number;
  readonly exact: RecallFigure;
  readonly ivf: readonly (RecallFigure & { readonly probes: number })[];
  readonly insertMicros: number;
  readonly insertedFound: number;
}

export function largeIndexFigures(tower: FeatureTower, items: readonly ItemFeatures[], n: number): LargeIndexFigures {
  const catalog = syntheticCatalog(items, n, 17);
  const floats = embedItems(tower, catalog);
  const codes = quantizeTowerOutput(floats);
  const dim = tower.shape.dim;
  const rng = createRng(5);
  // Queries: the vector of a random item and the sum of three, like a session query.
  const queries = Array.from({ length: 200 }, (_, q) => {
    const out = new Float32Array(dim);
    const parts = q % 2 === 0 ? 1 : 3;
    for (let p = 0; p < parts; p++) {
      const r = rng.nextInt(n);
      for (let j = 0; j < dim; j++) out[j]! += floats[r * dim + j]!;
    }
    return out;
  });
  const lists = Math.round(Math.sqrt(n));
  const started = performance.now();
  const ivf = Int8VectorIndex.build(codes, dim, { lists, probes: 16, seed: 1 });
  const buildSeconds = (performance.now() - started) / 1000;
  const exact = Int8VectorIndex.build(codes, dim);
  const built = ivf.memory();
  // Runtime inserts: new items embedded and added to the live index, then looked up by their own vector.
  const fresh = syntheticCatalog(items, 200, 99);
  const scratch = createScratch(tower.shape);
  let insertMicros = 0;
  let found = 0;
  fresh.forEach((item, i) => {
    const code = embedItem(tower, item, scratch);
    const t = performance.now();
    ivf.add(n + i, code);
    insertMicros += (performance.now() - t) * 1000;
    const hits = ivf.search(code, 10, { accept: (label) => label >= n }).labels;
    if (hits.includes(n + i)) found++;
  });
  const grown = ivf.memory();
  return {
    items: n,
    lists,
    buildSeconds,
    bytesPerItem: built.bytesPerItem,
    allocatedBytesPerItem: grown.allocatedBytes / grown.items,
    exact: recallAt10(exact, floats, dim, queries),
    ivf: [4, 8, 16, 32, 64].map((probes) => ({ probes, ...recallAt10(ivf, floats, dim, queries, probes) })),
    insertMicros: insertMicros / fresh.length,
    insertedFound: found / fresh.length,
  };
}

/** Latency of embedItem (hash + forward + quantise) over `items`, in µs: median and 99th percentile. */
export function embedLatency(
  tower: FeatureTower,
  items: readonly ItemFeatures[],
  rounds: number,
): { p50: number; p99: number } {
  const scratch = createScratch(tower.shape);
  for (let i = 0; i < 500; i++) embedItem(tower, items[i % items.length]!, scratch);
  const times = new Float64Array(rounds);
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    embedItem(tower, items[r % items.length]!, scratch);
    times[r] = (performance.now() - t) * 1000;
  }
  times.sort();
  return { p50: times[Math.floor(rounds / 2)]!, p99: times[Math.floor(rounds * 0.99)]! };
}
