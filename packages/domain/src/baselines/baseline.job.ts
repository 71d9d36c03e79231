// Rebuilds a shop's baselines from its events: reads every session, builds the files, writes them as a new
// artifact version, points the shop at it in one statement, tells the API processes, then removes the files
// it replaced. A shop without sessions keeps whatever it had (nothing to build from).

import type { ChangeFeed } from '../changes/change.ts';
import { writeEncodedBundle } from '@shopspace/serving';
import type { ArtifactStore } from '../artifacts/artifact-store.port.ts';
import type { SessionSource } from '../training/training.ports.ts';
import type { BaselineBuilder, BaselineRepository } from './baselines.ports.ts';

export interface BaselineJobDependencies {
  readonly sessions: SessionSource;
  readonly builder: BaselineBuilder;
  readonly artifacts: ArtifactStore;
  readonly baselines: BaselineRepository;
  readonly changes: ChangeFeed;
  readonly now?: () => number;
}

export interface BaselineOutcome {
  readonly sessions: number;
  readonly path: string | null;
}

export class BaselineJob {
  constructor(private readonly deps: BaselineJobDependencies) {}

  async run(tenantId: string, shopId: string): Promise<BaselineOutcome> {
    const { deps } = this;
    const sessions = await deps.sessions.sessions(tenantId, shopId);
    if (sessions.length === 0) return { sessions: 0, path: null };
    const now = deps.now?.() ?? Date.now();
    const bundle = await deps.builder.build(sessions);
    const version = `baseline-${new Date(now).toISOString().replace(/[-:.]/g, '')}`;
    const path = await writeEncodedBundle(deps.artifacts, { tenantId, shopId, version }, bundle);
    const previous = await deps.baselines.replace(tenantId, shopId, { path, builtAt: new Date(now) });
    await deps.changes.publish({ kind: 'baselines-refreshed', tenantId, shopId });
    // An API process still loading the old files fails that load and retries with the new ones.
    if (previous && previous.path !== path) await deps.artifacts.remove(previous.path);
    return { sessions: sessions.length, path };
  }
}
