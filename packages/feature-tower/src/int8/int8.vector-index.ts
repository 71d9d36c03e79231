// Nearest tower vectors by dot product over int8 codes, never expanded to floats: one list scanned exactly for
// small catalogs, or an inverted file (spherical k-means lists, the closest `probes` lists scanned) for large
// ones. Items can be added or replaced while serving; a filter keeps a category prefix, active items only,
// and any predicate. Per item: dim code bytes + 4 (label) + 2 (list) + 4 (category) + 1 bit (active).
import { FeatureTowerError, FeatureTowerErrorCode, requireInput } from '../feature-tower.errors.ts';
import { CategoryTree } from './category-tree.ts';
import { INT8_SCALE } from './int8-vectors.ts';
import { sphericalKmeans } from './spherical-kmeans.ts';
import { siftDown, siftUp } from './top-k.heap.ts';

export interface Int8IndexOptions {
  /** Coarse lists; 1 (default) = exact scan. About √n lists suits an inverted file. */
  readonly lists?: number;
  /** Lists scanned per query (more = higher recall, slower). Default min(lists, 8). */
  readonly probes?: number;
  readonly seed?: number;
}

export interface Int8ItemMeta {
  /** Root first; the item matches every prefix of it. */
  readonly category?: readonly string[];
  /** Inactive items are skipped unless the filter asks for them. Default true. */
  readonly active?: boolean;
}

export interface Int8SearchFilter {
  /** Only items under this category path (an unknown path matches nothing). */
  readonly categoryPrefix?: readonly string[];
  /** Default true: inactive items are never returned. */
  readonly activeOnly?: boolean;
  /** Further test per candidate label (e.g. not already in the session). */
  readonly accept?: (label: number) => boolean;
  /** Lists to scan, overriding the index default. */
  readonly probes?: number;
}

export interface Int8SearchResult {
  /** Labels, best first; shorter than k only when fewer items pass the filter. */
  readonly labels: Int32Array;
  /** Dot products in tanh units (int8 codes / 128), same order. */
  readonly scores: Float32Array;
}

export interface Int8IndexMemory {
  readonly items: number;
  /** Bytes held for the items (codes, labels, list ids, categories, active bits) at their used length. */
  readonly itemBytes: number;
  readonly bytesPerItem: number;
  /** Bytes allocated, including growth headroom of the lists. */
  readonly allocatedBytes: number;
  /** Centroids and category tree. */
  readonly overheadBytes: number;
}

interface List {
  codes: Int8Array;
  labels: Int32Array;
  length: number;
}

export class Int8VectorIndex {
  readonly dim: number;
  readonly probes: number;
  readonly categories: CategoryTree;
  private readonly centroids: Float32Array;
  private readonly lists: List[];
  // Per label (labels are 0..capacity): list id + 1 (0 = absent), category node, active bit.
  private listOf: Uint16Array;
  private categoryOf: Int32Array;
  private activeBits: Uint8Array;
  private count = 0;

  private constructor(dim: number, centroids: Float32Array, probes: number, categories: CategoryTree) {
    this.dim = dim;
    this.centroids = centroids;
    this.probes = probes;
    this.categories = categories;
    const lists = centroids.length / dim;
    this.lists = Array.from({ length: lists }, () => ({
      codes: new Int8Array(0),
      labels: new Int32Array(0),
      length: 0,
    }));
    this.listOf = new Uint16Array(0);
    this.categoryOf = new Int32Array(0);
    this.activeBits = new Uint8Array(0);
  }

