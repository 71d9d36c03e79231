import { describe, expect, it } from 'vitest';
import { decodeModelFiles, encodeModelFiles, readModelFiles, type ModelFiles } from './model-files.ts';

const base: ModelFiles = {
  skus: ['a', 'b', 'c'],
  counts: [3, 2, 1],
  dim: 2,
  vectors: Float32Array.from([1, 0, 0, 1, 0.6, 0.8]),
  knn: {
    offsets: Int32Array.from([0, 1, 2, 2]),
    neighbours: Int32Array.from([1, 0]),
    weights: Float64Array.from([1, 1]),
  },
  hnsw: Uint8Array.from([1, 2, 3]),
  blend: 0,
  recencyDecay: 1,
  algorithm: 'item2vec-cbow',
};

describe('model files', () => {
  it('round-trips the optional layout, and stays readable without it', () => {
    const layout = { rows: Int32Array.from([2, 0]), points: Float32Array.from([1.5, -2, 0.25, 3]), perplexity: 30 };
    const files = encodeModelFiles({ ...base, layout });
    expect([...files.keys()]).toEqual(['model.json', 'vectors.f32', 'knn.bin', 'hnsw.bin', 'layout.bin']);
    const decoded = decodeModelFiles(files);
    expect(decoded.layout).toEqual(layout);
    expect(Array.from(decoded.vectors)).toEqual(Array.from(base.vectors));
    const without = encodeModelFiles(base);
    expect(without.has('layout.bin')).toBe(false);
    expect(decodeModelFiles(without).layout).toBeUndefined();
  });

  it('refuses a layout that does not fit the model', () => {
    expect(() =>
      encodeModelFiles({
        ...base,
        layout: { rows: Int32Array.from([3]), points: new Float32Array(2), perplexity: 30 },
      }),
    ).toThrow('layout.rows[0] = 3 is not an item of the 3');
    expect(() =>
      encodeModelFiles({
        ...base,
        layout: { rows: Int32Array.from([0]), points: new Float32Array(3), perplexity: 30 },
      }),
    ).toThrow('layout holds 3 coordinates for 1 rows, expected two a row');
    const files = encodeModelFiles({
      ...base,
      layout: { rows: Int32Array.from([0, 1]), points: new Float32Array(4), perplexity: 30 },
    });
    files.set('layout.bin', (files.get('layout.bin') ?? new Uint8Array()).subarray(0, 20));
    expect(() => decodeModelFiles(files)).toThrow('layout.bin is truncated');
    files.set('layout.bin', new Uint8Array(32));
    expect(() => decodeModelFiles(files)).toThrow('layout.bin is not a Shopspace model file');
  });

  it('reads what each purpose needs through a reader: optional files when present, no ANN index for vectors', async () => {
    const files = encodeModelFiles(base);
    const asked: string[] = [];
    const reader = (name: string): Promise<Uint8Array> => {
      asked.push(name);
      const f = files.get(name);
      return f ? Promise.resolve(f) : Promise.reject(Object.assign(new Error(`no ${name}`), { code: 'ENOENT' }));
    };
    const serving = await readModelFiles(reader);
    expect(asked).toEqual(['model.json', 'vectors.f32', 'knn.bin', 'hnsw.bin', 'layout.bin']);
    expect(Array.from(serving.hnsw)).toEqual([1, 2, 3]);
    expect(serving.layout).toBeUndefined();
    asked.length = 0;
    const vectors = await readModelFiles(reader, 'vectors');
    expect(asked).toEqual(['model.json', 'vectors.f32', 'knn.bin']);
    expect(vectors.hnsw).toHaveLength(0);
    expect(Array.from(vectors.vectors)).toEqual(Array.from(base.vectors));
    // Anything but a missing optional file is an error.
    const broken = (name: string) => (name === 'layout.bin' ? Promise.reject(new Error('disk on fire')) : reader(name));
    await expect(readModelFiles(broken)).rejects.toThrow('disk on fire');
  });
});
