// New events change a shop's query model as well as its baselines (searches, item popularity, the items viewed
// after a query), so ingestion schedules both; each scheduler debounces on its own.

import type { BaselineScheduler } from '../baselines/baselines.ports.ts';
import type { AutocompleteScheduler } from './autocomplete.ports.ts';

/** A BaselineScheduler (what EventService takes) that also schedules the shop's autocomplete rebuild. */
export function alsoRebuildAutocomplete(
  baselines: BaselineScheduler,
  autocomplete: AutocompleteScheduler,
): BaselineScheduler {
  return {
    async schedule(tenantId, shopId, options) {
      await Promise.all([baselines.schedule(tenantId, shopId, options), autocomplete.schedule(tenantId, shopId)]);
    },
  };
}
