// The feature tower inside a training run: the bundle holds the tower component and reopens it, the chooser
// tried the tower family, the metrics report warm and cold cases apart, and an item the run never saw (in the
// catalog without sessions, or upserted after training) answers similar items from its features.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilesystemArtifactStore } from '@shopspace/artifacts';
import { DEFAULT_TRAIN_CONFIG, type CatalogEntry, type SessionRecord } from '@shopspace/domain';
import { createRng } from '@shopspace/item2vec';
import { FROM_FEATURES, ServingModel, openBundle, readManifest, writeEncodedBundle } from '@shopspace/serving';
import { trainPipelineModel } from './pipeline-training.ts';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const GROUPS = ['lantern', 'teapot', 'cushion', 'candle', 'mirror', 'basket'];
const PER_GROUP = 10;
const groupOf = (sku: string): string => sku.split('-')[0] ?? '';

function plantedShop(): { sessions: SessionRecord[]; catalog: CatalogEntry[] } {
  const rng = createRng(3);
  const catalog: CatalogEntry[] = [];
  for (const g of GROUPS)
    for (let i = 0; i <= PER_GROUP; i++)
      catalog.push({
        sku: `${g}-${i}`,
        title: `${g} ${['red', 'blue', 'green', 'white'][i % 4]} ${g}s model ${i}`,
        price: 5 + i,
        category: `home-${g}`,
        categoryPath: [`home-${g}`],
        createdAt: START,
        active: true,
      });
  const sessions: SessionRecord[] = [];
  for (let s = 0; s < 1500; s++) {
    const g = GROUPS[rng.nextInt(GROUPS.length)] ?? '';
    const skus = new Set<string>();
    const length = 3 + rng.nextInt(3);
    // Item PER_GROUP of each group is never in a session: the catalog has it, the sessions do not.
    while (skus.size < length) skus.add(`${g}-${rng.nextInt(PER_GROUP)}`);
    sessions.push({ skus: [...skus], startedAt: START + (s / 1500) * 120 * DAY, userId: `u${rng.nextInt(200)}` });
  }
  return { sessions, catalog };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the feature tower in a training run', () => {
  it('stores the tower as a component that reopens, and answers new items from their features', async () => {
    const { sessions, catalog } = plantedShop();
    const testFrom = START + 100 * DAY;
    const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 3, dimensions: 16, refit: false, towerExamples: 40_000 };
    const out = await trainPipelineModel(
      { sessions, catalog, config, testFrom, gapFrom: testFrom, trainerThreads: 1 },
      () => undefined,
    );
    // The chooser tried the tower family on validation, and the test split measured it.
    const generators = out.metrics['generators'] as Record<string, Record<string, number>>;
    expect(Object.keys(generators)).toContain('tower(decay=0.2)');
    const coldWarm = out.metrics['coldWarm'] as {
      tower: Record<string, { 'hr@10': number; cases: number }>;
      servedWithTower: Record<string, { cases: number }>;
    };
    expect(coldWarm.tower['warm']?.cases).toBeGreaterThan(0);
    // Planted groups: the tower alone finds the next item of a group far above chance (10 of 66 items).
    expect(coldWarm.tower['warm']?.['hr@10']).toBeGreaterThan(0.5);
    expect(coldWarm.servedWithTower['all']?.cases).toBe(coldWarm.tower['all']?.cases);

    const dir = await mkdtemp(join(tmpdir(), 'tower-training-'));
    dirs.push(dir);
    const store = new FilesystemArtifactStore(dir);
    const path = await writeEncodedBundle(store, { tenantId: 't', shopId: 's', version: 'v1' }, out.bundle);
    const manifest = await readManifest(store, path);
    expect(Object.keys(manifest.components)).toContain('tower');
    const opened = await openBundle(store, path, ['vocabulary', 'pipeline', 'vectors', 'ann', 'users', 'tower']);
    const { vocabulary, ...rest } = opened.components;
    if (!vocabulary || !rest.tower) throw new Error('the bundle lacks its vocabulary or its tower');
    const model = new ServingModel({ vocabulary, ...rest });
    expect(model.tower).not.toBeNull();
    // The catalog's items without sessions are in the tower's index from training on.
    expect(model.indexOf('candle-10')).toBeUndefined();
    const extra = model.similar('candle-10', 5, () => true);
    expect(extra?.how).toBe(FROM_FEATURES);
    expect(extra?.items.filter((s) => groupOf(s.sku) === 'candle').length).toBeGreaterThanOrEqual(4);

    // An upsert after training: embedded by the tower in memory, no retraining.
    expect(model.similar('NEW-teapot', 5, () => true)).toBeNull();
    const upserted = { sku: 'NEW-teapot', title: 'teapot white teapots model 42', category: ['home-teapot'] };
    expect(model.tower?.sync([{ ...upserted, active: true, updatedAt: Date.now() }])).toBe(1);
    const similar = model.similar('NEW-teapot', 5, () => true);
    expect(similar?.how).toBe(FROM_FEATURES);
    expect(similar?.items.filter((s) => groupOf(s.sku) === 'teapot').length).toBeGreaterThanOrEqual(4);
    // A session ending on it is answered from the features too, never with the session's own items.
    const session = model.recommend('served', ['lantern-1', 'NEW-teapot'], null, 5, () => true, testFrom);
    expect(session?.items[0]?.reason).toMatch(/from its features/);
    expect(session?.items.map((s) => s.sku)).not.toContain('NEW-teapot');
    // Unchanged, it is not embedded again; deactivated, it leaves the answers.
    expect(model.tower?.sync([{ ...upserted, active: true, updatedAt: 0 }])).toBe(0);
    model.tower?.sync([{ ...upserted, active: false, updatedAt: 0 }]);
    const other = model.similar('teapot-10', 20, () => true);
    expect(other?.items.map((s) => s.sku)).not.toContain('NEW-teapot');
    const before = model.tower?.sync([{ ...upserted, active: true, updatedAt: 0 }]);
    expect(before).toBe(0);
    expect(model.similar('teapot-10', 20, () => true)?.items.map((s) => s.sku)).toContain('NEW-teapot');
  }, 120_000);
});
