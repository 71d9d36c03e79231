import { describe, expect, it } from 'vitest';
import { decodeProfile, encodeProfile } from './profile.codec.ts';
import { plantedInterests } from './planted-interests.fixture.ts';
import {
  actionWeight,
  buildProfile,
  profileAt,
  SECONDS_PER_DAY,
  updateProfile,
  type UserProfile,
} from './user-profile.ts';

const NOW = 1_700_000_000;
const DAY = SECONDS_PER_DAY;

describe('buildProfile', () => {
  const space = plantedInterests([10, 7, 4], 32, 0.08, 11);
  const items = Array.from({ length: 21 }, (_, i) => i);
  // Interest 0 acted on long ago, interest 2 today: importance must follow recency, not only counts.
  const times = items.map((i) => NOW - (space.interest[i] === 0 ? 80 : space.interest[i] === 1 ? 10 : 0) * DAY);

  it('gives one cluster per planted interest, each medoid a member nearest its centroid', () => {
    const profile = buildProfile({ items, times }, space, NOW);
    expect(profile.clusters).toHaveLength(3);
    const medoidInterests = profile.clusters.map((c) => space.interest[c.medoid]);
    expect(new Set(medoidInterests).size).toBe(3);
    expect(profile.clusters.map((c) => c.members).sort((a, b) => a - b)).toEqual([4, 7, 10]);
    for (const c of profile.clusters) {
      const members = items.filter((i) => space.interest[i] === space.interest[c.medoid]);
      const sumSq = (m: number): number =>
        members.reduce((s, o) => {
          let d = 0;
          for (let k = 0; k < 32; k++) d += (space.vectors[m * 32 + k]! - space.vectors[o * 32 + k]!) ** 2;
          return s + d;
        }, 0);
      const best = Math.min(...members.map(sumSq));
      expect(sumSq(c.medoid)).toBeCloseTo(best, 9);
    }
  });

  it('weighs clusters by Σ e^(−λ·age) with λ configurable, newest interest first', () => {
    const lambda = 0.1;
    const profile = buildProfile({ items, times }, space, NOW, { decayPerDay: lambda });
    const byInterest = new Map(profile.clusters.map((c) => [space.interest[c.medoid], c]));
    expect(byInterest.get(2)!.importance).toBeCloseTo(4, 9);
    expect(byInterest.get(1)!.importance).toBeCloseTo(7 * Math.exp(-lambda * 10), 9);
    expect(byInterest.get(0)!.importance).toBeCloseTo(10 * Math.exp(-lambda * 80), 9);
    expect(profile.clusters.map((c) => space.interest[c.medoid])).toEqual([2, 1, 0]);
    expect(byInterest.get(0)!.lastTime).toBe(NOW - 80 * DAY);
  });

  it('ignores actions outside the window and items without a vector', () => {
    const old = times.map((t, i) => (space.interest[i] === 0 ? NOW - 100 * DAY : t));
    const profile = buildProfile({ items: [...items, -1], times: [...old, NOW] }, space, NOW);
    expect(profile.clusters).toHaveLength(2);
    expect(profile.clusters.every((c) => space.interest[c.medoid] !== 0)).toBe(true);
  });

  it('ages importances exactly by one factor', () => {
    const profile = buildProfile({ items, times }, space, NOW);
    const later = profileAt(profile, NOW + 30 * DAY);
    const direct = buildProfile({ items, times }, space, NOW + 30 * DAY, { windowDays: 200 });
    const sorted = (p: UserProfile): number[] => p.clusters.map((c) => c.importance).sort((a, b) => a - b);
    sorted(later).forEach((v, i) => expect(v).toBeCloseTo(sorted(direct)[i]!, 9));
    expect(actionWeight(NOW - DAY, NOW, 0.01)).toBeCloseTo(Math.exp(-0.01), 12);
  });
});

describe('updateProfile', () => {
  const space = plantedInterests([8, 8, 8], 32, 0.08, 12);
  const base = buildProfile(
    { items: [0, 1, 2, 3, 8, 9, 10, 11], times: Array.from({ length: 8 }, () => NOW - DAY) },
    space,
    NOW - DAY,
  );

  it('adds actions to the nearest cluster and opens one for a new interest', () => {
    expect(base.clusters).toHaveLength(2);
    const updated = updateProfile(base, { items: [4, 16, 17], times: [NOW - 60, NOW - 30, NOW] }, space, NOW);
    expect(updated.clusters).toHaveLength(3);
    const of = (interest: number) => updated.clusters.find((c) => space.interest[c.medoid] === interest)!;
    expect(of(0).members).toBe(5);
    expect(of(1).members).toBe(4);
    expect(of(2).members).toBe(2);
    expect(of(2).medoid).toBe(16);
    expect(of(2).importance).toBeCloseTo(actionWeight(NOW - 30, NOW, 0.01) + 1, 9);
    expect(of(0).importance).toBeCloseTo(4 * Math.exp(-0.01) + actionWeight(NOW - 60, NOW, 0.01), 9);
    expect(updated.computedAt).toBe(NOW);
    // The stored profile is left alone.
    expect(base.clusters.reduce((s, c) => s + c.members, 0)).toBe(8);
  });

  it('applies only the newest maxActions actions', () => {
    const recent = { items: [16, 17, 18, 19], times: [NOW - 40, NOW - 30, NOW - 20, NOW - 10] };
    const updated = updateProfile(base, recent, space, NOW, { maxActions: 2 });
    expect(updated.clusters.reduce((s, c) => s + c.members, 0)).toBe(10);
  });
});

describe('profile codec', () => {
  it('round-trips a profile (importance to float32) and rejects damaged bytes', () => {
    const profile: UserProfile = {
      model: 4_000_000_123,
      computedAt: NOW,
      clusters: [
        { medoid: 123_456, importance: 3.25, members: 300, lastTime: NOW - 90 * DAY },
        { medoid: 0, importance: 0.1, members: 1, lastTime: NOW },
      ],
    };
    const bytes = encodeProfile(profile);
    const back = decodeProfile(bytes);
    expect(back.model).toBe(profile.model);
    expect(back.computedAt).toBe(NOW);
    expect(back.clusters.map((c) => [c.medoid, c.members, c.lastTime])).toEqual(
      profile.clusters.map((c) => [c.medoid, c.members, c.lastTime]),
    );
    expect(back.clusters[0]!.importance).toBe(3.25);
    expect(back.clusters[1]!.importance).toBeCloseTo(0.1, 7);
    expect(bytes.length).toBeLessThan(10 + 2 * 12);
    expect(() => decodeProfile(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => decodeProfile(Uint8Array.from([9, ...bytes.subarray(1)]))).toThrow(/format/);
  });
});
