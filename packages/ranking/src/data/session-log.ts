// A shop's sessions as typed arrays over a catalog of item indices, in time order: what every generator, the
// feature extractor and the chooser read. Built from raw rows with id vocabularies, sliced by time.
import { requireInput } from '../ranking.errors.ts';

export interface SessionLog {
  /** Catalog size: items are 0..itemCount-1 (an item may never occur in this log). */
  readonly itemCount: number;
  /** Users are 0..userCount-1; -1 in `user` is an anonymous session. */
  readonly userCount: number;
  /** Session s is items[offsets[s] .. offsets[s + 1]); length = sessions + 1. */
  readonly offsets: Int32Array;
  /** Catalog indices, distinct within a session, in order of first appearance. */
  readonly items: Int32Array;
  /** Session start (ms since the epoch), non-decreasing. */
  readonly startedAt: Float64Array;
  readonly user: Int32Array;
}

/** Ids ↔ dense indices (catalog skus, user ids). */
export interface IdIndex {
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
}

export interface SessionRow {
  readonly skus: readonly string[];
  readonly startedAt: number;
  readonly userId?: string | undefined;
}

export interface BuildLogOptions {
  /** A fixed catalog: skus outside it are dropped. Default: built from the rows, in order of first appearance. */
  readonly catalog?: IdIndex;
  /** A fixed user index: unknown users become anonymous (-1). Default: built from the rows. */
  readonly users?: IdIndex;
  /** Sessions with fewer distinct known items are dropped. Default 1. */
  readonly minItems?: number;
}

export interface BuiltLog {
  readonly log: SessionLog;
  readonly catalog: IdIndex;
  readonly users: IdIndex;
}

export function idIndex(ids: readonly string[]): IdIndex {
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => {
    requireInput(!indexOf.has(id), 'ids', `holds ${JSON.stringify(id)} twice`);
    indexOf.set(id, i);
  });
  return { ids: [...ids], indexOf };
}

/** Encodes rows (sorted by startedAt, stable, so equal times keep their order) into a log. */
export function buildSessionLog(rows: readonly SessionRow[], options: BuildLogOptions = {}): BuiltLog {
  const minItems = options.minItems ?? 1;
  const catalogIds = options.catalog ? null : ([] as string[]);
  const catalogOf = options.catalog ? options.catalog.indexOf : new Map<string, number>();
  const userIds = options.users ? null : ([] as string[]);
  const userOf = options.users ? options.users.indexOf : new Map<string, number>();
  const order = rows.map((_, i) => i);
  order.sort((a, b) => (rows[a]?.startedAt ?? 0) - (rows[b]?.startedAt ?? 0) || a - b);

  const items: number[] = [];
  const offsets: number[] = [0];
  const startedAt: number[] = [];
  const user: number[] = [];
  for (const r of order) {
    const row = rows[r];
    if (!row) continue;
    requireInput(Number.isFinite(row.startedAt), `rows[${r}].startedAt`, 'must be a finite time in ms');
    const start = items.length;
    for (const sku of row.skus) {
      let index = catalogOf.get(sku);
      if (index === undefined && catalogIds) {
        index = catalogIds.length;
        catalogIds.push(sku);
        (catalogOf as Map<string, number>).set(sku, index);
      }
      if (index === undefined) continue;
      let repeated = false;
      for (let k = start; k < items.length; k++) if (items[k] === index) repeated = true;
      if (!repeated) items.push(index);
    }
    if (items.length - start < minItems) {
      items.length = start;
      continue;
    }
    offsets.push(items.length);
    startedAt.push(row.startedAt);
    let u = -1;
    if (row.userId !== undefined && row.userId !== '') {
      const known = userOf.get(row.userId);
      if (known !== undefined) u = known;
      else if (userIds) {
        u = userIds.length;
        userIds.push(row.userId);
        (userOf as Map<string, number>).set(row.userId, u);
      }
    }
    user.push(u);
  }
  const catalog = options.catalog ?? idIndex(catalogIds ?? []);
  const users = options.users ?? idIndex(userIds ?? []);
  return {
    log: {
      itemCount: catalog.ids.length,
      userCount: users.ids.length,
      offsets: Int32Array.from(offsets),
      items: Int32Array.from(items),
      startedAt: Float64Array.from(startedAt),
      user: Int32Array.from(user),
    },
    catalog,
    users,
  };
}

