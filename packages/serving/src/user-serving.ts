// User recommendations as a lambda architecture: the daily batch (the training run's user lists, written by
// the user model chosen on the shop's own users) merged with an online path over the actions the shopper took
// since the batch's cutoff, which the served session pipeline turns into next items. The shopper's own items
// are never recommended back. Merging is reciprocal-rank fusion, so neither side's score scale matters.

import type { UserLists } from './bundle/components/user-lists.component.ts';
import type { Scored, SessionAnswer } from './serving-model.ts';

/** The rank constant of reciprocal-rank fusion (Cormack et al. 2009). */
const RRF_K = 60;

export interface UserAnswer {
  readonly items: Scored[];
  /** In words, what answered: "daily batch (blend …) + 2 recent actions". */
  readonly how: string;
}

/** What the user path needs of the serving model: the catalog and the session pipeline for the online part. */
export interface SessionSource {
  readonly skus: readonly string[];
  indexOf(sku: string): number | undefined;
  recommendSession(
    skus: readonly string[],
    userId: string,
    k: number,
    allow: (i: number) => boolean,
  ): SessionAnswer | null;
}

export class UserServing {
  constructor(
    private readonly lists: UserLists,
    private readonly userOf: ReadonlyMap<string, number>,
  ) {}

  get cutoff(): number {
    return this.lists.cutoff;
  }

  get summary(): string {
    return this.lists.summary;
  }

  /** Items the user took before the batch's cutoff (catalog indices, oldest first). */
  history(userId: string): Int32Array {
    const u = this.userOf.get(userId);
    if (u === undefined) return new Int32Array(0);
    return this.lists.history.subarray(this.lists.historyStart[u], this.lists.historyStart[u + 1]);
  }

  /**
   * The k best items for a user: the batch list and, when the user acted since the cutoff (`recent`, skus
   * oldest first), the session pipeline's next items for those actions, fused. Null when the user has neither.
   */
  recommend(
    model: SessionSource,
    userId: string,
    recent: readonly string[],
    k: number,
    allow: (index: number) => boolean,
  ): UserAnswer | null {
    const taken = new Set<number>(this.history(userId));
    const recentIndices: number[] = [];
    for (const sku of recent) {
      const i = model.indexOf(sku);
      if (i !== undefined) {
        taken.add(i);
        recentIndices.push(i);
      }
    }
    const keep = (i: number): boolean => !taken.has(i) && allow(i);
    const u = this.userOf.get(userId);
    const batch: number[] = [];
    if (u !== undefined) {
      const to = this.lists.start[u + 1] ?? 0;
      for (let j = this.lists.start[u] ?? 0; j < to && batch.length < 2 * k; j++) {
        const item = this.lists.items[j] ?? -1;
        if (item >= 0 && keep(item)) batch.push(item);
      }
    }
    const online = recentIndices.length > 0 ? model.recommendSession(recent, userId, 2 * k, keep) : null;
    const onlineItems = online?.items ?? [];
    if (batch.length === 0 && onlineItems.length === 0) return null;
    const fused = new Map<number, { score: number; batch: boolean; online: boolean }>();
    batch.forEach((item, rank) => fused.set(item, { score: 1 / (RRF_K + rank + 1), batch: true, online: false }));
    onlineItems.forEach((s, rank) => {
      const entry = fused.get(s.index) ?? { score: 0, batch: false, online: false };
      entry.score += 1 / (RRF_K + rank + 1);
      entry.online = true;
      fused.set(s.index, entry);
    });
    const ranked = [...fused].sort((a, b) => b[1].score - a[1].score || a[0] - b[0]).slice(0, k);
    const latest = recentIndices.length === 1 ? 'your latest action' : `your ${recentIndices.length} latest actions`;
    const items = ranked.map(([index, e]) => ({
      index,
      sku: model.skus[index] ?? '',
      score: e.score,
      reason:
        e.batch && e.online
          ? `for you: your history (${this.lists.kind}) and ${latest}`
          : e.batch
            ? `for you: your history (${this.lists.kind}, daily batch)`
            : `for you: next after ${latest}`,
    }));
    const parts = [
      ...(batch.length > 0 ? [`daily batch (${this.lists.kind})`] : []),
      ...(onlineItems.length > 0 ? [`${recentIndices.length} action(s) since the batch`] : []),
    ];
    return { items, how: parts.join(' + ') };
  }
}
