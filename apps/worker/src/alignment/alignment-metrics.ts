// What an alignment run records and the console shows: the steps (anchors, mean CSLS per step), the shops and
// the cold-start quality.

import type { AlignedGroup } from '@shopspace/alignment';

/** What the run and the console show: the steps (anchors, mean CSLS per step), the shops, cold-start quality. */
export function alignmentMetrics(group: AlignedGroup): Record<string, unknown> {
  return {
    pivotShopId: group.pivotShopId,
    dimensions: group.dim,
    shops: group.shops.map((s) => ({
      shopId: s.shopId,
      items: s.skus.length,
      coldStart: s.coldStart,
      placedFromFeatures: s.placed,
    })),
    steps: group.steps.map((s) => ({
      shopId: s.shopId,
      phase: s.phase,
      iteration: s.iteration,
      anchors: s.anchors,
      meanCsls: Math.round(s.meanCsls * 1e4) / 1e4,
      changed: s.changed,
      interactionPairs: s.interactionPairs,
    })),
    interactionAnchors: group.interactionAnchors,
    coldStartHoldoutCosine: group.coldStartCosine === null ? null : Math.round(group.coldStartCosine * 1e4) / 1e4,
  };
}