export function sessionCount(log: SessionLog): number {
  return log.offsets.length - 1;
}

/** Session s's items (a view, no copy). */
export function sessionItems(log: SessionLog, s: number): Int32Array {
  return log.items.subarray(log.offsets[s] ?? 0, log.offsets[s + 1] ?? 0);
}

/** First session index with startedAt >= time (sessions are in time order). */
export function firstSessionAt(log: SessionLog, time: number): number {
  let lo = 0;
  let hi = sessionCount(log);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((log.startedAt[mid] ?? 0) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The sessions with from <= startedAt < to, over the same catalog and users. */
export function sliceLog(log: SessionLog, from: number, to: number): SessionLog {
  return sliceSessions(log, firstSessionAt(log, from), Math.max(firstSessionAt(log, from), firstSessionAt(log, to)));
}

/** Sessions [first, end) of the log. */
export function sliceSessions(log: SessionLog, first: number, end: number): SessionLog {
  const base = log.offsets[first] ?? 0;
  const offsets = new Int32Array(end - first + 1);
  for (let s = first; s <= end; s++) offsets[s - first] = (log.offsets[s] ?? base) - base;
  return {
    itemCount: log.itemCount,
    userCount: log.userCount,
    offsets,
    items: log.items.slice(base, log.offsets[end] ?? base),
    startedAt: log.startedAt.slice(first, end),
    user: log.user.slice(first, end),
  };
}

/** Time just after the last session (where a model fit on this log starts serving); 0 for an empty log. */
export function logEnd(log: SessionLog): number {
  const n = sessionCount(log);
  return n === 0 ? 0 : (log.startedAt[n - 1] ?? 0) + 1;
}

/** 1 for every item that occurs in the log. */
export function seenItems(log: SessionLog): Uint8Array {
  const seen = new Uint8Array(log.itemCount);
  for (const item of log.items) seen[item] = 1;
  return seen;
}

/** Throws InvalidInput unless the log is well formed (offsets, ranges, time order, distinct items). */
export function checkSessionLog(log: SessionLog, field = 'log'): void {
  const n = log.offsets.length - 1;
  requireInput(n >= 0 && log.offsets[0] === 0, `${field}.offsets`, 'must start at 0');
  requireInput(log.offsets[n] === log.items.length, `${field}.offsets`, 'must end at items.length');
  requireInput(
    log.startedAt.length === n && log.user.length === n,
    field,
    'startedAt and user need one entry a session',
  );
  const stamp = new Int32Array(log.itemCount).fill(-1);
  for (let s = 0; s < n; s++) {
    const from = log.offsets[s] ?? 0;
    const to = log.offsets[s + 1] ?? 0;
    requireInput(to >= from, `${field}.offsets`, `decreases at session ${s}`);
    requireInput(
      s === 0 || (log.startedAt[s] ?? 0) >= (log.startedAt[s - 1] ?? 0),
      `${field}.startedAt`,
      `is not in time order at session ${s}`,
    );
    const u = log.user[s] ?? -1;
    requireInput(
      u >= -1 && u < log.userCount,
      `${field}.user`,
      `holds ${u} at session ${s}, outside [-1, ${log.userCount})`,
    );
    for (let k = from; k < to; k++) {
      const item = log.items[k] ?? -1;
      requireInput(item >= 0 && item < log.itemCount, `${field}.items`, `holds ${item} at ${k}, outside the catalog`);
      requireInput(stamp[item] !== s, `${field}.items`, `repeats item ${item} in session ${s}`);
      stamp[item] = s;
    }
  }
}
