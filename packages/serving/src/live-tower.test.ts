// The tower component round trip and the live tower: what the bundle stores reopens with the same codes, a
// corrupt file is refused, and sync embeds new and changed items, follows `active`, and leaves the rest alone.
import { describe, expect, it } from 'vitest';
import {
  Int8VectorIndex,
  embedItems,
  quantizeTowerOutput,
  trainTowerSync,
  type Contact,
} from '@shopspace/feature-tower';
import { towerComponent } from './bundle/components/tower.component.ts';
import type { ComponentReader } from './bundle/component.ts';
import { LiveTower, towerFeatures, type TowerParts } from './live-tower.ts';

const GROUPS = ['lantern', 'teapot', 'cushion'];
const SKUS = GROUPS.flatMap((g) => Array.from({ length: 6 }, (_, i) => `${g}-${i}`));
const FEATURES = SKUS.map((sku) => towerFeatures({ title: `${sku.split('-')[0]} model ${sku.split('-')[1]}` }));

function parts(): TowerParts {
  const contacts: Contact[] = [];
  for (let s = 0; s < 300; s++) {
    const g = s % GROUPS.length;
    for (let j = 0; j < 3; j++)
      contacts.push({ item: g * 6 + ((s + j * 5) % 6), actor: s, time: s * 1000 + j, kind: 'VIEW' });
  }
  const { tower } = trainTowerSync({ items: FEATURES, contacts }, { dim: 16, hidden: 32, maxExamples: 5_000 });
  const codes = quantizeTowerOutput(embedItems(tower, FEATURES));
  const index = Int8VectorIndex.build(codes, 16);
  // The last group is catalog-only: its items are "extra" labels past a 12-item vocabulary.
  return { tower, index, extraSkus: SKUS.slice(12), vocabularySize: 12, embeddedAt: 1_000 };
}

const readerOf = (files: ReadonlyMap<string, Uint8Array>): ComponentReader => ({
  bytes: (file) => {
    const data = files.get(file);
    return data ? Promise.resolve(data) : Promise.reject(new Error(`no ${file}`));
  },
  localFile: () => Promise.reject(new Error('not used')),
});

describe('the tower component and the live tower', () => {
  const original = parts();

  it('reopens with the same codes and labels, and refuses a corrupt file', async () => {
    const encoded = await towerComponent.encode(original);
    expect(encoded.meta).toMatchObject({ dim: 16, items: 18, extraItems: 6 });
    const entry = { format: 1, files: [...encoded.files.keys()], meta: encoded.meta ?? {} };
    const decoded = await towerComponent.decode(readerOf(encoded.files), entry);
    const live = new LiveTower(decoded, SKUS.slice(0, 12));
    expect(live.size).toBe(18);
    expect(live.label('teapot-2')).toBe(8);
    expect(live.label('cushion-0')).toBe(12);
    const before = new LiveTower(original, SKUS.slice(0, 12));
    for (let l = 0; l < 18; l++) expect(Array.from(live.code(l) ?? [])).toEqual(Array.from(before.code(l) ?? []));

    const broken = new Map(encoded.files);
    const bytes = Uint8Array.from(broken.get('tower.ssft') ?? []);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    broken.set('tower.ssft', bytes);
    await expect(towerComponent.decode(readerOf(broken), entry)).rejects.toThrow(/checksum mismatch/);
  });

  it('embeds new and changed items, follows active, and leaves unchanged items alone', () => {
    const live = new LiveTower(parts(), SKUS.slice(0, 12));
    const teapot = { sku: 'NEW-1', title: 'teapot model 9', updatedAt: 2_000 };
    expect(
      live.sync([...SKUS.map((sku, i) => ({ sku, title: FEATURES[i]?.title ?? '', updatedAt: 500 })), teapot]),
    ).toBe(1);
    expect(live.label('NEW-1')).toBe(18);
    // Its nearest items are its group's (the tower read its title).
    const code = live.code(18);
    if (!code) throw new Error('no code for the new item');
    const near = Array.from(live.search(code, 3, (l) => l !== 18).labels, (l) => live.skuOf(l));
    expect(near.every((sku) => sku?.startsWith('teapot'))).toBe(true);
    // Changed after it was embedded: a new vector; unchanged: none.
    const old = Array.from(code);
    expect(live.sync([{ ...teapot, title: 'lantern model 9', updatedAt: 3_000 }])).toBe(1);
    expect(Array.from(live.code(18) ?? [])).not.toEqual(old);
    expect(live.sync([{ ...teapot, title: 'lantern model 9', updatedAt: 3_000 }])).toBe(0);
    live.sync([{ ...teapot, active: false, updatedAt: 3_000 }]);
    expect(live.index.isActive(18)).toBe(false);
    expect(Array.from(live.search(live.code(0) ?? new Int8Array(16), 18, () => true).labels)).not.toContain(18);
  });
});
