// A live session as the recommenders see it, and the leave-last-out cases built from a log window: the
// protocol's "context = all but the last item (unknown items dropped), target = the last".
import { firstSessionAt, sessionItems, type SessionLog } from './session-log.ts';

export interface SessionQuery {
  /** Catalog indices of the session's items, oldest first, known items only. */
  readonly items: Int32Array;
  /** User index, -1 = anonymous. */
  readonly user: number;
  /** Query time (ms). */
  readonly now: number;
}

export interface NextItemCase {
  readonly query: SessionQuery;
  readonly target: number;
}

export interface CaseWindow {
  /** Inclusive start (ms). */
  readonly from: number;
  /** Exclusive end (ms). */
  readonly to: number;
}

export interface CaseSet {
  readonly cases: readonly NextItemCase[];
  /** Sessions of the window with >= 2 items skipped because the target or the whole context is unknown. */
  readonly skipped: number;
}

/**
 * Leave-last-out cases of the sessions in the window with >= 2 items. `known` marks the items a model fit before
 * the window has seen: others leave the context, and a case whose target or whole context is unknown is skipped.
 */
export function nextItemCases(log: SessionLog, window: CaseWindow, known: Uint8Array): CaseSet {
  const cases: NextItemCase[] = [];
  let skipped = 0;
  const end = firstSessionAt(log, window.to);
  for (let s = firstSessionAt(log, window.from); s < end; s++) {
    const items = sessionItems(log, s);
    if (items.length < 2) continue;
    const target = items[items.length - 1] ?? -1;
    const context = items.subarray(0, items.length - 1).filter((item) => known[item] === 1);
    if (known[target] !== 1 || context.length === 0) {
      skipped++;
      continue;
    }
    cases.push({ query: { items: context, user: log.user[s] ?? -1, now: log.startedAt[s] ?? 0 }, target });
  }
  return { cases, skipped };
}
