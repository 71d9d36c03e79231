// The embedding map's layout (packages/serving/src/layout.ts): wall time of exact t-SNE over 2,000 points on one
// core, and how much of each point's neighbourhood the map keeps (share of its 10 nearest cosine neighbours
// among its 10 nearest on the map) next to the PCA projection, on planted clusters and on item2vec vectors of
// the Online Retail uk shop (Chen, Sain & Guo 2012, UCI, CC BY 4.0) trained with the service's defaults.
// Run: npx tsx bench/layout.bench.ts
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { onlineRetailCategory } from '@shopspace/domain';
import { normalizeRows, trainItem2vecSync } from '@shopspace/item2vec';
import { projectTo2d, tsneLayout } from '@shopspace/serving';
import { ONLINE_RETAIL_CSV, loadRetailSessions, parseCsvLine, sessionsBetween } from './lib/online-retail.ts';

const N = 2_000;
const K = 10;

function neighbours(n: number, distance: (a: number, b: number) => number): Int32Array {
  const out = new Int32Array(n * K);
  const d = new Float64Array(n);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) d[j] = j === i ? Infinity : distance(i, j);
    idx.sort((a, b) => (d[a] as number) - (d[b] as number));
    out.set(idx.slice(0, K), i * K);
  }
  return out;
}

function kept(vectors: Float32Array, dim: number, rows: readonly number[], map: Float64Array): number {
  const n = rows.length;
  const high = neighbours(n, (a, b) => {
    let dot = 0;
    for (let k = 0; k < dim; k++)
      dot += (vectors[(rows[a] as number) * dim + k] as number) * (vectors[(rows[b] as number) * dim + k] as number);
    return -dot;
  });
  const low = neighbours(n, (a, b) =>
    Math.hypot(
      (map[2 * a] as number) - (map[2 * b] as number),
      (map[2 * a + 1] as number) - (map[2 * b + 1] as number),
    ),
  );
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const h = new Set(high.subarray(i * K, (i + 1) * K));
    for (const j of low.subarray(i * K, (i + 1) * K)) if (h.has(j)) hits++;
  }
  return hits / (n * K);
}

/** Share of points whose nearest other point on the map has the same label. */
function sameLabel(map: Float64Array, labels: readonly string[]): number {
  const n = labels.length;
  let same = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < n; j++) {
      const d =
        ((map[2 * i] as number) - (map[2 * j] as number)) ** 2 +
        ((map[2 * i + 1] as number) - (map[2 * j + 1] as number)) ** 2;
      if (j !== i && d < bestD) [best, bestD] = [j, d];
    }
    if (labels[best] === labels[i]) same++;
  }
  return same / n;
}

function report(
  name: string,
  vectors: Float32Array,
  dim: number,
  rows: readonly number[],
  labels?: readonly string[],
): void {
  const unit = normalizeRows(vectors, dim);
  const t0 = performance.now();
  const layout = tsneLayout(unit, dim, rows);
  const seconds = (performance.now() - t0) / 1000;
  const pca = projectTo2d(unit, dim, rows);
  console.log(
    `${name}: ${rows.length} points × ${dim}: t-SNE ${seconds.toFixed(2)} s (KL ${layout.klDivergence.toFixed(3)}); ` +
      `10-NN kept: t-SNE ${(100 * kept(unit, dim, rows, layout.points)).toFixed(1)} %, ` +
      `PCA ${(100 * kept(unit, dim, rows, pca.points)).toFixed(1)} % ` +
      `(${Math.round(pca.explained[0] * 100)}% + ${Math.round(pca.explained[1] * 100)}% of variance)`,
  );
  if (!labels) return;
  const shares = new Map<string, number>();
  for (const l of labels) shares.set(l, (shares.get(l) ?? 0) + 1 / labels.length);
  const chance = [...shares.values()].reduce((a, x) => a + x * x, 0);
  console.log(
    `  nearest map neighbour shares the derived category: t-SNE ${(100 * sameLabel(layout.points, labels)).toFixed(1)} %, ` +
      `PCA ${(100 * sameLabel(pca.points, labels)).toFixed(1)} %, chance ${(100 * chance).toFixed(1)} %`,
  );
}

// Planted clusters: 20 centres in 64-D, points around them.
{
  const dim = 64;
  const vectors = new Float32Array(N * dim);
  let s = 7;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1;
  const centres = Float32Array.from({ length: 20 * dim }, rand);
  for (let i = 0; i < N; i++)
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = (centres[(i % 20) * dim + d] as number) + 0.6 * rand();
  report(
    'planted clusters',
    vectors,
    dim,
    Array.from({ length: N }, (_, i) => i),
  );
}

// Online Retail uk: item2vec CBOW, 64 dimensions, window 5, 10 epochs, minCount 2 (DEFAULT_TRAIN_CONFIG).
{
  const sessions = sessionsBetween(loadRetailSessions(), {});
  const model = trainItem2vecSync(sessions, { mode: 'cbow', dim: 64, window: 5, epochs: 10, minCount: 2, seed: 1 });
  const counts = model.vocabulary.counts;
  const order = Array.from({ length: model.vocabulary.ids.length }, (_, i) => i).sort(
    (a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b,
  );
  const titles = new Map<string, string>();
  for (const line of gunzipSync(readFileSync(ONLINE_RETAIL_CSV)).toString('utf8').split('\n').slice(1)) {
    const f = parseCsvLine(line);
    if (f[1] && f[2]) titles.set(f[1], f[2]);
  }
  const rows = order.slice(0, N);
  const labels = rows.map((i) => onlineRetailCategory(titles.get(model.vocabulary.ids[i] ?? '') ?? ''));
  report('online retail uk item2vec', model.vectors, model.dim, rows, labels);
}
