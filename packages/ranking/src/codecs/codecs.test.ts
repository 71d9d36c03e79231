import { createRng } from '@shopspace/item2vec';
import { describe, expect, it } from 'vitest';
import { unknownItemSide } from '../data/item-side.ts';
import { buildSessionLog, seenItems, sliceLog } from '../data/session-log.ts';
import { nextItemCases } from '../data/session-query.ts';
import { buildItemStats } from '../features/item-stats.ts';
import { buildItemKnnIndex } from '../generators/item-knn.generator.ts';
import { buildPopularity } from '../generators/popularity.generator.ts';
import { buildSessionKnnIndex } from '../generators/session-knn.generator.ts';
import { buildUserHistory } from '../generators/user-history.generator.ts';
import { choosePipeline } from '../pipeline/choose-pipeline.ts';
import { defaultFactories } from '../pipeline/generator-factories.ts';
import { RankingError } from '../ranking.errors.ts';
import { DAY, START, syntheticShop } from '../testing/synthetic-shop.fixture.ts';
import {
  decodeEmbedding,
  decodeGlmix,
  decodeItemKnn,
  decodeItemSide,
  decodeItemStats,
  decodePopularity,
  decodeSessionKnn,
  decodeUserHistory,
  encodeEmbedding,
  encodeGlmix,
  encodeItemKnn,
  encodeItemSide,
  encodeItemStats,
  encodePopularity,
  encodeSessionKnn,
  encodeUserHistory,
} from './component.codecs.ts';
import { crc32 } from './binary-envelope.ts';
import { decodePipeline, encodePipeline, PIPELINE_FILE } from './pipeline.codec.ts';

const { log } = buildSessionLog(syntheticShop({ shape: 'co-occurrence', sessions: 1200 }), { minItems: 2 });
const train = sliceLog(log, -Infinity, START + 100 * DAY);
const test = nextItemCases(log, { from: START + 100 * DAY, to: Infinity }, seenItems(train)).cases;

/** Plain objects of typed arrays compare by content with toEqual. */
const plain = (value: object): unknown =>
  JSON.parse(JSON.stringify(value, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));

