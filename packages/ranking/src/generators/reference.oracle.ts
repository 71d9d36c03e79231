// Plain Map-based oracles of the shared reference's item-kNN and V-SKNN (session_baselines.mjs), written from
// their definitions for tests: whole rows, whole context, ties in insertion order, as the reference behaves.
import { sessionCount, sessionItems, type SessionLog } from '../data/session-log.ts';

function sessionsOf(log: SessionLog): number[][] {
  return Array.from({ length: sessionCount(log) }, (_, s) => Array.from(sessionItems(log, s)));
}

function ranked(scores: Map<number, number>, context: readonly number[]): Array<[number, number]> {
  for (const a of context) scores.delete(a);
  return [...scores.entries()].sort((x, y) => y[1] - x[1]);
}

/** Item-kNN scores of every touched item, best first: Σ decay^(steps back) · co(a, b) / sqrt(n_a n_b). */
export function oracleItemKnn(log: SessionLog, context: readonly number[], decay: number): Array<[number, number]> {
  const count = new Map<number, number>();
  const co = new Map<number, Map<number, number>>();
  for (const items of sessionsOf(log)) {
    for (const a of items) {
      count.set(a, (count.get(a) ?? 0) + 1);
      let row = co.get(a);
      if (!row) co.set(a, (row = new Map<number, number>()));
      for (const b of items) if (a !== b) row.set(b, (row.get(b) ?? 0) + 1);
    }
  }
  const scores = new Map<number, number>();
  context.forEach((a, j) => {
    const w = Math.pow(decay, context.length - 1 - j);
    for (const [b, c] of co.get(a) ?? []) {
      scores.set(b, (scores.get(b) ?? 0) + (w * c) / Math.sqrt((count.get(a) ?? 0) * (count.get(b) ?? 0)));
    }
  });
  return ranked(scores, context);
}

/** V-SKNN scores, best first: k neighbours among the last m sessions of each context item. */
export function oracleVsknn(
  log: SessionLog,
  context: readonly number[],
  k: number,
  m: number,
): Array<[number, number]> {
  const sessions = sessionsOf(log);
  const holding = new Map<number, number[]>();
  sessions.forEach((items, s) => {
    for (const a of items) {
      let list = holding.get(a);
      if (!list) holding.set(a, (list = []));
      list.push(s);
    }
  });
  const weight = new Map(context.map((a, j) => [a, (j + 1) / context.length]));
  const overlap = new Map<number, number>();
  for (const a of context) {
    for (const s of (holding.get(a) ?? []).slice(-m)) overlap.set(s, (overlap.get(s) ?? 0) + (weight.get(a) ?? 0));
  }
  const neighbours = [...overlap.entries()]
    .map(([s, v]): [number, number] => [s, v / Math.sqrt(context.length * (sessions[s]?.length ?? 1))])
    .sort((x, y) => y[1] - x[1])
    .slice(0, k);
  const scores = new Map<number, number>();
  for (const [s, sim] of neighbours) for (const b of sessions[s] ?? []) scores.set(b, (scores.get(b) ?? 0) + sim);
  return ranked(scores, context);
}
