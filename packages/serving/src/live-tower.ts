// The feature tower of a model version in memory: the tower itself (so the API embeds a new or changed item from
// its catalog fields, no retraining), its int8 index that takes inserts while serving, and the int8 code of
// every label. Labels 0..vocabulary-1 are the model's own items; labels past them are catalog items the model
// never saw in a session (embedded at training time, or later on an upsert), each with its sku.

import {
  createScratch,
  embedItem,
  type FeatureTower,
  type Int8VectorIndex,
  type ItemFeatures,
  type TowerScratch,
} from '@shopspace/feature-tower';
import type { TowerSpace } from '@shopspace/ranking';

/** A catalog item's fields as the tower reads them (the domain's Item has this shape). */
export interface TowerItemFields {
  readonly sku: string;
  readonly title: string;
  readonly description?: string | null;
  readonly category?: readonly string[] | null;
  readonly brand?: string | null;
  readonly price?: number | null;
  readonly attributes?: Readonly<Record<string, unknown>> | null;
  readonly active?: boolean;
  /** When the item last changed (ms); an item changed after the tower embedded it is embedded again. */
  readonly updatedAt?: number;
}

export function towerFeatures(item: Omit<TowerItemFields, 'sku' | 'active' | 'updatedAt'>): ItemFeatures {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(item.attributes ?? {}))
    if (value !== null && value !== undefined)
      attributes[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return {
    title: item.title,
    ...(item.description ? { description: item.description } : {}),
    ...(item.category && item.category.length > 0 ? { category: item.category } : {}),
    ...(item.brand ? { brand: item.brand } : {}),
    ...(item.price !== null && item.price !== undefined && Number.isFinite(item.price) ? { price: item.price } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
}

/** What the bundle's tower component holds. */
export interface TowerParts {
  readonly tower: FeatureTower;
  readonly index: Int8VectorIndex;
  /** Skus of the labels from `vocabularySize` on, in label order. */
  readonly extraSkus: readonly string[];
  readonly vocabularySize: number;
  /** When the items in the index were embedded (ms): items updated later are embedded again. */
  readonly embeddedAt: number;
}

export class LiveTower implements TowerSpace {
  readonly dim: number;
  readonly tower: FeatureTower;
  readonly index: Int8VectorIndex;
  readonly vocabularySize: number;
  private readonly skus: string[];
  private readonly labelOf = new Map<string, number>();
  private codes: Int8Array;
  private readonly embeddedAt: number[] = [];
  private readonly defaultStamp: number;
  private readonly scratch: TowerScratch;

  constructor(parts: TowerParts, vocabulary: readonly string[]) {
    this.tower = parts.tower;
    this.index = parts.index;
    this.dim = parts.index.dim;
    this.vocabularySize = parts.vocabularySize;
    this.defaultStamp = parts.embeddedAt;
    this.skus = [...vocabulary.slice(0, parts.vocabularySize), ...parts.extraSkus];
    this.skus.forEach((sku, label) => this.labelOf.set(sku, label));
    this.codes = new Int8Array(Math.max(1, this.skus.length) * this.dim);
    const { lists } = parts.index.parts();
    for (const list of lists)
      list.labels.forEach((label, r) => {
        this.reserve(label + 1);
        this.codes.set(list.codes.subarray(r * this.dim, (r + 1) * this.dim), label * this.dim);
      });
    this.scratch = createScratch(parts.tower.shape);
  }

  get size(): number {
    return this.skus.length;
  }

  skuOf(label: number): string | undefined {
    return this.skus[label];
  }

  label(sku: string): number | undefined {
    return this.labelOf.get(sku);
  }

  /** The skus of every label, in label order (the model's items first). */
  allSkus(): readonly string[] {
    return this.skus;
  }

  code(label: number): Int8Array | null {
    if (!this.index.has(label)) return null;
    return this.codes.subarray(label * this.dim, (label + 1) * this.dim);
  }

  search(query: Float64Array | Int8Array, k: number, accept: (label: number) => boolean) {
    return this.index.search(query, k, { accept });
  }

  /**
   * Brings the index up to the catalog: a new sku gets a label and its vector, a sku changed since it was
   * embedded gets a new vector, and the active flag follows the item. Returns how many items were embedded.
   */
  sync(items: Iterable<TowerItemFields>): number {
    let embedded = 0;
    for (const item of items) {
      let label = this.labelOf.get(item.sku);
      const active = item.active ?? true;
      const known = label !== undefined && this.index.has(label);
      const changed = known && (item.updatedAt ?? 0) > (this.embeddedAt[label ?? 0] ?? this.defaultStamp);
      if (!known || changed) {
        if (label === undefined) {
          label = this.skus.length;
          this.skus.push(item.sku);
          this.labelOf.set(item.sku, label);
        }
        const code = embedItem(this.tower, towerFeatures(item), this.scratch);
        this.reserve(label + 1);
        this.codes.set(code, label * this.dim);
        this.index.add(label, code, { ...(item.category ? { category: item.category } : {}), active });
        this.embeddedAt[label] = item.updatedAt ?? Date.now();
        embedded++;
      } else if (label !== undefined && this.index.isActive(label) !== active) this.index.setActive(label, active);
    }
    return embedded;
  }

  /** sync in slices of `slice` items with a macrotask between them, so a large catalog never blocks a server. */
  async syncInSlices(items: readonly TowerItemFields[], slice = 256): Promise<number> {
    let embedded = 0;
    for (let from = 0; from < items.length; from += slice) {
      embedded += this.sync(items.slice(from, from + slice));
      if (from + slice < items.length) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return embedded;
  }

  private reserve(labels: number): void {
    if (labels * this.dim <= this.codes.length) return;
    const grown = new Int8Array(Math.max(labels, Math.ceil((this.codes.length / this.dim) * 1.5)) * this.dim);
    grown.set(this.codes);
    this.codes = grown;
  }
}
