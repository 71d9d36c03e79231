// The worker's alignment of a run's shops: reads each shop (catalog, active model), the shoppers who crossed
// between them, computes the alignment, writes its files (temp dir + rename), then records and activates it in
// one transaction and tells the API processes. A group with no trained shop cannot be aligned (final failure).

import { randomUUID } from 'node:crypto';
import type { ChangeFeed } from '../shared/change-feed.ts';
import { writeBundle } from '@shopspace/serving';
import type { ArtifactStore } from '../artifacts/artifact-store.port.ts';
import type { AlignmentComputer, AlignmentRepository, AlignmentSource, AlignmentVersion } from './alignment.ports.ts';

export class UnrecoverableAlignmentError extends Error {
  override readonly name = 'UnrecoverableAlignmentError';
}

export interface AlignmentJobDependencies {
  readonly alignments: AlignmentRepository;
  readonly source: AlignmentSource;
  readonly computer: AlignmentComputer;
  readonly artifacts: ArtifactStore;
  readonly changes: ChangeFeed;
}

export class AlignmentJob {
  constructor(private readonly deps: AlignmentJobDependencies) {}

  async run(
    payload: { tenantId: string; runId: string },
    onProgress: (fraction: number) => void = () => undefined,
  ): Promise<AlignmentVersion | null> {
    const { alignments, source, computer, artifacts, changes } = this.deps;
    const { tenantId, runId } = payload;
    const run = await alignments.markRunning(tenantId, runId, new Date());
    if (!run) return null;
    const shops = await Promise.all(run.shopIds.map((id) => source.shop(tenantId, id)));
    if (!shops.some((s) => s.model !== null))
      throw new UnrecoverableAlignmentError('no shop of the group has a trained model yet: train one first');
    const empty = shops.find((s) => s.items.length === 0);
    if (empty) throw new UnrecoverableAlignmentError(`shop ${empty.shopId} has no active items to align`);
    const crossing = await source.crossingShoppers(tenantId, run.shopIds);
    let last = 0;
    const report = (fraction: number): void => {
      const f = Math.round(fraction * 100) / 100;
      if (f - last < 0.05 && f < 1) return;
      last = f;
      onProgress(f);
      void alignments.progress(tenantId, runId, Math.min(0.99, f)).catch(() => undefined);
    };
    const { files, metrics } = await computer.compute(shops, crossing, report);
    const id = randomUUID();
    // Kept under the first shop of the run, namespaced by tenant and shop like every artifact.
    const artifactPath = await writeBundle(
      artifacts,
      { tenantId, shopId: run.shopIds[0] ?? '', version: `alignment-${id}` },
      'alignment',
      { alignment: files },
    );
    const version = await alignments.recordAndActivate(
      {
        id,
        tenantId,
        runId,
        shopIds: run.shopIds,
        models: Object.fromEntries(shops.map((s) => [s.shopId, s.model?.modelVersionId ?? null])),
        artifactPath,
        metrics,
      },
      new Date(),
    );
    await changes.publish({ kind: 'alignment-activated', tenantId, alignmentId: id, shopIds: [...run.shopIds] });
    onProgress(1);
    return version;
  }
}
