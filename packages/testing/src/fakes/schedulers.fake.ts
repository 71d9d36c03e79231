// A rebuild scheduler (baselines or autocomplete) that records each request instead of queueing a job: tests
// assert who asked for which shop, and whether at once (`now`) or debounced.

import type { AutocompleteScheduler, BaselineScheduler } from '@shopspace/domain';

export interface ScheduledRebuild {
  readonly tenantId: string;
  readonly shopId: string;
  readonly now: boolean;
}

export class RecordingScheduler implements BaselineScheduler, AutocompleteScheduler {
  readonly calls: ScheduledRebuild[] = [];

  schedule(tenantId: string, shopId: string, options: { readonly now?: boolean } = {}): Promise<void> {
    this.calls.push({ tenantId, shopId, now: options.now ?? false });
    return Promise.resolve();
  }
}
