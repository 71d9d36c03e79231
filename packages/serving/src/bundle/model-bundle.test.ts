import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BruteForceVectorIndex, HnswVectorIndex } from '@shopspace/vector-index';
import type { BundleLocation, BundleStore } from './bundle-store.ts';
import { bytesOf, concat, header } from './binary.ts';
import { openBundle, openModelVersion, writeBundle, writeModelVersion } from './model-bundle.ts';

/** Files by version path, counting reads so a test can see what an open touched. */
class MemoryStore implements BundleStore {
  readonly versions = new Map<string, Map<string, Uint8Array>>();
  readonly reads: string[] = [];

  write(location: BundleLocation, files: ReadonlyMap<string, Uint8Array>): Promise<string> {
    const path = [location.tenantId, location.shopId, location.kind, location.version].join('/');
    if (this.versions.has(path)) return Promise.reject(new Error(`${path} exists`));
    this.versions.set(path, new Map(files));
    return Promise.resolve(path);
  }
  read(path: string, name: string): Promise<Uint8Array> {
    this.reads.push(name);
    const data = this.versions.get(path)?.get(name);
    return data ? Promise.resolve(data) : Promise.reject(Object.assign(new Error('missing'), { code: 'ENOENT' }));
  }
  exists(path: string, name: string): Promise<boolean> {
    return Promise.resolve(this.versions.get(path)?.has(name) ?? false);
  }
  async localFile(path: string, name: string) {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-test-'));
    const file = join(dir, name);
    writeFileSync(file, await this.read(path, name));
    return { file, release: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
  }
}

const LOCATION = { tenantId: 't1', shopId: 's1', version: 'v1' };
const SKUS = ['a', 'b', 'c'];
const COUNTS = Int32Array.from([3, 2, 1]);
const VECTORS = Float32Array.from([1, 0, 0, 1, 0.6, 0.8]);
const KNN = {
  itemCount: 3,
  offsets: Int32Array.from([0, 1, 2, 2]),
  neighbours: Int32Array.from([1, 0]),
  weights: Float64Array.from([0.5, 0.5]),
};

describe('model bundle', () => {
  it('round-trips every component and records what it holds in the manifest', async () => {
    const store = new MemoryStore();
    const layout = { rows: Int32Array.from([2, 0]), points: Float32Array.from([1.5, -2, 0.25, 3]), perplexity: 30 };
    const path = await writeModelVersion(store, LOCATION, {
      vocabulary: { skus: SKUS, counts: COUNTS },
      settings: { algorithm: 'item2vec-cbow', blend: 0.25, recencyDecay: 0.5 },
      vectors: { dim: 2, vectors: VECTORS },
      knn: KNN,
      ann: BruteForceVectorIndex.build(VECTORS, 2),
      layout,
    });
    expect(path).toBe('t1/s1/model/v1');
    const opened = await openModelVersion(store, path, ['vocabulary', 'settings', 'vectors', 'knn', 'ann', 'layout']);
    expect(opened.manifest.kind).toBe('model');
    expect(Object.keys(opened.manifest.components).sort()).toEqual(
      ['ann', 'knn', 'layout', 'settings', 'vectors', 'vocabulary'].sort(),
    );
    const c = opened.components;
    expect(c.vocabulary?.skus).toEqual(SKUS);
    expect(Array.from(c.vocabulary?.counts ?? [])).toEqual([3, 2, 1]);
    expect(c.settings).toEqual({ algorithm: 'item2vec-cbow', blend: 0.25, recencyDecay: 0.5 });
    expect(Array.from(c.vectors?.vectors ?? [])).toEqual(Array.from(VECTORS));
    expect(Array.from(c.knn?.neighbours ?? [])).toEqual([1, 0]);
    expect(c.layout).toEqual(layout);
    expect(Array.from(c.ann?.search(Float32Array.from([0, 1]), 1).labels ?? [])).toEqual([1]);
  });

  it('reads only the files of the components asked for', async () => {
    const store = new MemoryStore();
    const path = await writeModelVersion(store, LOCATION, {
      vocabulary: { skus: SKUS, counts: COUNTS },
      vectors: { dim: 2, vectors: VECTORS },
      knn: KNN,
      ann: BruteForceVectorIndex.build(VECTORS, 2),
    });
    store.reads.length = 0;
    const opened = await openModelVersion(store, path, ['vocabulary', 'vectors']);
    expect(store.reads.sort()).toEqual(['manifest.json', 'vectors.f32', 'vocabulary.json']);
    expect('ann' in opened.components).toBe(false);
    expect(opened.components.vectors?.dim).toBe(2);
  });

  it('keeps the calibrated ef of an HNSW index, so the reader does not calibrate again', async () => {
    const dim = 8;
    const n = 300;
    const vectors = new Float32Array(n * dim);
    for (let i = 0; i < vectors.length; i++) vectors[i] = Math.sin(i * 12.9898) * 43758.5453 % 1;
    const built = HnswVectorIndex.build(vectors, dim, { ef: 12, targetRecall: 0.99, calibrationQueries: 50 });
    expect(built.calibration).not.toBeUndefined();
    const store = new MemoryStore();
    const path = await writeModelVersion(store, LOCATION, { ann: built });
    const manifest = JSON.parse(new TextDecoder().decode(store.versions.get(path)?.get('manifest.json')));
    expect(manifest.components.ann.meta).toEqual({ kind: 'hnsw', ef: built.ef });
    const { ann } = (await openModelVersion(store, path, ['ann'])).components;
    expect(ann).toBeInstanceOf(HnswVectorIndex);
    const loaded = ann as HnswVectorIndex;
    expect(loaded.ef).toBe(built.ef);
    expect(loaded.calibration).toBeUndefined();
  });

  it('refuses components that disagree with the vocabulary', async () => {
    const store = new MemoryStore();
    await expect(
      writeModelVersion(store, LOCATION, {
        vocabulary: { skus: SKUS, counts: COUNTS },
        vectors: { dim: 2, vectors: Float32Array.from([1, 0]) },
      }),
    ).rejects.toThrow('vectors hold 2 floats, expected 3 × 2');
    await expect(
      writeModelVersion(store, LOCATION, {
        vocabulary: { skus: SKUS, counts: COUNTS },
        layout: { rows: Int32Array.from([3]), points: new Float32Array(2), perplexity: 30 },
      }),
    ).rejects.toThrow('layout.rows[0] = 3 is not an item of the 3');
    expect(store.versions.size).toBe(0);
  });

  it('opens a version written before manifests existed (format 1 files)', async () => {
    const store = new MemoryStore();
    const dir = mkdtempSync(join(tmpdir(), 'legacy-ann-'));
    const annFile = join(dir, 'hnsw.bin');
    await BruteForceVectorIndex.build(VECTORS, 2).save(annFile);
    const modelJson = { format: 1, algorithm: 'item2vec-sg', dim: 2, blend: 0, skus: SKUS, counts: [3, 2, 1] };
    const files = new Map<string, Uint8Array>([
      ['model.json', new TextEncoder().encode(JSON.stringify(modelJson))],
      ['vectors.f32', concat([header(0x43455653, 1, 3, 2), bytesOf(VECTORS)])],
      [
        'knn.bin',
        concat([header(0x4e4e4b53, 1, 3, 2), bytesOf(KNN.offsets), bytesOf(KNN.neighbours), bytesOf(KNN.weights)]),
      ],
      ['hnsw.bin', new Uint8Array(readFileSync(annFile))],
    ]);
    rmSync(dir, { recursive: true, force: true });
    store.versions.set('t1/s1/model/old', files);
    const { manifest, components } = await openModelVersion(store, 't1/s1/model/old', [
      'vocabulary',
      'settings',
      'vectors',
      'knn',
      'ann',
      'layout',
    ]);
    expect(manifest.format).toBe(1);
    expect(components.vocabulary?.skus).toEqual(SKUS);
    // An old model.json has no recencyDecay: it served the plain mean.
    expect(components.settings).toEqual({ algorithm: 'item2vec-sg', blend: 0, recencyDecay: 1 });
    expect(Array.from(components.knn?.weights ?? [])).toEqual([0.5, 0.5]);
    expect(components.ann?.size).toBe(3);
    expect(components.layout).toBeUndefined();
  });

  it('writes and opens the other bundle kinds through the same owner', async () => {
    const store = new MemoryStore();
    const path = await writeBundle(store, { ...LOCATION, version: 'b1' }, 'baseline', {
      vocabulary: { skus: SKUS, counts: COUNTS },
      knn: KNN,
    });
    expect(path).toBe('t1/s1/baseline/b1');
    const opened = await openBundle(store, path, ['vocabulary', 'vectors']);
    expect(opened.manifest.kind).toBe('baseline');
    expect(opened.components.vectors).toBeUndefined();
    await expect(openBundle(store, 't1/s1/model/none', ['vocabulary'])).rejects.toThrow('holds no bundle');
  });
});
