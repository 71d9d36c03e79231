// Worker-thread body of GroupAlignmentComputer (started through alignment.thread.mjs, which loads TypeScript):
// aligns the group it is given, posts progress, then the files and metrics (transferred, not copied).

import type { MessagePort } from 'node:worker_threads';
import { alignGroup, encodeAlignmentFiles, type AlignedGroup, type GroupInput } from '@shopspace/alignment';

export type ThreadMessage =
  | { readonly kind: 'progress'; readonly fraction: number }
  | { readonly kind: 'done'; readonly files: Array<[string, Uint8Array]>; readonly metrics: Record<string, unknown> };

/** What the run and the console show: the steps (anchors, mean CSLS per step), the shops, cold-start quality. */
export function metricsOf(group: AlignedGroup): Record<string, unknown> {
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

export function runAlignmentThread(input: GroupInput, port: MessagePort): void {
  const group = alignGroup(input, (fraction) => port.postMessage({ kind: 'progress', fraction }));
  const files = [...encodeAlignmentFiles(group)];
  const message: ThreadMessage = { kind: 'done', files, metrics: metricsOf(group) };
  port.postMessage(
    message,
    files.map(([, data]) => data.buffer as ArrayBuffer),
  );
}
