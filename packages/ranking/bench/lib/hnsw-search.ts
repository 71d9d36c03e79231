// The serving-side nearest-neighbour port for the item2vec generator: an HNSW index (@shopspace/vector-index,
// hnswlib-node, ef calibrated to recall@10 0.99) over the items that have a vector; labels mapped back to
// catalog rows. What the API would plug in; the package's tests use the exact scan instead.
import { buildVectorIndex } from '@shopspace/vector-index';
import { embeddedItems, type ItemEmbedding, type NeighbourSearch } from '../../src/index.ts';

export function hnswSearch(embedding: ItemEmbedding): NeighbourSearch {
  const { dim, vectors } = embedding;
  const has = embeddedItems(embedding);
  const rows: number[] = [];
  has.forEach((h, i) => h === 1 && rows.push(i));
  const packed = new Float32Array(rows.length * dim);
  rows.forEach((item, r) => packed.set(vectors.subarray(item * dim, (item + 1) * dim), r * dim));
  const index = buildVectorIndex(packed, dim);
  return (query, k, allow) => {
    const found = index.search(query, k, allow ? (label) => allow(rows[label] ?? -1) : undefined);
    return { labels: Int32Array.from(found.labels, (label) => rows[label] ?? -1), scores: found.scores };
  };
}
