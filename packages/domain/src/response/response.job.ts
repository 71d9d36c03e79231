// A shop's response-model refit, as the worker runs it (daily on the shop's schedule, or when asked): reads the
// tracked lists of the last weeks with their clicks and the sessions' later add-to-carts and purchases, has
// the trainer fit GLMix over the active model version's ranker features, warm-started from the active
// response model when it reads the same version (its per-item and per-user parts refit daily, the global part
// when older than a week), and activates the result only when its held-out AUC is no worse than the active
// model's on the same held-out rows. Every refit is kept with its figures, activated or not.

import { randomBytes } from 'node:crypto';
import { writeEncodedBundle } from '@shopspace/serving';
import type { ArtifactStore } from '../artifacts/artifact-store.port.ts';
import type { ChangeFeed } from '../changes/change.ts';
import type { TrainingRepository } from '../training/training.ports.ts';
import type {
  ResponseModelRecord,
  ResponseModelRepository,
  ResponseTrafficSource,
  ResponseTrainer,
} from './response.ports.ts';

const DAY_MS = 86_400_000;

export interface ResponseJobOptions {
  /** Tracked lists read, newest first, at most (each impression holds ~32 float features, copied a few times). Default 50,000. */
  readonly maxLists?: number;
  /** How far back lists are read. Default 56 days. */
  readonly lookbackMs?: number;
  /** An unclicked impression is a negative after this. Default 14 days (LinkedIn's). */
  readonly negativeWindowMs?: number;
  /** The global part is refit when older than this. Default 7 days. */
  readonly globalEveryMs?: number;
}

export interface ResponseJobDeps {
  readonly runs: Pick<TrainingRepository, 'activeModel'>;
  readonly traffic: ResponseTrafficSource;
  readonly models: ResponseModelRepository;
  readonly trainer: ResponseTrainer;
  readonly artifacts: ArtifactStore;
  readonly changes: ChangeFeed;
  readonly now?: () => number;
  readonly options?: ResponseJobOptions;
}

export type ResponseOutcome =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'activated' | 'rejected'; readonly model: ResponseModelRecord };

export class ResponseRefitJob {
  constructor(private readonly deps: ResponseJobDeps) {}

  async run(tenantId: string, shopId: string): Promise<ResponseOutcome> {
    const { deps } = this;
    const options = deps.options ?? {};
    const now = (deps.now ?? Date.now)();
    const version = await deps.runs.activeModel(tenantId, shopId);
    if (!version) return { kind: 'skipped', reason: 'the shop has no active model to featurise its traffic with' };
    const from = new Date(now - (options.lookbackMs ?? 56 * DAY_MS));
    const lists = await deps.traffic.lists(tenantId, shopId, from, new Date(now), options.maxLists ?? 50_000);
    if (!lists.some((l) => l.clicked.length > 0))
      return { kind: 'skipped', reason: `no tracked clicks since ${from.toISOString()}` };
    const sessions = [...new Set(lists.flatMap((l) => (l.sessionId === null ? [] : [l.sessionId])))];
    const engagement = await deps.traffic.engagement(tenantId, shopId, sessions, from);
    const active = await deps.models.active(tenantId, shopId);
    // A response model of another version reads other features: no warm start, everything refit.
    const previous = active && active.modelVersionId === version.id ? active : null;
    const globalAge = previous ? now - previous.globalFittedAt.getTime() : Infinity;
    const refitGlobal = globalAge >= (options.globalEveryMs ?? 7 * DAY_MS);
    const trained = await deps.trainer.train({
      modelArtifactPath: version.artifactPath,
      lists,
      engagement,
      previousArtifactPath: previous?.artifactPath ?? null,
      refitGlobal,
      now,
      negativeWindowMs: options.negativeWindowMs ?? 14 * DAY_MS,
    });
    if (!trained) return { kind: 'skipped', reason: `model version ${version.id} has no ranker to featurise with` };
    const { metrics } = trained;
    // Two refits of one shop may share a millisecond (a manual one beside the scheduled one).
    const name = `response-${new Date(now).toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
    const artifactPath = await writeEncodedBundle(deps.artifacts, { tenantId, shopId, version: name }, trained.bundle);
    const rejectedReason = qualityCheck(metrics.aucFull, metrics.aucActive, active);
    const model = await deps.models.create({
      tenantId,
      shopId,
      modelVersionId: version.id,
      artifactPath,
      metrics,
      globalFittedAt: new Date(trained.globalFittedAt),
      activatedAt: rejectedReason === null ? new Date(now) : null,
      rejectedReason,
    });
    if (rejectedReason !== null) return { kind: 'rejected', model };
    await deps.changes.publish({ kind: 'response-activated', tenantId, shopId, responseModelId: model.id });
    return { kind: 'activated', model };
  }
}

/** Why a refit may not serve (null: it may): held-out AUC below the active model's on the same rows. */
function qualityCheck(auc: number | null, activeAuc: number | null, active: ResponseModelRecord | null): string | null {
  if (auc === null || !Number.isFinite(auc)) return 'no held-out AUC (the held-out lists lack clicks or non-clicks)';
  if (active && activeAuc !== null && Number.isFinite(activeAuc) && auc < activeAuc)
    return `held-out AUC ${auc.toFixed(4)} is below the active model's ${activeAuc.toFixed(4)} on the same lists`;
  return null;
}
