// Which interests a request serves: 3 medoids sampled in proportion to importance, without replacement, from a
// seed derived from (user, day) — the same answer all day (caches, stable home feeds), fresh the next day.
import { createRng, deriveSeed } from '@shopspace/item2vec';
import type { InterestCluster, UserProfile } from './user-profile.ts';
import { SECONDS_PER_DAY } from './user-profile.ts';

/** FNV-1a over the user id's UTF-16 code units, mixed with the day number. */
export function dailySeed(userId: string, day: number, salt = 0): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return deriveSeed(h >>> 0, day);
}

/** Day number (UTC) of a time in seconds since the epoch. */
export function dayOf(seconds: number): number {
  return Math.floor(seconds / SECONDS_PER_DAY);
}

/**
 * `count` clusters drawn with probability ∝ importance, each at most once (sequential draws renormalised
 * over what is left). Fewer clusters than `count`: all of them, by importance.
 */
export function sampleMedoids(profile: UserProfile, count: number, seed: number): InterestCluster[] {
  const pool = profile.clusters.filter((c) => c.importance > 0);
  if (pool.length <= count) return [...pool];
  const rng = createRng(seed);
  const picked: InterestCluster[] = [];
  let total = pool.reduce((s, c) => s + c.importance, 0);
  while (picked.length < count) {
    let r = rng.nextFloat() * total;
    let at = 0;
    while (at < pool.length - 1 && r >= pool[at]!.importance) r -= pool[at++]!.importance;
    const [chosen] = pool.splice(at, 1);
    picked.push(chosen!);
    total -= chosen!.importance;
  }
  return picked;
}
