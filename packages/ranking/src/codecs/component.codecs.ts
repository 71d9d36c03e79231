// Codecs of each serving component: item-kNN rows, the V-SKNN index, popularity, user histories, item
// statistics, the item side, an embedding and the GLMix model with its standardisation. Each is one
// envelope (magic + version + length + CRC-32) whose sections are checked against each other on read.
import type { ItemSide } from '../data/item-side.ts';
import type { ItemStats } from '../features/item-stats.ts';
import type { Standardizer } from '../features/standardizer.ts';
import type { ItemEmbedding } from '../generators/item2vec.generator.ts';
import type { ItemKnnIndex } from '../generators/item-knn.generator.ts';
import { popularityFrom, type Popularity } from '../generators/popularity.generator.ts';
import type { SessionKnnIndex } from '../generators/session-knn.generator.ts';
import type { UserHistory } from '../generators/user-history.generator.ts';
import type { GlmixModel, RandomEffect } from '../glmix/glmix.model.ts';
import { EnvelopeReader, EnvelopeWriter } from './binary-envelope.ts';

export const COMPONENT_FORMAT = 1;
// Four ASCII letters read little-endian.
const magic = (tag: string): number => tag.split('').reduceRight((v, ch) => (v << 8) | ch.charCodeAt(0), 0) >>> 0;
export const MAGIC = {
  itemKnn: magic('RKNN'),
  sessionKnn: magic('RSKN'),
  popularity: magic('RPOP'),
  userHistory: magic('RUSR'),
  itemStats: magic('RSTA'),
  itemSide: magic('RSID'),
  embedding: magic('REMB'),
  glmix: magic('RGLM'),
  pipeline: magic('RPIP'),
} as const;

const V = COMPONENT_FORMAT;

/** Checks a CSR offsets array: starts at 0, non-decreasing, ends at `total`. */
function checkOffsets(r: EnvelopeReader, offsets: Int32Array, total: number, what: string): void {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== total)
    throw r.corrupt(`section ${what} does not span its values`);
  for (let i = 1; i < offsets.length; i++) {
    if ((offsets[i] ?? 0) < (offsets[i - 1] ?? 0)) throw r.corrupt(`section ${what} decreases at ${i}`);
  }
}

function checkRange(r: EnvelopeReader, values: Int32Array, size: number, what: string): void {
  for (const v of values) if (v < 0 || v >= size) throw r.corrupt(`section ${what} holds ${v}, outside [0, ${size})`);
}

export function encodeItemKnn(index: ItemKnnIndex): Uint8Array {
  return new EnvelopeWriter(MAGIC.itemKnn, V)
    .numbers(index.itemCount)
    .array(index.offsets)
    .array(index.neighbours)
    .array(index.weights)
    .array(index.sessionCounts)
    .finish();
}

export function decodeItemKnn(bytes: Uint8Array, file = 'item-knn.bin'): ItemKnnIndex {
  const r = new EnvelopeReader(bytes, MAGIC.itemKnn, V, file);
  const [itemCount = 0] = r.numbers('header', 1);
  const offsets = r.int32('offsets', itemCount + 1);
  const neighbours = r.int32('neighbours');
  const weights = r.float64('weights', neighbours.length);
  const sessionCounts = r.int32('sessionCounts', itemCount);
  r.end();
  checkOffsets(r, offsets, neighbours.length, 'offsets');
  checkRange(r, neighbours, itemCount, 'neighbours');
  return { itemCount, offsets, neighbours, weights, sessionCounts };
}

export function encodeSessionKnn(index: SessionKnnIndex): Uint8Array {
  return new EnvelopeWriter(MAGIC.sessionKnn, V)
    .numbers(index.itemCount, index.maxPerItem)
    .array(index.sessionOffsets)
    .array(index.sessionItems)
    .array(index.postingStart)
    .array(index.postings)
    .finish();
}

export function decodeSessionKnn(bytes: Uint8Array, file = 'session-knn.bin'): SessionKnnIndex {
  const r = new EnvelopeReader(bytes, MAGIC.sessionKnn, V, file);
  const [itemCount = 0, maxPerItem = 0] = r.numbers('header', 2);
  const sessionOffsets = r.int32('sessionOffsets');
  const sessionItems = r.int32('sessionItems');
  const postingStart = r.int32('postingStart', itemCount + 1);
  const postings = r.int32('postings');
  r.end();
  if (sessionOffsets.length < 1) throw r.corrupt('section sessionOffsets is empty');
  checkOffsets(r, sessionOffsets, sessionItems.length, 'sessionOffsets');
  checkOffsets(r, postingStart, postings.length, 'postingStart');
  checkRange(r, sessionItems, itemCount, 'sessionItems');
  checkRange(r, postings, sessionOffsets.length - 1, 'postings');
  return { itemCount, maxPerItem, sessionOffsets, sessionItems, postingStart, postings };
}

export function encodePopularity(p: Popularity): Uint8Array {
  return new EnvelopeWriter(MAGIC.popularity, V).numbers(p.halfLifeDays).array(p.scores).finish();
}