  /** Index of rows 0..n-1 of `codes` (n × dim), labelled by row; lists fitted on the codes themselves. */
  static build(
    codes: Int8Array,
    dim: number,
    options: Int8IndexOptions = {},
    meta?: (label: number) => Int8ItemMeta,
  ): Int8VectorIndex {
    requireInput(Number.isInteger(dim) && dim > 0, 'dim', `must be a positive integer, got ${dim}`);
    if (codes.length % dim !== 0) {
      throw new FeatureTowerError(
        FeatureTowerErrorCode.DimensionMismatch,
        `codes hold ${codes.length} values, not a multiple of dim ${dim}`,
        'codes',
      );
    }
    const n = codes.length / dim;
    const lists = options.lists ?? 1;
    requireInput(Number.isInteger(lists) && lists >= 1 && lists <= 65_535, 'options.lists', 'must be 1..65535');
    const centroids =
      lists === 1 || n === 0 ? new Float32Array(dim) : sphericalKmeans(codes, dim, { lists, seed: options.seed ?? 1 });
    const actual = centroids.length / dim;
    const probes = Math.min(actual, options.probes ?? 8);
    requireInput(Number.isInteger(probes) && probes >= 1, 'options.probes', 'must be a positive integer');
    const index = new Int8VectorIndex(dim, centroids, probes, new CategoryTree());
    index.reserveLabels(n);
    // Exact-size lists: count first, then fill, so a built index has no growth headroom.
    const target = new Int32Array(n);
    const sizes = new Int32Array(actual);
    for (let r = 0; r < n; r++) {
      target[r] = index.nearestList(codes, r * dim);
      sizes[target[r]!]!++;
    }
    index.lists.forEach((list, l) => {
      list.codes = new Int8Array(sizes[l]! * dim);
      list.labels = new Int32Array(sizes[l]!);
    });
    for (let r = 0; r < n; r++) {
      const m = meta?.(r) ?? {};
      index.place(r, codes.subarray(r * dim, (r + 1) * dim), target[r]!, m);
    }
    return index;
  }

  /** Restores an index from its parts (the codec's path); lists are taken as they are. */
  static fromParts(parts: {
    readonly dim: number;
    readonly probes: number;
    readonly centroids: Float32Array;
    readonly lists: readonly { readonly codes: Int8Array; readonly labels: Int32Array }[];
    readonly categories: CategoryTree;
    readonly categoryOf: Int32Array;
    readonly active: Uint8Array;
  }): Int8VectorIndex {
    const index = new Int8VectorIndex(parts.dim, parts.centroids, parts.probes, parts.categories);
    index.reserveLabels(parts.categoryOf.length);
    parts.lists.forEach((list, l) => {
      const target = index.lists[l]!;
      target.codes = list.codes;
      target.labels = list.labels;
      target.length = list.labels.length;
      for (const label of list.labels) {
        requireInput(
          label >= 0 && label < parts.categoryOf.length && index.listOf[label] === 0,
          'index.labels',
          `label ${label} is out of range or repeated`,
        );
        index.listOf[label] = l + 1;
        index.count++;
      }
    });
    index.categoryOf.set(parts.categoryOf);
    index.activeBits.set(parts.active.subarray(0, index.activeBits.length));
    return index;
  }

  get size(): number {
    return this.count;
  }

  get listCount(): number {
    return this.lists.length;
  }

  has(label: number): boolean {
    return label >= 0 && label < this.listOf.length && this.listOf[label]! > 0;
  }

  /** Inserts an item, or replaces its vector and meta when the label is present (a re-embedded upsert). */
  add(label: number, code: Int8Array, meta: Int8ItemMeta = {}): void {
    requireInput(
      Number.isInteger(label) && label >= 0 && label < 2 ** 31 - 1,
      'label',
      'must be a non-negative integer',
    );
    if (code.length !== this.dim) {
      throw new FeatureTowerError(
        FeatureTowerErrorCode.DimensionMismatch,
        `code has ${code.length} values, index dim is ${this.dim}`,
        'code',
      );
    }
    if (this.has(label)) this.remove(label);
    this.reserveLabels(label + 1);
    this.place(label, code, this.nearestList(code, 0), meta);
  }

