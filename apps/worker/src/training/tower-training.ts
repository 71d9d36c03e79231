// The feature tower inside a shop's training run (on its worker thread): contacts from the session log (each
// session one actor, its items in order a millisecond apart from its start, so the tower's pairs are the
// session's consecutive items), catalog fields by item index, trainTower with the run's budget, every item of
// the log embedded into an int8 index; then the bundle's tower component over the model's items plus the
// catalog items without sessions, and the cold/warm figures of the tower alone and of the served pipeline.

import {
  embedItems,
  evaluateColdWarm,
  Int8VectorIndex,
  leaveLastOut,
  quantizeTowerOutput,
  trainTower,
  type ContactColumns,
  type FeatureTower,
  type ItemFeatures,
  type SessionCase,
} from '@shopspace/feature-tower';
import { metricsFromRanks, type RankingMetrics } from '@shopspace/item2vec';
import { sliceLog, type ServedPipeline, type SessionLog, type TowerSpace, type TowerTrainer } from '@shopspace/ranking';
import { towerFeatures, type TowerParts } from '@shopspace/serving';
import type { CatalogEntry, TrainConfig } from '@shopspace/domain';

/** A trained tower over a log's items, as the tower generator reads it, with what the bundle stores. */
export interface TrainedTowerSpace extends TowerSpace {
  readonly tower: FeatureTower;
  readonly index: Int8VectorIndex;
  readonly codes: Int8Array;
}

/** The tower's features of each catalog index (a sku missing from the catalog has an empty title). */
export function featuresByIndex(catalog: readonly CatalogEntry[], ids: readonly string[]): ItemFeatures[] {
  const bySku = new Map(catalog.map((c) => [c.sku, c]));
  return ids.map((sku) => entryFeatures(bySku.get(sku)));
}

function entryFeatures(c: CatalogEntry | undefined): ItemFeatures {
  if (!c) return { title: '' };
  return towerFeatures({
    title: c.title ?? '',
    description: c.description ?? null,
    category: c.categoryPath ?? (c.category ? [c.category] : []),
    brand: c.brand ?? null,
    price: c.price,
    attributes: c.attributes ?? null,
  });
}

/** The log's sessions as tower contacts: actor = session, time = its start + position (ms). */
export function contactsOf(log: SessionLog): ContactColumns {
  const n = log.items.length;
  const item = new Int32Array(n);
  const actor = new Int32Array(n);
  const time = new Float64Array(n);
  for (let s = 0; s + 1 < log.offsets.length; s++)
    for (let k = log.offsets[s] ?? 0; k < (log.offsets[s + 1] ?? 0); k++) {
      item[k] = log.items[k] ?? 0;
      actor[k] = s;
      time[k] = (log.startedAt[s] ?? 0) + (k - (log.offsets[s] ?? 0));
    }
  return { item, actor, time, kind: new Uint8Array(n) };
}

function spaceOf(tower: FeatureTower, features: readonly ItemFeatures[], seed: number): TrainedTowerSpace {
  const dim = tower.shape.dim;
  const codes = quantizeTowerOutput(embedItems(tower, features));
  const index = Int8VectorIndex.build(codes, dim, { seed });
  return {
    dim,
    tower,
    index,
    codes,
    code: (label) => (label >= 0 && label < features.length ? codes.subarray(label * dim, (label + 1) * dim) : null),
    search: (query, k, accept) => index.search(query, k, { accept }),
  };
}

/** The tower family's trainer for the chooser: one tower per log, every catalog index embedded. */
export function towerTrainer(
  features: readonly ItemFeatures[],
  config: TrainConfig,
  signal: AbortSignal,
): TowerTrainer {
  return async (log) => {
    if (config.towerExamples <= 0 || log.items.length < 2) return null;
    try {
      const trained = await trainTower(
        { items: features, contacts: contactsOf(log) },
        { seed: config.seed, maxExamples: config.towerExamples },
        { signal },
      );
      return spaceOf(trained.tower, features, config.seed);
    } catch (error) {
      // A log with no pair of items within the window trains no tower: the family is left out.
      if ((error as { code?: string }).code === 'NO_TRAINING_PAIRS') return null;
      throw error;
    }
  };
}

/** The bundle's tower component: the model's items, then the active catalog items no session has. */
export function towerParts(
  space: TrainedTowerSpace,
  vocabulary: readonly string[],
  catalog: readonly CatalogEntry[],
  embeddedAt: number,
): TowerParts {
  const index = Int8VectorIndex.build(space.codes, space.dim, { seed: 1 }, (label) => {
    const c = catalogBySku(catalog).get(vocabulary[label] ?? '');
    return { category: c?.categoryPath ?? [], active: c?.active ?? true };
  });
  const known = new Set(vocabulary);
  const extras = catalog.filter((c) => !known.has(c.sku));
  const extraCodes = quantizeTowerOutput(
    embedItems(
      space.tower,
      extras.map((c) => entryFeatures(c)),
    ),
  );
  extras.forEach((c, j) =>
    index.add(vocabulary.length + j, extraCodes.subarray(j * space.dim, (j + 1) * space.dim), {
      category: c.categoryPath ?? [],
      active: c.active ?? true,
    }),
  );
  return {
    tower: space.tower,
    index,
    extraSkus: extras.map((c) => c.sku),
    vocabularySize: vocabulary.length,
    embeddedAt,
  };
}

