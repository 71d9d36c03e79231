// For each item, the sessions holding it in ascending (time) order, as CSR: the inverted index item-kNN and
// session-kNN are built from.
import { sessionCount, sessionItems, type SessionLog } from './session-log.ts';

export interface ItemPostings {
  /** Item i's sessions are sessions[start[i] .. start[i + 1]). */
  readonly start: Int32Array;
  readonly sessions: Int32Array;
}

export function itemPostings(log: SessionLog): ItemPostings {
  const n = log.itemCount;
  const start = new Int32Array(n + 1);
  for (const item of log.items) start[item + 1] = (start[item + 1] ?? 0) + 1;
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] ?? 0) + (start[i] ?? 0);
  const sessions = new Int32Array(log.items.length);
  const fill = start.slice(0, n);
  for (let s = 0; s < sessionCount(log); s++) {
    for (const item of sessionItems(log, s)) {
      const at = fill[item] ?? 0;
      sessions[at] = s;
      fill[item] = at + 1;
    }
  }
  return { start, sessions };
}
