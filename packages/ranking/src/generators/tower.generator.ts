// Feature-tower generator: the session as the recency-weighted sum of its items' int8 tower codes (vectors
// computed from catalog fields alone, @shopspace/feature-tower), answered by the tower's int8 index. The tower
// and its index live outside this package (a bundle component, mutable while serving: a new item is embedded
// and inserted at once), so the generator carries no component: the server passes it in by name (external).
import type { SessionQuery } from '../data/session-query.ts';
import { NO_CANDIDATES, type CandidateGenerator, type Candidates, type ItemFilter } from './candidate-generator.ts';

/** The tower's vectors as a generator reads them: int8 codes by label and a dot-product search. */
export interface TowerSpace {
  readonly dim: number;
  /** The served int8 code of a label, or null when the tower has no vector for it. */
  code(label: number): Int8Array | null;
  /** The k best labels by dot product with `query` that pass `accept`, best first (active items only). */
  search(
    query: Float64Array,
    k: number,
    accept: (label: number) => boolean,
  ): { readonly labels: Int32Array; readonly scores: Float32Array };
}

export interface TowerGeneratorOptions {
  /** Weight of each step back from the newest context item. Default 0.2 (the package's evaluation default). */
  readonly decay?: number;
  /** Only the newest L context items form the query. Default 50. */
  readonly maxContext?: number;
  /** Labels from this one on are never proposed (a ranker's union covers the model's catalog only). */
  readonly labelLimit?: number;
  readonly name?: string;
}

/** A tower generator exposes its space, so a trainer can store the tower it was fit with. */
export interface TowerGenerator extends CandidateGenerator {
  readonly space: TowerSpace;
}

export const towerGeneratorName = (decay: number): string => `tower(decay=${decay})`;

/** The decay of a tower generator's name, or null for another name. */
export function towerDecayOf(name: string): number | null {
  const m = /^tower\(decay=([0-9.]+)\)$/.exec(name);
  return m?.[1] ? Number(m[1]) : null;
}

export function isTowerGenerator(g: CandidateGenerator): g is TowerGenerator {
  return g.family === 'tower' && (g as Partial<TowerGenerator>).space !== undefined;
}

export function towerGenerator(space: TowerSpace, options: TowerGeneratorOptions = {}): TowerGenerator {
  const decay = options.decay ?? 0.2;
  const maxContext = options.maxContext ?? 50;
  const limit = options.labelLimit ?? Infinity;
  const { dim } = space;
  const query = new Float64Array(dim);
  return {
    name: options.name ?? towerGeneratorName(decay),
    family: 'tower',
    space,
    propose(q: SessionQuery, n: number, allow?: ItemFilter): Candidates {
      query.fill(0);
      const own = new Set<number>();
      let any = false;
      let w = 1;
      const oldest = q.items.length - maxContext;
      for (let j = q.items.length - 1; j >= 0; j--, w *= decay) {
        const item = q.items[j] ?? -1;
        own.add(item);
        if (j < oldest || w === 0) continue;
        const code = space.code(item);
        if (!code) continue;
        any = true;
        for (let d = 0; d < dim; d++) query[d] = (query[d] ?? 0) + w * (code[d] ?? 0);
      }
      if (!any || n <= 0) return NO_CANDIDATES;
      const { labels, scores } = space.search(
        query,
        n,
        (label) => label < limit && !own.has(label) && (!allow || allow(label)),
      );
      return { items: labels, scores };
    },
  };
}