describe('component codecs', () => {
  it('round-trip every component', () => {
    const knn = buildItemKnnIndex(train, { topN: 30 });
    expect(decodeItemKnn(encodeItemKnn(knn))).toEqual(knn);
    const sknn = buildSessionKnnIndex(train, { maxPerItem: 50 });
    expect(decodeSessionKnn(encodeSessionKnn(sknn))).toEqual(sknn);
    const popularity = buildPopularity(train, { halfLifeDays: 7 });
    expect(decodePopularity(encodePopularity(popularity))).toEqual(popularity);
    const plainPopularity = buildPopularity(train);
    expect(decodePopularity(encodePopularity(plainPopularity)).halfLifeDays).toBe(Infinity);
    const history = buildUserHistory(train);
    expect(decodeUserHistory(encodeUserHistory(history))).toEqual(history);
    const stats = buildItemStats(train);
    expect(plain(decodeItemStats(encodeItemStats(stats)))).toEqual(plain(stats));
    const side = unknownItemSide(7);
    side.price[2] = 3.5;
    side.category[4] = 1;
    expect(plain(decodeItemSide(encodeItemSide(side)))).toEqual(plain(side));
    const embedding = { dim: 3, vectors: Float32Array.from([1, 0, 0, 0, 0.6, 0.8]) };
    expect(decodeEmbedding(encodeEmbedding(embedding))).toEqual(embedding);
    const glmix = {
      model: {
        featureCount: 2,
        global: Float64Array.from([0.5, -1, 0.25]),
        effects: [
          {
            name: 'item',
            features: Int32Array.from([-1, 1]),
            entityCount: 2,
            coefficients: Float64Array.from([1, 2, 3, 4]),
          },
        ],
      },
      standardizer: { mean: Float64Array.from([1, 2]), scale: Float64Array.from([3, 4]) },
    };
    expect(decodeGlmix(encodeGlmix(glmix))).toEqual(glmix);
  });

  it('refuses truncated, damaged, foreign and newer bytes with a clear error', () => {
    const bytes = encodeItemKnn(buildItemKnnIndex(train, { topN: 5 }));
    expect(() => decodeItemKnn(bytes.subarray(0, 10))).toThrow(
      /item-knn.bin is truncated: 10 bytes, shorter than the header/,
    );
    expect(() => decodeItemKnn(bytes.subarray(0, bytes.length - 8))).toThrow(/item-knn.bin is truncated/);
    const damaged = new Uint8Array(bytes);
    damaged[100] = (damaged[100] ?? 0) ^ 0xff;
    expect(() => decodeItemKnn(damaged)).toThrow(/damaged \(checksum mismatch\)/);
    expect(() => decodeItemKnn(encodePopularity(buildPopularity(train)))).toThrow(/wrong magic number/);
    const newer = new Uint8Array(bytes);
    newer[4] = 2;
    expect(() => decodeItemKnn(newer)).toThrow(/format version 2, this reader knows 1/);
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(() => decodeItemKnn(longer)).toThrow(RankingError);
  });

  it('checks sections against each other even when the checksum matches', () => {
    // Re-encode an index whose neighbour points outside the catalog: the envelope is intact, the content not.
    const knn = buildItemKnnIndex(train, { topN: 5 });
    const broken = { ...knn, neighbours: Int32Array.from(knn.neighbours, (v, i) => (i === 0 ? knn.itemCount + 5 : v)) };
    expect(() => decodeItemKnn(encodeItemKnn(broken))).toThrow(/section neighbours holds \d+, outside/);
  });

  it('CRC-32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('pipeline codec', () => {
  it('a decoded ranker pipeline (with an embedding) serves exactly what the original serves', async () => {
    // A random unit embedding: enough to exercise the item2vec generator and its features through the files.
    const rng = createRng(3);
    const trainer = (l: typeof train) => {
      const vectors = Float32Array.from({ length: l.itemCount * 4 }, () => rng.nextFloat() - 0.5);
      return Promise.resolve({ dim: 4, vectors });
    };
    const { served } = await choosePipeline(train, unknownItemSide(log.itemCount), {
      factories: defaultFactories({ embedding: trainer }),
      ranker: { perGenerator: [20], l2: [1], itemL2: [10], userL2: [10], prefixModes: ['last'] },
      validation: { days: 15, minSessions: 100, maxShare: 0.25 },
      minRankerGain: -1, // serve the ranker even if it lost: this test is about the files
    });
    expect(served.kind).toBe('ranker');
    const files = encodePipeline(served);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([PIPELINE_FILE, 'glmix.bin', 'item-stats.bin', 'item-side.bin']),
    );
    expect([...files.keys()].some((f) => f.endsWith('.item2vec.bin'))).toBe(true);
    const decoded = decodePipeline(files);
    expect(decoded.description).toEqual(served.description);
    for (const c of test) {
      const a = served.recommend(c.query, 10);
      const b = decoded.recommend(c.query, 10);
      expect(Array.from(b.items)).toEqual(Array.from(a.items));
      expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
    }
    const missing = new Map(files);
    missing.delete('glmix.bin');
    expect(() => decodePipeline(missing)).toThrow(/the pipeline lacks glmix.bin/);
  });

  it('a decoded generator pipeline serves exactly what the original serves', async () => {
    const { served } = await choosePipeline(train, unknownItemSide(log.itemCount), { ranker: false });
    const decoded = decodePipeline(encodePipeline(served));
    expect(decoded.kind).toBe('generator');
    for (const c of test.slice(0, 100)) expect(decoded.recommend(c.query, 10)).toEqual(served.recommend(c.query, 10));
  });
});
