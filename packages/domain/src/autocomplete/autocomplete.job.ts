// Rebuilds a shop's query model: reads its events, active catalog and the active model's item vectors, builds
// and serialises the model, writes it as a new artifact version, points the shop at it in one statement, tells
// the API processes, then removes the files it replaced. A shop without a trained model gets a catalog-only
// model (no vectors, so ranking by popularity); a build whose inputs did not change since the last is skipped.

import { buildQueryModel, type CatalogItem, type ItemSpace, type ShopEvent } from '@shopspace/autocomplete';
import {
  encodeBundle,
  openBundle,
  openModelVersion,
  writeEncodedBundle,
  type EncodedBundle,
  type QueryModelMeta,
} from '@shopspace/serving';
import type { ArtifactStore } from '../artifacts/artifact-store.port.ts';
import type { ItemRepository } from '../catalog/catalog.ports.ts';
import type { ChangeFeed } from '../changes/change.ts';
import type { TrainingRepository } from '../training/training.ports.ts';
import type { AutocompleteEventSource, AutocompleteRepository } from './autocomplete.ports.ts';

export interface QueryModelInput {
  readonly events: readonly ShopEvent[];
  readonly items: readonly CatalogItem[];
  readonly itemSpace: ItemSpace;
  /** Popularity is decayed to this instant (the newest event). */
  readonly decayedTo: number;
  readonly halfLifeDays?: number;
  readonly meta: Omit<QueryModelMeta, 'queries' | 'items'>;
}

/** Builds and encodes a query model (CPU-heavy: the worker runs it on a thread). */
export interface QueryModelBuilder {
  build(input: QueryModelInput): Promise<{ bundle: EncodedBundle; meta: QueryModelMeta }>;
}

/** The builder in the calling thread (tests, small shops). */
export const inlineQueryModelBuilder: QueryModelBuilder = {
  async build(input) {
    const model = buildQueryModel(
      { events: input.events, items: input.items, itemSpace: input.itemSpace },
      { now: input.decayedTo, ...(input.halfLifeDays ? { halfLifeDays: input.halfLifeDays } : {}) },
    );
    const meta: QueryModelMeta = { ...input.meta, queries: model.queries.texts.length, items: model.items.skus.length };
    return { bundle: await encodeBundle('autocomplete', { queryModel: model, queryMeta: meta }), meta };
  },
};

export interface AutocompleteJobDependencies {
  readonly builder: QueryModelBuilder;
  readonly events: AutocompleteEventSource;
  readonly items: ItemRepository;
  readonly runs: TrainingRepository;
  readonly artifacts: ArtifactStore;
  readonly models: AutocompleteRepository;
  readonly changes: ChangeFeed;
  readonly now?: () => number;
  /** Popularity half-life of the query log, in days (default 30). */
  readonly halfLifeDays?: number;
}

export type AutocompleteOutcome =
  | {
      readonly kind: 'built';
      readonly path: string;
      readonly modelVersionId: string | null;
      readonly queries: number;
      readonly items: number;
      readonly events: number;
    }
  | { readonly kind: 'skipped'; readonly reason: string };

/** The space of a shop without a trained model: no item has a vector, so every query vector stays zero. */
const NO_SPACE: ItemSpace = { dim: 1, vectors: new Float32Array(0), rowOf: new Map() };

export class AutocompleteJob {
  constructor(private readonly deps: AutocompleteJobDependencies) {}

  async run(tenantId: string, shopId: string): Promise<AutocompleteOutcome> {
    const { deps } = this;
    const fingerprint = await deps.models.fingerprint(tenantId, shopId);
    const current = await deps.models.current(tenantId, shopId);
    if (current && (await this.fingerprintOf(current.path)) === fingerprint) {
      return { kind: 'skipped', reason: 'nothing changed since the last build' };
    }
    const [events, catalog, active] = await Promise.all([
      deps.events.events(tenantId, shopId),
      deps.items.all(tenantId, shopId),
      deps.runs.activeModel(tenantId, shopId),
    ]);
    const items: CatalogItem[] = catalog
      .filter((item) => item.active && !item.sku.includes('\n'))
      .map((item) => ({ sku: item.sku, title: item.title, category: item.category, brand: item.brand }));
    if (items.length === 0 && !events.some((event) => event.type === 'SEARCH')) {
      return { kind: 'skipped', reason: 'the shop has no active items and no searches yet' };
    }
    const space = active ? await this.itemSpace(active.artifactPath) : NO_SPACE;
    const now = deps.now?.() ?? Date.now();
    // Decayed to the newest event, not the wall clock: an old or imported log keeps its relative popularity.
    const decayedTo = events.at(-1)?.timestamp ?? now;
    const built = await deps.builder.build({
      events,
      items,
      itemSpace: space,
      decayedTo,
      ...(deps.halfLifeDays ? { halfLifeDays: deps.halfLifeDays } : {}),
      meta: { modelVersionId: active?.id ?? null, fingerprint, decayedTo: new Date(decayedTo).toISOString() },
    });
    const meta = built.meta;
    const version = `autocomplete-${new Date(now).toISOString().replace(/[-:.]/g, '')}`;
    const path = await writeEncodedBundle(deps.artifacts, { tenantId, shopId, version }, built.bundle);
    const previous = await deps.models.replace(tenantId, shopId, { path, builtAt: new Date(now) });
    await deps.changes.publish({ kind: 'autocomplete-rebuilt', tenantId, shopId });
    // An API process still loading the old files fails that load and retries with the new ones.
    if (previous && previous.path !== path) await deps.artifacts.remove(previous.path);
    return {
      kind: 'built',
      path,
      modelVersionId: meta.modelVersionId,
      queries: meta.queries,
      items: meta.items,
      events: events.length,
    };
  }

  private async fingerprintOf(path: string): Promise<string | null> {
    try {
      const { queryMeta } = (await openBundle(this.deps.artifacts, path, ['queryMeta'])).components;
      return queryMeta?.fingerprint ?? null;
    } catch {
      return null; // unreadable or missing: build again
    }
  }

  /** The active model's unit item vectors, row i for its i-th sku. */
  private async itemSpace(path: string): Promise<ItemSpace> {
    const { vocabulary, vectors } = (await openModelVersion(this.deps.artifacts, path, ['vocabulary', 'vectors']))
      .components;
    if (!vocabulary || !vectors) return NO_SPACE;
    return { dim: vectors.dim, vectors: vectors.vectors, rowOf: new Map(vocabulary.skus.map((sku, i) => [sku, i])) };
  }
}
