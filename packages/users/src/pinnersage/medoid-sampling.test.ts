import { describe, expect, it } from 'vitest';
import { dailySeed, dayOf, sampleMedoids } from './medoid-sampling.ts';
import type { UserProfile } from './user-profile.ts';

const profile: UserProfile = {
  model: 0,
  computedAt: 0,
  clusters: [8, 4, 2, 1, 1].map((importance, medoid) => ({ medoid, importance, members: 1, lastTime: 0 })),
};

describe('sampleMedoids', () => {
  it('is stable within a (user, day) and changes across days', () => {
    const day = dayOf(1_700_000_000);
    const pick = (user: string, d: number): number[] =>
      sampleMedoids(profile, 3, dailySeed(user, d)).map((c) => c.medoid);
    expect(pick('u1', day)).toEqual(pick('u1', day));
    expect(pick('u1', day)).toHaveLength(3);
    expect(new Set(pick('u1', day)).size).toBe(3);
    const days = new Set(Array.from({ length: 30 }, (_, k) => pick('u1', day + k).join(',')));
    expect(days.size).toBeGreaterThan(3);
    expect(dayOf(day * 86_400 + 86_399)).toBe(day);
  });

  it('covers every cluster over many users, more often the more important', () => {
    const counts = new Array<number>(5).fill(0);
    const users = 4000;
    for (let u = 0; u < users; u++) {
      for (const c of sampleMedoids(profile, 1, dailySeed(`user-${u}`, 100))) counts[c.medoid]!++;
    }
    // One draw ∝ importance: 8/16, 4/16, 2/16, 1/16, 1/16.
    [8, 4, 2, 1, 1].forEach((w, m) => expect(counts[m]! / users).toBeCloseTo(w / 16, 1));
    const three = new Array<number>(5).fill(0);
    for (let u = 0; u < users; u++)
      for (const c of sampleMedoids(profile, 3, dailySeed(`user-${u}`, 100))) three[c.medoid]!++;
    expect(Math.min(...three)).toBeGreaterThan(0);
    expect(three[0]).toBeGreaterThan(three[2]!);
    expect(three[2]).toBeGreaterThan(three[4]!);
  });

  it('returns every cluster when there are fewer than asked', () => {
    const small: UserProfile = { ...profile, clusters: profile.clusters.slice(0, 2) };
    expect(sampleMedoids(small, 3, 1).map((c) => c.medoid)).toEqual([0, 1]);
  });
});