  remove(label: number): boolean {
    if (!this.has(label)) return false;
    const list = this.lists[this.listOf[label]! - 1]!;
    const slot = list.labels.subarray(0, list.length).indexOf(label);
    const last = list.length - 1;
    // Swap-remove: the list's order carries no meaning.
    list.labels[slot] = list.labels[last]!;
    list.codes.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
    list.length = last;
    this.listOf[label] = 0;
    this.count--;
    return true;
  }

  setActive(label: number, active: boolean): void {
    requireInput(this.has(label), 'label', `${label} is not in the index`);
    if (active) this.activeBits[label >> 3]! |= 1 << (label & 7);
    else this.activeBits[label >> 3]! &= ~(1 << (label & 7));
  }

  isActive(label: number): boolean {
    return this.has(label) && (this.activeBits[label >> 3]! & (1 << (label & 7))) !== 0;
  }

  /** The k best labels by dot product with `query` (float tanh units, or an int8 code). */
  search(query: Float32Array | Float64Array | Int8Array, k: number, filter: Int8SearchFilter = {}): Int8SearchResult {
    const { dim } = this;
    if (query.length !== dim) {
      throw new FeatureTowerError(
        FeatureTowerErrorCode.DimensionMismatch,
        `query has ${query.length} values, index dim is ${dim}`,
        'query',
      );
    }
    requireInput(Number.isInteger(k) && k >= 0, 'k', 'must be a non-negative integer');
    // Int8 queries score in integer units (exact); float queries in code units. Both report tanh units.
    const unit = query instanceof Int8Array ? 1 / (INT8_SCALE * INT8_SCALE) : 1 / INT8_SCALE;
    const q = Float64Array.from(query);
    const prefix = filter.categoryPrefix === undefined ? 0 : this.categories.find(filter.categoryPrefix);
    const activeOnly = filter.activeOnly ?? true;
    const heapScore = new Float64Array(k);
    const heapLabel = new Int32Array(k);
    let filled = 0;
    if (k === 0 || prefix < 0 || this.count === 0) return { labels: new Int32Array(0), scores: new Float32Array(0) };

    const order = this.listOrder(q);
    const bits = this.activeBits;
    const probes = Math.min(this.lists.length, filter.probes ?? this.probes);
    for (let p = 0; p < order.length; p++) {
      // Past the requested probes, keep going only while the filter has not yet let k items through.
      if (p >= probes && filled >= k) break;
      const list = this.lists[order[p]!]!;
      const { codes, labels } = list;
      for (let r = 0; r < list.length; r++) {
        const label = labels[r]!;
        if (activeOnly && (bits[label >> 3]! & (1 << (label & 7))) === 0) continue;
        const dot = dim === 64 ? dot64(q, codes, r * 64) : dotAny(q, codes, r * dim, dim);
        if (filled === k && (dot < heapScore[0]! || (dot === heapScore[0] && label > heapLabel[0]!))) continue;
        if (prefix > 0 && !this.categories.within(this.categoryOf[label]!, prefix)) continue;
        if (filter.accept !== undefined && !filter.accept(label)) continue;
        if (filled < k) {
          heapScore[filled] = dot;
          heapLabel[filled] = label;
          siftUp(heapScore, heapLabel, filled++);
        } else {
          heapScore[0] = dot;
          heapLabel[0] = label;
          siftDown(heapScore, heapLabel, 0, k);
        }
      }
    }
    // Heap → best first (ties by smaller label, as an exact scan's order).
    const order2 = Array.from({ length: filled }, (_, i) => i).sort(
      (a, b) => heapScore[b]! - heapScore[a]! || heapLabel[a]! - heapLabel[b]!,
    );
    return {
      labels: Int32Array.from(order2, (i) => heapLabel[i]!),
      scores: Float32Array.from(order2, (i) => heapScore[i]! * unit),
    };
  }

