// The event baselines of a shop without a trained model: the generators that need no training (decayed
// popularity, item-kNN, session-kNN, re-purchase) fit on its sessions, the best of them chosen on a validation
// period carved from the end of its log (no ranker, no item2vec), as a bundle of a vocabulary and that
// pipeline. Built on a worker thread.

import type { BaselineBuilder, SessionRecord } from '@shopspace/domain';
import { buildSessionLog, choosePipeline, logEnd, unknownItemSide } from '@shopspace/ranking';
import { pipelineFiles } from '../training/pipeline-files.ts';
import type { BundleInput, EncodedBundle } from '@shopspace/serving';
import { runOnThread } from '../threads/run-on-thread.ts';

export async function buildBaselines(sessions: readonly SessionRecord[]): Promise<BundleInput> {
  const { log, catalog, users } = buildSessionLog(
    sessions.map((s) => ({ skus: s.skus, startedAt: s.startedAt, userId: s.userId })),
    { minItems: 1 },
  );
  const chosen = await choosePipeline(log, unknownItemSide(catalog.ids.length), { ranker: false });
  const files = pipelineFiles(chosen, logEnd(log));
  const counts = new Int32Array(catalog.ids.length);
  for (const item of log.items) counts[item] = (counts[item] ?? 0) + 1;
  return { vocabulary: { skus: catalog.ids, counts }, pipeline: files, users: { ids: users.ids } };
}

export class EventBaselineBuilder implements BaselineBuilder {
  build(sessions: readonly SessionRecord[]): Promise<EncodedBundle> {
    return runOnThread('baselines', { sessions });
  }
}
