// The one table of what follows a change: the follow-up jobs it schedules (once, by the process that publishes
// it) and whether other processes must hear of it (their caches or in-memory models depend on it).

import type { EnqueueOptions, JobName, JobPayload } from '../jobs/job-catalog.ts';
import type { Change, ChangeKind, ChangeOf } from './change.ts';

export type FollowUp = {
  readonly [N in JobName]: { readonly job: N; readonly payload: JobPayload<N>; readonly options?: EnqueueOptions };
}[JobName];

interface ChangeRule<K extends ChangeKind> {
  /** Sent to every process (API registries, caches); false for changes only the job queue cares about. */
  readonly broadcast: boolean;
  readonly followUps?: (change: ChangeOf<K>) => FollowUp[];
}

const shop = (c: { tenantId: string; shopId: string }) => ({ tenantId: c.tenantId, shopId: c.shopId });

export const CHANGE_RULES: { readonly [K in ChangeKind]: ChangeRule<K> } = {
  'api-key-revoked': { broadcast: true },
  // A new item space: the query model's vectors must move to it, at once.
  'model-activated': {
    broadcast: true,
    followUps: (c) => [{ job: 'autocomplete', payload: shop(c), options: { now: true } }],
  },
  // New titles: the catalog's phrases in the query model (debounced).
  'catalog-changed': { broadcast: true, followUps: (c) => [{ job: 'autocomplete', payload: shop(c) }] },
  // New sessions and searches: popularity, item-kNN and the query log (each debounced on its own).
  'events-ingested': {
    broadcast: false,
    followUps: (c) => [
      { job: 'baselines', payload: shop(c) },
      { job: 'autocomplete', payload: shop(c) },
    ],
  },
  'baselines-refreshed': { broadcast: true },
  'autocomplete-rebuilt': { broadcast: true },
  'response-activated': { broadcast: true },
  // An arm serving popularity or item-kNN needs the baselines now, not at the end of a window.
  'experiment-changed': {
    broadcast: true,
    followUps: (c) => (c.needsBaselines ? [{ job: 'baselines', payload: shop(c), options: { now: true } }] : []),
  },
  'alignment-activated': { broadcast: true },
};

export function followUpsOf(change: Change): FollowUp[] {
  // The table pairs each kind with a rule for exactly that kind; TypeScript cannot follow the pairing through
  // an index by a union, so the lookup is widened once here.
  const rule = CHANGE_RULES[change.kind] as ChangeRule<ChangeKind> as { followUps?: (c: Change) => FollowUp[] };
  return rule.followUps?.(change) ?? [];
}

export const isBroadcast = (change: Change): boolean => CHANGE_RULES[change.kind].broadcast;
