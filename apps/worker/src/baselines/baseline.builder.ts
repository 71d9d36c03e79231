// Event-based baselines as a bundle without vectors: the vocabulary's counts carry popularity with exponential
// time decay (a session `halfLifeDays` old counts half), scaled to integers, and the item-kNN neighbour lists
// over every session, the same numerics a trained model's bundle carries. Built on a worker thread.

import type { BaselineBuilder, SessionRecord } from '@shopspace/domain';
import { buildItemKnn, encodeSessions } from '@shopspace/item2vec';
import type { BundleInput, EncodedBundle } from '@shopspace/serving';
import { catalogOf } from '../training/item2vec.adapters.ts';
import { runOnThread } from '../threads/run-on-thread.ts';

const DAY_MS = 86_400_000;
/** Decayed counts are stored ×1000 and rounded, as integers, so one session today counts 1000. */
const SCALE = 1_000;

export function buildBaselines(sessions: readonly SessionRecord[], now: number, halfLifeDays: number): BundleInput {
  const skus = sessions.map((s) => s.skus);
  const catalog = catalogOf(skus);
  const n = catalog.ids.length;
  // Decay relative to the newest session (not the wall clock), so a shop whose feed paused keeps a ranking.
  const newest = sessions.reduce((m, s) => Math.max(m, s.startedAt), -Infinity);
  const reference = Number.isFinite(newest) ? Math.min(now, newest) : now;
  const weight = new Float64Array(n);
  for (const s of sessions) {
    const w = Math.pow(0.5, Math.max(0, reference - s.startedAt) / (halfLifeDays * DAY_MS));
    for (const sku of new Set(s.skus)) {
      const i = catalog.indexOf.get(sku);
      if (i !== undefined) weight[i] = (weight[i] ?? 0) + w;
    }
  }
  const counts = Int32Array.from(weight, (w) => Math.max(1, Math.round(w * SCALE)));
  return {
    vocabulary: { skus: catalog.ids, counts },
    knn: buildItemKnn(encodeSessions(catalog, skus), n, { topN: 100 }),
  };
}

export class DecayedBaselineBuilder implements BaselineBuilder {
  constructor(private readonly halfLifeDays = 14) {}

  build(sessions: readonly SessionRecord[], now: number): Promise<EncodedBundle> {
    return runOnThread('baselines', { sessions, now, halfLifeDays: this.halfLifeDays });
  }
}