export function decodePopularity(bytes: Uint8Array, file = 'popularity.bin'): Popularity {
  const r = new EnvelopeReader(bytes, MAGIC.popularity, V, file);
  const [halfLifeDays = Infinity] = r.numbers('header', 1);
  const scores = r.float64('scores');
  r.end();
  return popularityFrom(scores, halfLifeDays);
}

export function encodeUserHistory(h: UserHistory): Uint8Array {
  return new EnvelopeWriter(MAGIC.userHistory, V)
    .numbers(h.userCount, h.itemCount, h.halfLifeDays)
    .array(h.start)
    .array(h.items)
    .array(h.counts)
    .array(h.scores)
    .array(h.lastAt)
    .finish();
}

export function decodeUserHistory(bytes: Uint8Array, file = 'user-history.bin'): UserHistory {
  const r = new EnvelopeReader(bytes, MAGIC.userHistory, V, file);
  const [userCount = 0, itemCount = 0, halfLifeDays = Infinity] = r.numbers('header', 3);
  const start = r.int32('start', userCount + 1);
  const items = r.int32('items');
  const counts = r.float32('counts', items.length);
  const scores = r.float32('scores', items.length);
  const lastAt = r.float64('lastAt', items.length);
  r.end();
  checkOffsets(r, start, items.length, 'start');
  checkRange(r, items, itemCount, 'items');
  return { userCount, itemCount, halfLifeDays, start, items, counts, scores, lastAt };
}

export function encodeItemStats(s: ItemStats): Uint8Array {
  return new EnvelopeWriter(MAGIC.itemStats, V)
    .numbers(s.at, s.closingPrior)
    .array(s.sessions)
    .array(s.last7)
    .array(s.last28)
    .array(s.closing)
    .array(s.firstSeen)
    .finish();
}

export function decodeItemStats(bytes: Uint8Array, file = 'item-stats.bin'): ItemStats {
  const r = new EnvelopeReader(bytes, MAGIC.itemStats, V, file);
  const [at = 0, closingPrior = 0] = r.numbers('header', 2);
  const sessions = r.float32('sessions');
  const n = sessions.length;
  const stats = {
    at,
    closingPrior,
    sessions,
    last7: r.float32('last7', n),
    last28: r.float32('last28', n),
    closing: r.float32('closing', n),
    firstSeen: r.float64('firstSeen', n),
  };
  r.end();
  return stats;
}

export function encodeItemSide(s: ItemSide): Uint8Array {
  return new EnvelopeWriter(MAGIC.itemSide, V).array(s.price).array(s.category).array(s.firstSeen).finish();
}

export function decodeItemSide(bytes: Uint8Array, file = 'item-side.bin'): ItemSide {
  const r = new EnvelopeReader(bytes, MAGIC.itemSide, V, file);
  const price = r.float64('price');
  const side = { price, category: r.int32('category', price.length), firstSeen: r.float64('firstSeen', price.length) };
  r.end();
  return side;
}

export function encodeEmbedding(e: ItemEmbedding): Uint8Array {
  return new EnvelopeWriter(MAGIC.embedding, V).numbers(e.dim).array(e.vectors).finish();
}

export function decodeEmbedding(bytes: Uint8Array, file = 'embedding.bin'): ItemEmbedding {
  const r = new EnvelopeReader(bytes, MAGIC.embedding, V, file);
  const [dim = 0] = r.numbers('header', 1);
  const vectors = r.float32('vectors');
  r.end();
  if (!(dim > 0) || vectors.length % dim !== 0) throw r.corrupt(`holds ${vectors.length} values, not rows of ${dim}`);
  return { dim, vectors };
}

export interface GlmixComponent {
  readonly model: GlmixModel;
  readonly standardizer: Standardizer;
}

export function encodeGlmix({ model, standardizer }: GlmixComponent): Uint8Array {
  const w = new EnvelopeWriter(MAGIC.glmix, V)
    .numbers(model.featureCount, model.effects.length)
    .array(model.global)
    .array(standardizer.mean)
    .array(standardizer.scale);
  for (const e of model.effects) w.text(e.name).numbers(e.entityCount).array(e.features).array(e.coefficients);
  return w.finish();
}

export function decodeGlmix(bytes: Uint8Array, file = 'glmix.bin'): GlmixComponent {
  const r = new EnvelopeReader(bytes, MAGIC.glmix, V, file);
  const [featureCount = 0, effectCount = 0] = r.numbers('header', 2);
  const global = r.float64('global', featureCount + 1);
  const standardizer = { mean: r.float64('mean', featureCount), scale: r.float64('scale', featureCount) };
  const effects: RandomEffect[] = [];
  for (let e = 0; e < effectCount; e++) {
    const name = r.text(`effect ${e} name`);
    const [entityCount = 0] = r.numbers(`effect ${name} size`, 1);
    const features = r.int32(`effect ${name} features`);
    for (const f of features) if (f < -1 || f >= featureCount) throw r.corrupt(`effect ${name} uses feature ${f}`);
    const coefficients = r.float64(`effect ${name} coefficients`, entityCount * features.length);
    effects.push({ name, features, entityCount, coefficients });
  }
  r.end();
  return { model: { featureCount, global, effects }, standardizer };
}
