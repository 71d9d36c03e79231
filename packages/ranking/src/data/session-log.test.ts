import { describe, expect, it } from 'vitest';
import { RankingError } from '../ranking.errors.ts';
import {
  buildSessionLog,
  checkSessionLog,
  firstSessionAt,
  logEnd,
  seenItems,
  sessionItems,
  sliceLog,
  type SessionLog,
} from './session-log.ts';
import { nextItemCases } from './session-query.ts';

const rows = [
  { skus: ['b', 'a', 'b', 'c'], startedAt: 300, userId: 'u2' },
  { skus: ['a', 'd'], startedAt: 100, userId: 'u1' },
  { skus: ['e'], startedAt: 200 },
  { skus: ['c', 'a'], startedAt: 300, userId: 'u1' },
];

describe('session log', () => {
  it('sorts by time (stable), de-duplicates in order of first appearance and indexes skus and users', () => {
    const { log, catalog, users } = buildSessionLog(rows);
    expect(catalog.ids).toEqual(['a', 'd', 'e', 'b', 'c']);
    expect(users.ids).toEqual(['u1', 'u2']);
    expect(Array.from(log.startedAt)).toEqual([100, 200, 300, 300]);
    expect([0, 1, 2, 3].map((s) => Array.from(sessionItems(log, s)))).toEqual([[0, 1], [2], [3, 0, 4], [4, 0]]);
    expect(Array.from(log.user)).toEqual([0, -1, 1, 0]);
    checkSessionLog(log);
  });

  it('drops skus outside a fixed catalog, unknown users and sessions left too short', () => {
    const base = buildSessionLog(rows);
    const { log } = buildSessionLog(
      [
        { skus: ['x', 'a', 'c'], startedAt: 5, userId: 'new' },
        { skus: ['x', 'b'], startedAt: 6 },
      ],
      {
        catalog: base.catalog,
        users: base.users,
        minItems: 2,
      },
    );
    expect(log.offsets.length - 1).toBe(1);
    expect(Array.from(sessionItems(log, 0))).toEqual([0, 4]);
    expect(log.user[0]).toBe(-1);
  });

  it('slices by time with half-open windows', () => {
    const { log } = buildSessionLog(rows);
    expect(firstSessionAt(log, 300)).toBe(2);
    const slice = sliceLog(log, 150, 300);
    expect(slice.offsets.length - 1).toBe(1);
    expect(Array.from(slice.items)).toEqual([2]);
    expect(logEnd(log)).toBe(301);
    expect(Array.from(seenItems(sliceLog(log, 0, 150)))).toEqual([1, 1, 0, 0, 0]);
  });

  it('builds leave-last-out cases, dropping unknown context items and skipping unknown targets', () => {
    const { log } = buildSessionLog(rows);
    const known = Uint8Array.from([1, 0, 0, 1, 1]); // a, b, c
    const { cases, skipped } = nextItemCases(log, { from: 0, to: 1000 }, known);
    // [a, d] → target d unknown: skipped; [e]: too short; [b, a, c] → c from [b, a]; [c, a] → a from [c].
    expect(skipped).toBe(1);
    expect(cases.map((c) => [Array.from(c.query.items), c.target, c.query.user])).toEqual([
      [[3, 0], 4, 1],
      [[4], 0, 0],
    ]);
  });

  it('rejects malformed logs naming the field', () => {
    const { log } = buildSessionLog(rows);
    const bad: SessionLog = { ...log, items: Int32Array.from(log.items).fill(0, 0, 2) };
    expect(() => checkSessionLog(bad)).toThrow(/log.items repeats item 0 in session 0/);
    const backwards: SessionLog = { ...log, startedAt: Float64Array.from([3, 2, 1, 0]) };
    expect(() => checkSessionLog(backwards)).toThrow(RankingError);
  });
});