const bySkuCache = new WeakMap<readonly CatalogEntry[], Map<string, CatalogEntry>>();
function catalogBySku(catalog: readonly CatalogEntry[]): Map<string, CatalogEntry> {
  let map = bySkuCache.get(catalog);
  if (!map) bySkuCache.set(catalog, (map = new Map(catalog.map((c) => [c.sku, c]))));
  return map;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
const figuresOf = (m: RankingMetrics) => ({ 'hr@10': round(m.hitRate), 'ndcg@10': round(m.ndcg), cases: m.cases });

/**
 * Cold and warm test figures (leave-last-out over the test sessions; an item is new when no training session
 * before `trainUntil` has it): the tower alone (a tower trained on the training split), and the served pipeline
 * without the tower and as served with it (a session whose newest item is new is answered by the tower).
 */
export function coldWarmFigures(
  log: SessionLog,
  testFrom: number,
  trainUntil: number,
  space: TrainedTowerSpace | null,
  served: ServedPipeline,
): Record<string, unknown> {
  const isNew = new Uint8Array(log.itemCount).fill(1);
  const train = sliceLog(log, -Infinity, trainUntil);
  for (const item of train.items) isNew[item] = 0;
  const sessions: { items: number[]; time: number }[] = [];
  for (let s = 0; s + 1 < log.offsets.length; s++) {
    if ((log.startedAt[s] ?? 0) < testFrom) continue;
    sessions.push({
      items: Array.from(log.items.subarray(log.offsets[s] ?? 0, log.offsets[s + 1] ?? 0)),
      time: log.startedAt[s] ?? 0,
    });
  }
  const cases = leaveLastOut(sessions);
  if (cases.length === 0) return { cases: 0 };
  const segmentOf = cases.map((c) => segment(c, isNew));
  const bySegment = (ranks: Float64Array) =>
    Object.fromEntries(
      (['all', 'warm', 'coldTarget', 'coldContext'] as const).map((seg) => [
        seg,
        figuresOf(
          metricsFromRanks(
            ranks.filter((_, i) => segmentOf[i]?.includes(seg)),
            10,
          ),
        ),
      ]),
    );
  const towerGen = space;
  const rankIn = (list: Int32Array, target: number): number => {
    const at = list.indexOf(target);
    return at < 0 ? Infinity : at;
  };
  const without = new Float64Array(cases.length);
  const withTower = new Float64Array(cases.length);
  const q = new Float64Array(space?.dim ?? 0);
  cases.forEach((c, i) => {
    const known = c.context.filter((item) => isNew[item] === 0);
    const query = { items: known, user: -1, now: c.time };
    const plain = known.length > 0 ? served.recommend(query, 10).items : new Int32Array(0);
    without[i] = rankIn(plain, c.target);
    const last = c.context[c.context.length - 1] ?? -1;
    if (towerGen && isNew[last] === 1) {
      // As served: the tower over the whole context, every item a candidate.
      q.fill(0);
      let w = 1;
      for (let j = c.context.length - 1; j >= 0; j--, w *= 0.2) {
        const code = towerGen.code(c.context[j] ?? -1);
        if (code) for (let d = 0; d < q.length; d++) q[d] = (q[d] ?? 0) + w * (code[d] ?? 0);
      }
      const own = new Set(c.context);
      withTower[i] = rankIn(towerGen.search(q, 10, (l) => !own.has(l)).labels, c.target);
    } else withTower[i] = without[i] ?? Infinity;
  });
  const out: Record<string, unknown> = {
    cases: cases.length,
    trainedUntil: new Date(trainUntil).toISOString(),
    servedWithoutTower: bySegment(without),
    ...(space ? { servedWithTower: bySegment(withTower) } : {}),
  };
  if (space) {
    const tower = evaluateColdWarm(cases, space.codes, space.dim, { isNew, recencyDecay: 0.2 });
    out['tower'] = Object.fromEntries(Object.entries(tower.segments).map(([k, m]) => [k, figuresOf(m)]));
  }
  return out;
}

function segment(c: SessionCase, isNew: Uint8Array): string[] {
  const out = ['all'];
  if (isNew[c.target] === 1) out.push('coldTarget');
  if (isNew[c.context[c.context.length - 1] ?? -1] === 1) out.push('coldContext');
  if (out.length === 1) out.push('warm');
  return out;
}
