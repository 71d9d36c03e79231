// The int8 index file: dim, probes, the category tree (JSON), the centroids, each label's category and active
// bit, then every list's labels and int8 codes. Magic "SSIX", format 1, little-endian, CRC-checked.
import { CategoryTree } from '../int8/category-tree.ts';
import { Int8VectorIndex } from '../int8/int8.vector-index.ts';
import { corrupt, openPayload, PayloadWriter } from './binary-io.ts';

export const INT8_INDEX_MAGIC = 'SSIX';
export const INT8_INDEX_FORMAT_VERSION = 1;

export function encodeInt8Index(index: Int8VectorIndex): Uint8Array {
  const parts = index.parts();
  const writer = new PayloadWriter();
  writer.u32(parts.dim);
  writer.u32(parts.probes);
  writer.u32(parts.lists.length);
  writer.u32(parts.categoryOf.length);
  writer.json(parts.categories.toJSON());
  writer.array(parts.centroids);
  writer.array(parts.categoryOf);
  writer.array(parts.active.subarray(0, Math.ceil(parts.categoryOf.length / 8)));
  for (const list of parts.lists) {
    writer.u32(list.labels.length);
    writer.array(list.labels);
    writer.array(list.codes);
  }
  return writer.finish(INT8_INDEX_MAGIC, INT8_INDEX_FORMAT_VERSION);
}

export function decodeInt8Index(bytes: Uint8Array, source = 'int8 index'): Int8VectorIndex {
  const reader = openPayload(bytes, INT8_INDEX_MAGIC, INT8_INDEX_FORMAT_VERSION, source);
  const dim = reader.u32('dim');
  const probes = reader.u32('probes');
  const listCount = reader.u32('list count');
  const labels = reader.u32('label capacity');
  if (dim === 0 || listCount === 0 || listCount > 65_535 || probes === 0 || probes > listCount) {
    throw corrupt(source, `bad shape: dim ${dim}, ${listCount} lists, ${probes} probes`);
  }
  const tree = reader.json('categories') as { parents?: unknown; names?: unknown } | null;
  if (
    tree === null ||
    !Array.isArray(tree.parents) ||
    !Array.isArray(tree.names) ||
    tree.parents.length !== tree.names.length
  ) {
    throw corrupt(source, 'category tree is malformed');
  }
  let categories: CategoryTree;
  try {
    categories = CategoryTree.fromJSON({ parents: tree.parents as number[], names: tree.names as string[] });
  } catch (error) {
    throw corrupt(source, 'category tree is malformed', error);
  }
  const centroids = reader.float32(listCount * dim, 'centroids');
  const categoryOf = reader.int32(labels, 'categories of labels');
  for (const node of categoryOf)
    if (node < 0 || node >= categories.size) throw corrupt(source, `category node ${node} out of range`);
  const active = reader.uint8(Math.ceil(labels / 8), 'active bits');
  const lists = Array.from({ length: listCount }, (_, l) => {
    const length = reader.u32(`list ${l} length`);
    if (length > labels) throw corrupt(source, `list ${l} holds ${length} items, more than ${labels} labels`);
    return { labels: reader.int32(length, `list ${l} labels`), codes: reader.int8(length * dim, `list ${l} codes`) };
  });
  reader.end();
  try {
    return Int8VectorIndex.fromParts({ dim, probes, centroids, lists, categories, categoryOf, active });
  } catch (error) {
    throw corrupt(source, 'lists are inconsistent', error);
  }
}
