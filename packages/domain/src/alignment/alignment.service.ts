// Starting and reading alignment runs (secret key). A run names two or more of the tenant's shops; another
// tenant's shop reads exactly like a missing one (NOT_FOUND), and nothing is queued then.

import { badInput, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { secretScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import type { JobQueue } from '../jobs/job-catalog.ts';
import type { AlignmentRepository, AlignmentRun, AlignmentVersion } from './alignment.ports.ts';

export const MAX_ALIGNED_SHOPS = 20;

export class AlignmentService {
  constructor(
    private readonly alignments: AlignmentRepository,
    private readonly jobs: JobQueue,
    private readonly shops: ShopService,
  ) {}

  async start(principal: Principal, shopIds: readonly string[]): Promise<AlignmentRun> {
    const scope = secretScope(principal);
    const unique = [...new Set(shopIds)];
    if (unique.length !== shopIds.length) throw badInput('shopIds', 'names a shop twice');
    if (unique.length < 2 || unique.length > MAX_ALIGNED_SHOPS)
      throw badInput('shopIds', `give 2 to ${MAX_ALIGNED_SHOPS} shops of the brand group`);
    for (const id of unique) await this.shops.require(scope, id);
    const run = await this.alignments.createRun(scope.tenantId, unique);
    await this.alignments.progress(scope.tenantId, run.id, 0);
    await this.jobs.enqueue('alignment', { tenantId: scope.tenantId, runId: run.id });
    return run;
  }

  async get(principal: Principal, id: string): Promise<AlignmentRun> {
    const scope = secretScope(principal);
    const run = isUuid(id) ? await this.alignments.findRun(scope.tenantId, id) : null;
    if (!run) throw notFound('alignment run', id);
    return run;
  }

  async list(principal: Principal, first: number): Promise<AlignmentRun[]> {
    const scope = secretScope(principal);
    return this.alignments.listRuns(scope.tenantId, Math.min(Math.max(first, 1), 100));
  }

  /** The version a run produced, for a run already read within the caller's scope. */
  version(run: AlignmentRun): Promise<AlignmentVersion | null> {
    return run.alignmentId ? this.alignments.findVersion(run.tenantId, run.alignmentId) : Promise.resolve(null);
  }
}
