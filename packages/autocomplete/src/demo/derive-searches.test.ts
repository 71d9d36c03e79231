import { describe, expect, it } from 'vitest';
import { deriveSearchEvents, type SourceSession } from './derive-searches.ts';

const TITLES = new Map([
  ['A', 'WHITE HANGING HEART T-LIGHT HOLDER'],
  ['B', 'RED RETROSPOT CAKE STAND'],
  ['C', 'SET OF 3 CAKE TINS PANTRY DESIGN'],
]);
const SESSIONS: SourceSession[] = Array.from({ length: 40 }, (_, i) => ({
  sessionId: `inv-${i}`,
  start: Date.UTC(2011, 0, 1) + i * 60_000,
  items: ['A', 'B', 'C', 'Z'].slice(i % 3),
}));

describe('deriveSearchEvents', () => {
  it('is reproducible under a seed and changes with it', () => {
    const first = deriveSearchEvents(SESSIONS, TITLES, { seed: 7 });
    expect(deriveSearchEvents(SESSIONS, TITLES, { seed: 7 })).toEqual(first);
    expect(deriveSearchEvents(SESSIONS, TITLES, { seed: 8 })).not.toEqual(first);
  });

  it('derives each session from its own stream, so other sessions do not change it', () => {
    const searchesOf = (sessions: SourceSession[], id: string) =>
      deriveSearchEvents(sessions, TITLES, { seed: 7, probability: 0.5 }).filter((e) => e.sessionId === id);
    expect(searchesOf(SESSIONS.slice(5, 6), 'inv-5')).toEqual(searchesOf(SESSIONS, 'inv-5'));
  });

  it('searches 1-3 consecutive title words of the item viewed next, in time order', () => {
    const events = deriveSearchEvents(SESSIONS, TITLES, { seed: 3, probability: 0.6 });
    const searches = events.filter((e) => e.type === 'SEARCH');
    expect(searches.length).toBeGreaterThan(20);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.timestamp).toBeGreaterThanOrEqual(events[i - 1]!.timestamp);
    for (const search of searches) {
      const session = events.filter((e) => e.sessionId === search.sessionId);
      const next = session[session.indexOf(search) + 1];
      expect(next?.type).toBe('VIEW');
      const title = TITLES.get(next?.sku ?? '')?.toLowerCase() ?? '';
      const words = (search.query ?? '').split(' ');
      expect(words.length).toBeGreaterThanOrEqual(1);
      expect(words.length).toBeLessThanOrEqual(3);
      expect(` ${title} `).toContain(` ${search.query} `);
    }
    // Every item is viewed; the untitled Z never gets a search.
    expect(events.filter((e) => e.type === 'VIEW')).toHaveLength(SESSIONS.reduce((n, s) => n + s.items.length, 0));
  });

  it('emits no searches at probability 0 and rejects a probability outside [0, 1] by name', () => {
    expect(deriveSearchEvents(SESSIONS, TITLES, { seed: 1, probability: 0 }).some((e) => e.type === 'SEARCH')).toBe(
      false,
    );
    expect(() => deriveSearchEvents(SESSIONS, TITLES, { seed: 1, probability: 1.5 })).toThrow(
      /^options\.probability must be/,
    );
  });
});
