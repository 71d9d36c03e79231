// Carves evaluation windows from the end of a log: a number of days, widened a day at a time until it holds
// enough sessions (small shops) but never more than a share of the log (so training keeps most of it), and
// narrowed to that share when the log is shorter than the days asked for.
import { firstSessionAt, sessionCount, type SessionLog } from '../data/session-log.ts';

export const DAY_MS = 86_400_000;

export interface WindowRule {
  readonly days: number;
  /** Widen until the window holds this many sessions... */
  readonly minSessions: number;
  /** ...but stop before it holds more than this share of the sessions before `end`. */
  readonly maxShare: number;
}

/** Start (ms) of the window ending at `end` under the rule. */
export function carveWindow(log: SessionLog, end: number, rule: WindowRule): number {
  const endIndex = firstSessionAt(log, end);
  const first = sessionCount(log) > 0 ? (log.startedAt[0] ?? end) : end;
  const cap = Math.floor(endIndex * rule.maxShare);
  let from = end - rule.days * DAY_MS;
  const count = (start: number): number => endIndex - firstSessionAt(log, start);
  while (count(from) < rule.minSessions && from > first && count(from - DAY_MS) <= cap) from -= DAY_MS;
  // A log shorter than the window (a young shop): the newest `cap` sessions, so something is left to fit on.
  if (count(from) > cap) from = cap > 0 ? (log.startedAt[endIndex - cap] ?? end) : end;
  return from;
}

/** 30 days, widened to 150 sessions for small shops, never more than a quarter of the log. */
export const DEFAULT_WINDOW: WindowRule = { days: 30, minSessions: 150, maxShare: 0.25 };
