// Per-item statistics of a log at its end, the item half of the ranker's features: how popular an item is,
// whether it is rising (last 7 days against the 28-day rate), how often it closes a session, when it was first
// seen. Computed once per fit and stored as a component.
import { logEnd, sessionCount, type SessionLog } from '../data/session-log.ts';

export interface ItemStats {
  /** The time the windows end at (the log's end). */
  readonly at: number;
  /** Sessions holding the item. */
  readonly sessions: Float32Array;
  /** Sessions holding it within 7 and 28 days before `at`. */
  readonly last7: Float32Array;
  readonly last28: Float32Array;
  /** Sessions it ends (its last item). */
  readonly closing: Float32Array;
  /** First sighting in the log (ms); NaN when never seen. */
  readonly firstSeen: Float64Array;
  /** Share of all item occurrences that close a session: the prior the closing rate shrinks toward. */
  readonly closingPrior: number;
}

const DAY = 86_400_000;

export function buildItemStats(log: SessionLog, at = logEnd(log)): ItemStats {
  const n = log.itemCount;
  const sessions = new Float32Array(n);
  const last7 = new Float32Array(n);
  const last28 = new Float32Array(n);
  const closing = new Float32Array(n);
  const firstSeen = new Float64Array(n).fill(NaN);
  for (let s = 0; s < sessionCount(log); s++) {
    const t = log.startedAt[s] ?? 0;
    const from = log.offsets[s] ?? 0;
    const to = log.offsets[s + 1] ?? 0;
    for (let k = from; k < to; k++) {
      const item = log.items[k] ?? 0;
      sessions[item] = (sessions[item] ?? 0) + 1;
      if (at - t <= 7 * DAY) last7[item] = (last7[item] ?? 0) + 1;
      if (at - t <= 28 * DAY) last28[item] = (last28[item] ?? 0) + 1;
      if (Number.isNaN(firstSeen[item] ?? NaN)) firstSeen[item] = t;
    }
    if (to > from) closing[log.items[to - 1] ?? 0] = (closing[log.items[to - 1] ?? 0] ?? 0) + 1;
  }
  const closingPrior = log.items.length === 0 ? 0 : sessionCount(log) / log.items.length;
  return { at, sessions, last7, last28, closing, firstSeen, closingPrior };
}
