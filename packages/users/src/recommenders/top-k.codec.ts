// Offline top-K lists per user (the two-tower's or the served blend's), computed in the batch job and stored
// one value per user: u8 format, varint count, then per entry varint item and f32 score, best first.
import { topK } from '../interactions/top-k.ts';
import { UsersError, UsersErrorCode } from '../users.errors.ts';
import type { UserHistory, UserRecommender } from './user-recommender.port.ts';

export const TOP_K_FORMAT = 1;

export interface RecommendationList {
  readonly items: Int32Array;
  readonly scores: Float32Array;
}

/** The k best items for a history, the history's own items excluded. */
export function recommendTopK(
  recommender: UserRecommender,
  history: UserHistory,
  k: number,
  scratch?: Float64Array,
): RecommendationList {
  const scores = scratch ?? new Float64Array(recommender.itemCount);
  recommender.scoreAll(history, scores);
  for (const item of history.items) scores[item] = -Infinity;
  const top = topK(scores, k);
  return { items: top.labels, scores: Float32Array.from(top.scores) };
}

export function encodeTopK(list: RecommendationList): Uint8Array {
  const out: number[] = [TOP_K_FORMAT];
  const varint = (v: number): void => {
    let x = v;
    while (x >= 0x80) {
      out.push((x & 0x7f) | 0x80);
      x >>>= 7;
    }
    out.push(x);
  };
  varint(list.items.length);
  const f = new Float32Array(1);
  const fb = new Uint8Array(f.buffer);
  list.items.forEach((item, r) => {
    varint(item);
    f[0] = list.scores[r]!;
    out.push(fb[0]!, fb[1]!, fb[2]!, fb[3]!);
  });
  return Uint8Array.from(out);
}

export function decodeTopK(bytes: Uint8Array): RecommendationList {
  let at = 0;
  const fail = (why: string): UsersError =>
    new UsersError(UsersErrorCode.CorruptProfile, `top-K bytes: ${why} at offset ${at}`);
  if (bytes[at++] !== TOP_K_FORMAT) throw fail('unknown format');
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= bytes.length) throw fail('truncated');
      const b = bytes[at++]!;
      v |= (b & 0x7f) << shift;
      if (b < 0x80) return v >>> 0;
    }
    throw fail('varint too long');
  };
  const count = varint();
  const items = new Int32Array(count);
  const scores = new Float32Array(count);
  const f = new Float32Array(1);
  const fb = new Uint8Array(f.buffer);
  for (let r = 0; r < count; r++) {
    items[r] = varint();
    if (at + 4 > bytes.length) throw fail('truncated');
    fb.set(bytes.subarray(at, at + 4));
    at += 4;
    scores[r] = f[0]!;
  }
  if (at !== bytes.length) throw fail('trailing bytes');
  return { items, scores };
}
