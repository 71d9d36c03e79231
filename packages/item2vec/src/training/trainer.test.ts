import { describe, expect, it } from 'vitest';
import { Item2vecError, Item2vecErrorCode } from '../item2vec.errors.ts';
import { buildSessionCorpus } from '../corpus/session-corpus.ts';
import { mostSimilar, type Item2vecModel } from '../model/item2vec.model.ts';
import { clusterOf, PLANTED, plantedSessions } from '../testing/planted-sessions.fixture.ts';
import { trainItem2vec, trainItem2vecSync } from './trainer.ts';
import type { Item2vecConfig } from './train-config.ts';

const sessions = plantedSessions();
const base: Partial<Item2vecConfig> = { dim: 16, window: 0, epochs: 20, minCount: 1, sample: 0, seed: 3 };

/** Share of each item's (cluster size - 1) nearest neighbours that are in its own cluster. */
function clusterPrecision(model: Item2vecModel): number {
  const k = PLANTED.itemsPerCluster - 1;
  let same = 0;
  for (const id of model.vocabulary.ids) {
    same += mostSimilar(model, id, k).filter((n) => clusterOf(n.id) === clusterOf(id)).length;
  }
  return same / (model.vocabulary.ids.length * k);
}

const bits = (vectors: Float32Array): Uint32Array =>
  new Uint32Array(vectors.buffer, vectors.byteOffset, vectors.length);

describe('trainItem2vec on planted clusters', () => {
  it.each(['cbow', 'skipgram'] as const)('%s puts every item nearest to its cluster mates', (mode) => {
    const model = trainItem2vecSync(sessions, { ...base, mode, window: 3 });
    expect(model.vocabulary.ids).toHaveLength(PLANTED.clusters * PLANTED.itemsPerCluster);
    expect(clusterPrecision(model)).toBeGreaterThan(0.95);
  });

  it('an untrained model (0 useful epochs: alpha 0) does not pass the same check', () => {
    const model = trainItem2vecSync(sessions, { ...base, alpha: 0, minAlpha: 0 });
    expect(clusterPrecision(model)).toBeLessThan(0.5);
  });

  it('is bit-for-bit deterministic on one thread, in and out of the async API', async () => {
    const a = trainItem2vecSync(sessions, base);
    const b = trainItem2vecSync(sessions, base);
    const c = await trainItem2vec(sessions, { ...base, threads: 1 });
    expect(bits(b.vectors)).toEqual(bits(a.vectors));
    expect(bits(b.outputVectors)).toEqual(bits(a.outputVectors));
    expect(bits(c.vectors)).toEqual(bits(a.vectors));
    const otherSeed = trainItem2vecSync(sessions, { ...base, seed: 4 });
    expect(bits(otherSeed.vectors)).not.toEqual(bits(a.vectors));
  });

  it('trains to comparable quality on two worker threads (Hogwild)', async () => {
    const single = clusterPrecision(trainItem2vecSync(sessions, base));
    const parallel = await trainItem2vec(sessions, { ...base, threads: 2 });
    expect(parallel.stats.threads).toBe(2);
    expect(single).toBeGreaterThan(0.9);
    expect(clusterPrecision(parallel)).toBeGreaterThan(single - 0.03);
  });

  it('reports monotone progress ending at 1, on one thread and on two', async () => {
    for (const threads of [1, 2]) {
      const seen: number[] = [];
      await trainItem2vec(sessions, { ...base, epochs: 200, threads }, { onProgress: (p) => seen.push(p) });
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.every((p, i) => p >= (seen[i - 1] ?? 0) && p <= 1)).toBe(true);
      expect(seen.at(-1)).toBe(1);
    }
  });

  it('stops between chunks when aborted and rejects with the signal reason', async () => {
    for (const threads of [1, 2]) {
      const controller = new AbortController();
      let last = 0;
      const training = trainItem2vec(
        sessions,
        { ...base, epochs: 10_000, threads },
        {
          signal: controller.signal,
          onProgress: (p) => {
            last = p;
            if (p > 0) controller.abort();
          },
        },
      );
      await expect(training).rejects.toMatchObject({ name: 'AbortError' });
      expect(last).toBeLessThan(0.01);
    }
  });

  it('down-samples frequent items with the expected keep rate (gensim effective words)', () => {
    // 'hot' is in every session: 1000 of 4000 tokens. The other 3000 tokens spread over 900 items (3 or 4 each).
    const skewed = Array.from({ length: 1000 }, (_, s) => [
      'hot',
      `a${s % 300}`,
      `b${(s * 7) % 300}`,
      `c${(s * 13) % 300}`,
    ]);
    const sample = 0.01; // t = 40 tokens: hot keeps (sqrt(1000 / 40) + 1) * 40 / 1000 = 0.24, the rest all
    const model = trainItem2vecSync(skewed, { ...base, sample, epochs: 20 });
    expect(model.stats.words).toBe(4000 * 20);
    expect(model.stats.effectiveWords / model.stats.words).toBeCloseTo((3000 + 1000 * 0.24) / 4000, 2);
    const unsampled = trainItem2vecSync(skewed, { ...base, sample: 0, epochs: 2 });
    expect(unsampled.stats.effectiveWords).toBe(unsampled.stats.words);
  });

  it('applies minCount to a prebuilt corpus too', () => {
    const corpus = buildSessionCorpus([
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'b'],
    ]);
    const model = trainItem2vecSync(corpus, { ...base, minCount: 2 });
    expect(model.vocabulary.ids).toEqual(['a', 'b']);
    expect(model.vectors).toHaveLength(2 * 16);
  });

  it('rejects a bad config naming the field, and an empty corpus', async () => {
    await expect(trainItem2vec(sessions, { dim: 0 })).rejects.toMatchObject({
      code: Item2vecErrorCode.InvalidConfig,
      field: 'dim',
    });
    expect(() => trainItem2vecSync(sessions, { window: 1.5 })).toThrow(/window must be an integer/);
    expect(() => trainItem2vecSync([['a'], ['b']], { minCount: 2 })).toThrow(Item2vecError);
  });
});
