// The user half of a training run: each shopper's distinct items in the order first taken (every session with
// a userId, single-item ones included), the user model chosen on the shop's own users (@shopspace/users:
// popularity, item-kNN with recency, iALS, the two-tower and their blend; leave-one-out on validation, then
// measured once on test), and the daily batch: every known shopper's top items, their history excluded,
// written as the bundle's user lists beside the user index the session pipeline already keys by.

import { chooseUserModel, recommendTopK, type UserModelChoice } from '@shopspace/users';
import type { UserLists } from '@shopspace/serving';
import type { SessionRecord } from '@shopspace/domain';

/** Items kept per shopper in the batch (a page of 10 after filters and the online path's own picks). */
export const USER_LIST_LENGTH = 50;
/**
 * The two-tower is fit (on validation, then for serving) only on small shops: on Online Retail uk (3,677
 * evaluable shoppers) it adds minutes on two cores for +0.02 NDCG@10 over the item-kNN/iALS blend
 * (`pnpm bench:users`, `pnpm bench:users-choice -- --two-tower`), too much for a daily refit beside the session
 * pipeline; below this size its fit takes seconds.
 */
const TWO_TOWER_MAX_USERS = 300;
/** Shoppers with a batch list at most (the most recently active); the rest are served by the online path. */
const MAX_LISTED_USERS = 200_000;
/** Fewer evaluable shoppers than this and nothing can be validated: no user model, the online path serves. */
const MIN_EVALUATED = 20;

export interface UserTrainingOutput {
  readonly lists: UserLists;
  readonly metrics: Record<string, unknown>;
}

/** Histories in the index order of `userIds` (the pipeline's), distinct items oldest first. */
export function userHistories(
  sessions: readonly SessionRecord[],
  userIds: readonly string[],
  itemIndex: ReadonlyMap<string, number>,
): { histories: Int32Array[]; lastAt: Float64Array } {
  const userOf = new Map(userIds.map((id, u) => [id, u]));
  const perUser = userIds.map(() => [] as number[]);
  const seen = userIds.map(() => new Set<number>());
  const lastAt = new Float64Array(userIds.length);
  const ordered = sessions.filter((s) => s.userId).sort((a, b) => a.startedAt - b.startedAt);
  for (const s of ordered) {
    const u = userOf.get(s.userId ?? '');
    if (u === undefined) continue;
    lastAt[u] = Math.max(lastAt[u] ?? 0, s.startedAt);
    for (const sku of s.skus) {
      const i = itemIndex.get(sku);
      if (i === undefined || seen[u]!.has(i)) continue;
      seen[u]!.add(i);
      perUser[u]!.push(i);
    }
  }
  return { histories: perUser.map((h) => Int32Array.from(h)), lastAt };
}

const evaluable = (histories: readonly Int32Array[]): number => histories.filter((h) => h.length >= 5).length;

/**
 * The user model and its batch for a shop, or null when too few shoppers can be evaluated (a shop without
 * userIds, or a handful): user recommendations then come from the online path alone.
 */
export function trainUserModel(
  sessions: readonly SessionRecord[],
  userIds: readonly string[],
  skus: readonly string[],
  cutoff: number,
  options: { readonly seed: number; readonly onProgress?: (fraction: number) => void },
): UserTrainingOutput | null {
  const itemIndex = new Map(skus.map((sku, i) => [sku, i]));
  const { histories, lastAt } = userHistories(sessions, userIds, itemIndex);
  const evaluated = evaluable(histories);
  if (evaluated < MIN_EVALUATED || skus.length <= 100) return null;
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const choice: UserModelChoice = chooseUserModel(histories, skus.length, {
    seed: options.seed,
    twoTower: evaluated <= TWO_TOWER_MAX_USERS ? {} : false,
    onProgress: (f) => progress(0.8 * f),
  });
  const chose = performance.now();

  // The batch: most recently active shoppers first, when there are more than the cap.
  const order = histories.map((_, u) => u).filter((u) => (histories[u]?.length ?? 0) > 0);
  if (order.length > MAX_LISTED_USERS) order.sort((a, b) => (lastAt[b] ?? 0) - (lastAt[a] ?? 0) || a - b);
  const listed = new Set(order.slice(0, MAX_LISTED_USERS));
  const start = new Int32Array(userIds.length + 1);
  const rows: Array<{ items: Int32Array; scores: Float32Array } | null> = [];
  const scratch = new Float64Array(skus.length);
  let total = 0;
  for (let u = 0; u < userIds.length; u++) {
    const history = histories[u] ?? new Int32Array(0);
    const row = listed.has(u) ? recommendTopK(choice.recommender, { items: history }, USER_LIST_LENGTH, scratch) : null;
    // -Infinity marks items the recommender never proposes (a popularity tie at zero is still an item).
    const kept = row ? keepFinite(row) : null;
    rows.push(kept);
    total += kept?.items.length ?? 0;
    start[u + 1] = total;
    if (u % 256 === 0) progress(0.8 + (0.2 * u) / userIds.length);
  }
  const items = new Int32Array(total);
  const scores = new Float32Array(total);
  rows.forEach((row, u) => {
    if (!row) return;
    items.set(row.items, start[u]);
    scores.set(row.scores, start[u]);
  });
  const historyStart = new Int32Array(userIds.length + 1);
  histories.forEach((h, u) => (historyStart[u + 1] = (historyStart[u] ?? 0) + h.length));
  const history = new Int32Array(historyStart[userIds.length] ?? 0);
  histories.forEach((h, u) => history.set(h, historyStart[u]));
  progress(1);

  const lists: UserLists = {
    kind: choice.kind,
    summary: choice.summary,
    cutoff,
    start,
    items,
    scores,
    historyStart,
    history,
  };
  const bytes = start.byteLength + items.byteLength + scores.byteLength + historyStart.byteLength + history.byteLength;
  return {
    lists,
    metrics: {
      served: choice.test['served'],
      choice: { kind: choice.kind, summary: choice.summary, settings: choice.settings },
      test: choice.test,
      validation: choice.validation,
      cases: choice.cases,
      protocol: 'leave-one-out: each shopper with ≥ 5 items, the latest held out against 99 never-taken items',
      listed: listed.size,
      bytesPerUser: Math.round(bytes / Math.max(1, userIds.length)),
      seconds: { choice: Math.round(chose - started) / 1000, batch: Math.round(performance.now() - chose) / 1000 },
    },
  };
}

function keepFinite(row: { items: Int32Array; scores: Float32Array }): { items: Int32Array; scores: Float32Array } {
  let n = 0;
  while (n < row.scores.length && Number.isFinite(row.scores[n] ?? -Infinity)) n++;
  return n === row.scores.length ? row : { items: row.items.slice(0, n), scores: row.scores.slice(0, n) };
}
