// Experiments: created as drafts with validated variants, started (at most one running per shop and
// placement), stopped; a running experiment's variants cannot change. Assignment of visitors is a pure
// function of (experiment, visitor) in @shopspace/experiments, so no state is kept per visitor.

import { validateVariants } from '@shopspace/experiments';
import { badInput, conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { secretScope, type Principal } from '../tenancy/principal.ts';
import type { ShopService } from '../catalog/shop.service.ts';
import type { TrainingRepository } from '../training/training.ports.ts';
import type { ChangeFeed } from '../changes/change.ts';
import {
  STRATEGY_ALGORITHMS,
  type Experiment,
  type ExperimentRepository,
  type Strategy,
  type Variant,
} from './experiment.ports.ts';

const PLACEMENT = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface CreateExperimentInput {
  readonly shopId: string;
  readonly name: string;
  readonly placement: string;
  readonly variants: ReadonlyArray<{ readonly key: string; readonly weight: number; readonly strategy: unknown }>;
}

export class ExperimentService {
  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly shops: ShopService,
    private readonly models: Pick<TrainingRepository, 'findModel'>,
    private readonly now: () => number = Date.now,
    /** Told when an experiment starts or stops (its follow-ups build the baselines an arm serves from). */
    private readonly changes?: ChangeFeed,
  ) {}

  async create(principal: Principal, input: CreateExperimentInput): Promise<Experiment> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, input.shopId);
    const name = input.name.trim();
    if (!name || name.length > 200) throw badInput('input.name', 'must be 1 to 200 characters');
    const placement = input.placement.trim();
    if (!PLACEMENT.test(placement)) {
      throw badInput(
        'input.placement',
        'must be 1-64 lowercase letters, digits, dots, dashes or underscores, e.g. pdp-similar',
      );
    }
    const variants = await this.variants(scope.tenantId, shop.id, input.variants, 'input.variants');
    return this.experiments.create({ tenantId: scope.tenantId, shopId: shop.id, name, placement, variants });
  }

  /** Replaces the variants of a DRAFT; a running or stopped experiment's variants are frozen. */
  async updateVariants(
    principal: Principal,
    id: string,
    input: CreateExperimentInput['variants'],
  ): Promise<Experiment> {
    const current = await this.get(principal, id);
    if (current.status !== 'DRAFT') {
      throw conflict(
        `experiment ${id} is ${current.status}: its variants cannot change (visitors would switch variants)`,
      );
    }
    const variants = await this.variants(current.tenantId, current.shopId, input, 'variants');
    const after = await this.experiments.updateVariants(current.tenantId, id, variants);
    if (!after) throw notFound('experiment', id);
    if (after.status !== 'DRAFT') throw conflict(`experiment ${id} started meanwhile: its variants were not changed`);
    return after;
  }

  private async variants(
    tenantId: string,
    shopId: string,
    input: CreateExperimentInput['variants'],
    field: string,
  ): Promise<Variant[]> {
    const problems = validateVariants(input);
    if (problems.length > 0) throw badInput(field, problems.join('; '));
    const variants: Variant[] = [];
    for (const [i, v] of input.entries()) {
      const strategy = await this.strategy(tenantId, shopId, v.strategy, `${field}[${i}].strategy`);
      variants.push({ key: v.key.trim(), weight: v.weight, strategy });
    }
    return variants;
  }

  async start(principal: Principal, id: string): Promise<Experiment> {
    const scope = secretScope(principal);
    this.checkId(id);
    const r = await this.experiments.start(scope.tenantId, id, new Date(this.now()));
    if (!r) throw notFound('experiment', id);
    if ('conflict' in r) {
      throw conflict(
        `experiment "${r.conflict.name}" (${r.conflict.id}) is already running on placement ${r.conflict.placement}; stop it first`,
      );
    }
    if ('wrongStatus' in r) throw conflict(`experiment ${id} is ${r.wrongStatus.status}; only a DRAFT can start`);
    const e = r.experiment;
    await this.changes?.publish({
      kind: 'experiment-changed',
      tenantId: e.tenantId,
      shopId: e.shopId,
      needsBaselines: e.variants.some((v) =>
        ['item-knn', 'session-knn', 'popularity', 'user-history'].includes(v.strategy.algorithm),
      ),
    });
    return e;
  }

  async stop(principal: Principal, id: string): Promise<Experiment> {
    const scope = secretScope(principal);
    this.checkId(id);
    const e = await this.experiments.stop(scope.tenantId, id, new Date(this.now()));
    if (!e) throw notFound('experiment', id);
    if (e.status !== 'STOPPED') throw conflict(`experiment ${id} is ${e.status}; only a RUNNING experiment can stop`);
    await this.changes?.publish({
      kind: 'experiment-changed',
      tenantId: e.tenantId,
      shopId: e.shopId,
      needsBaselines: false,
    });
    return e;
  }

  async get(principal: Principal, id: string): Promise<Experiment> {
    const scope = secretScope(principal);
    this.checkId(id);
    const e = await this.experiments.find(scope.tenantId, id);
    if (!e) throw notFound('experiment', id);
    return e;
  }

  async list(principal: Principal, shopId: string): Promise<Experiment[]> {
    const scope = secretScope(principal);
    const shop = await this.shops.require(scope, shopId);
    return this.experiments.list(scope.tenantId, shop.id);
  }

  private checkId(id: string): void {
    if (!isUuid(id)) throw notFound('experiment', id);
  }

  private async strategy(tenantId: string, shopId: string, raw: unknown, field: string): Promise<Strategy> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw badInput(field, 'must be a JSON object such as {"algorithm":"served"}');
    const s = raw as Record<string, unknown>;
    const algorithm = s['algorithm'];
    if (typeof algorithm !== 'string' || !(STRATEGY_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw badInput(`${field}.algorithm`, `must be one of ${STRATEGY_ALGORITHMS.join(', ')}`);
    }
    const unknownKeys = Object.keys(s).filter((k) => !['algorithm', 'modelVersionId', 'params'].includes(k));
    if (unknownKeys.length > 0) throw badInput(field, `unknown field(s) ${unknownKeys.join(', ')}`);
    const out: { algorithm: Strategy['algorithm']; modelVersionId?: string; params?: Record<string, unknown> } = {
      algorithm: algorithm as Strategy['algorithm'],
    };
    if (s['modelVersionId'] !== undefined) {
      const id = s['modelVersionId'];
      const model = typeof id === 'string' && isUuid(id) ? await this.models.findModel(tenantId, id) : null;
      // A model of another shop (or tenant) cannot serve this shop: it reads as one that does not exist.
      if (!model || model.shopId !== shopId)
        throw badInput(`${field}.modelVersionId`, `no model version ${JSON.stringify(id)} in this shop`);
      out.modelVersionId = model.id;
    }
    if (s['params'] !== undefined) {
      if (typeof s['params'] !== 'object' || s['params'] === null || Array.isArray(s['params']))
        throw badInput(`${field}.params`, 'must be a JSON object');
      out.params = s['params'] as Record<string, unknown>;
    }
    return out;
  }
}
