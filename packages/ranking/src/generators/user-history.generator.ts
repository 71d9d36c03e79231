// Re-purchase: the items a known user took in earlier sessions, each scored by its time-decayed session count
// (ties: the more recent first). Anonymous sessions and first-time users get nothing from it, so it only ever
// helps as one generator among others; many shops (wholesale, groceries) live on repeat orders.
import type { SessionQuery } from '../data/session-query.ts';
import { logEnd, sessionCount, sessionItems, type SessionLog } from '../data/session-log.ts';
import type { CandidateGenerator, Candidates, ItemFilter } from './candidate-generator.ts';
import { ScoreAccumulator } from './top-candidates.ts';

export interface UserHistory {
  readonly userCount: number;
  readonly itemCount: number;
  readonly halfLifeDays: number;
  /** User u's items are items[start[u] .. start[u + 1]), most recently taken first. */
  readonly start: Int32Array;
  readonly items: Int32Array;
  /** Sessions of the user holding the item. */
  readonly counts: Float32Array;
  /** Time-decayed session count at the log's end. */
  readonly scores: Float32Array;
  /** When the user last took the item (ms). */
  readonly lastAt: Float64Array;
}

const DAY = 86_400_000;

export function buildUserHistory(log: SessionLog, options: { halfLifeDays?: number; now?: number } = {}): UserHistory {
  const halfLifeDays = options.halfLifeDays ?? Infinity;
  const now = options.now ?? logEnd(log);
  type Entry = { count: number; score: number; last: number };
  const perUser = Array.from({ length: log.userCount }, () => new Map<number, Entry>());
  for (let s = 0; s < sessionCount(log); s++) {
    const u = log.user[s] ?? -1;
    if (u < 0) continue;
    const t = log.startedAt[s] ?? 0;
    const w = Number.isFinite(halfLifeDays) ? Math.pow(2, -Math.max(0, now - t) / DAY / halfLifeDays) : 1;
    const map = perUser[u];
    for (const item of sessionItems(log, s)) {
      const entry = map?.get(item);
      if (entry) {
        entry.count++;
        entry.score += w;
        entry.last = t;
      } else map?.set(item, { count: 1, score: w, last: t });
    }
  }
  const start = new Int32Array(log.userCount + 1);
  let total = 0;
  perUser.forEach((map, u) => (start[u + 1] = total += map.size));
  const items = new Int32Array(total);
  const counts = new Float32Array(total);
  const scores = new Float32Array(total);
  const lastAt = new Float64Array(total);
  perUser.forEach((map, u) => {
    const entries = [...map].sort((a, b) => b[1].last - a[1].last || a[0] - b[0]);
    let at = start[u] ?? 0;
    for (const [item, e] of entries) {
      items[at] = item;
      counts[at] = e.count;
      scores[at] = e.score;
      lastAt[at++] = e.last;
    }
  });
  return { userCount: log.userCount, itemCount: log.itemCount, halfLifeDays, start, items, counts, scores, lastAt };
}

export function userHistoryGenerator(history: UserHistory, name?: string): CandidateGenerator {
  const acc = new ScoreAccumulator(history.itemCount);
  return {
    name:
      name ??
      (Number.isFinite(history.halfLifeDays) ? `user-history(halfLife=${history.halfLifeDays}d)` : 'user-history'),
    family: 'user-history',
    propose(query: SessionQuery, n: number, allow?: ItemFilter): Candidates {
      acc.reset(query.items);
      const u = query.user;
      if (u >= 0 && u < history.userCount) {
        for (let p = history.start[u] ?? 0; p < (history.start[u + 1] ?? 0); p++) {
          acc.add(history.items[p] ?? 0, history.scores[p] ?? 0);
        }
      }
      return acc.top(n, allow);
    },
  };
}