  memory(): Int8IndexMemory {
    const labelBytes = this.listOf.length * (2 + 4) + this.activeBits.length;
    const itemBytes = this.count * (this.dim + 4) + labelBytes;
    const allocated =
      this.lists.reduce((sum, list) => sum + list.codes.byteLength + list.labels.byteLength, 0) + labelBytes;
    const overheadBytes = this.centroids.byteLength + JSON.stringify(this.categories.toJSON()).length;
    return {
      items: this.count,
      itemBytes,
      bytesPerItem: this.count > 0 ? itemBytes / this.count : 0,
      allocatedBytes: allocated,
      overheadBytes,
    };
  }

  /** The parts the codec writes (lists trimmed to their length). */
  parts(): {
    readonly dim: number;
    readonly probes: number;
    readonly centroids: Float32Array;
    readonly lists: readonly { readonly codes: Int8Array; readonly labels: Int32Array }[];
    readonly categories: CategoryTree;
    readonly categoryOf: Int32Array;
    readonly active: Uint8Array;
  } {
    return {
      dim: this.dim,
      probes: this.probes,
      centroids: this.centroids,
      lists: this.lists.map((list) => ({
        codes: list.codes.subarray(0, list.length * this.dim),
        labels: list.labels.subarray(0, list.length),
      })),
      categories: this.categories,
      categoryOf: this.categoryOf,
      active: this.activeBits,
    };
  }

  private place(label: number, code: Int8Array, l: number, meta: Int8ItemMeta): void {
    const list = this.lists[l]!;
    if (list.length === list.labels.length) {
      const capacity = Math.max(4, Math.ceil(list.labels.length * 1.5));
      const codes = new Int8Array(capacity * this.dim);
      codes.set(list.codes);
      const labels = new Int32Array(capacity);
      labels.set(list.labels);
      list.codes = codes;
      list.labels = labels;
    }
    list.codes.set(code, list.length * this.dim);
    list.labels[list.length++] = label;
    this.listOf[label] = l + 1;
    this.categoryOf[label] = this.categories.intern(meta.category ?? []);
    this.count++;
    this.setActive(label, meta.active ?? true);
  }

  private reserveLabels(n: number): void {
    if (n <= this.listOf.length) return;
    const capacity = Math.max(n, Math.ceil(this.listOf.length * 1.5));
    const listOf = new Uint16Array(capacity);
    listOf.set(this.listOf);
    const categoryOf = new Int32Array(capacity);
    categoryOf.set(this.categoryOf);
    const bits = new Uint8Array(Math.ceil(capacity / 8));
    bits.set(this.activeBits);
    this.listOf = listOf;
    this.categoryOf = categoryOf;
    this.activeBits = bits;
  }

  private nearestList(codes: Int8Array, offset: number): number {
    if (this.lists.length === 1) return 0;
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < this.lists.length; c++) {
      let dot = 0;
      for (let j = 0; j < this.dim; j++) dot += codes[offset + j]! * this.centroids[c * this.dim + j]!;
      if (dot > bestScore) {
        bestScore = dot;
        best = c;
      }
    }
    return best;
  }

  /** Lists by descending dot product of their centroid with the query. */
  private listOrder(q: Float64Array): Int32Array {
    const n = this.lists.length;
    if (n === 1) return Int32Array.of(0);
    const scores = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      let dot = 0;
      for (let j = 0; j < this.dim; j++) dot += q[j]! * this.centroids[c * this.dim + j]!;
      scores[c] = dot;
    }
    return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  }
}

// Dot products of the query with one int8 row; the 64-d case unrolled with four sums (the served width).
function dot64(q: Float64Array, codes: Int8Array, base: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let j = 0; j < 64; j += 4) {
    a += q[j]! * codes[base + j]!;
    b += q[j + 1]! * codes[base + j + 1]!;
    c += q[j + 2]! * codes[base + j + 2]!;
    d += q[j + 3]! * codes[base + j + 3]!;
  }
  return a + b + c + d;
}

function dotAny(q: Float64Array, codes: Int8Array, base: number, dim: number): number {
  let sum = 0;
  for (let j = 0; j < dim; j++) sum += q[j]! * codes[base + j]!;
  return sum;
}
