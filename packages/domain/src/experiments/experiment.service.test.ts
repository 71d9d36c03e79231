// ExperimentService over the fakes: drafts with validated variants (weights summing to 1, known strategies, a
// pinned model version only of the same shop), at most one running experiment per shop and placement, variants
// frozen once started, stop only from RUNNING, and another tenant's experiment indistinguishable from none.

import { describe, expect, it } from 'vitest';
import { FakeExperimentRepository, createFakePorts } from '../../../testing/src/fakes/index.ts';
import { ShopService } from '../catalog/shop.service.ts';
import { ErrorCode } from '../shared/errors.ts';
import type { Principal } from '../tenancy/principal.ts';
import { STRATEGY_ALGORITHMS, type Variant } from './experiment.ports.ts';
import { ExperimentService, type CreateExperimentInput } from './experiment.service.ts';

const KEY_ID = '00000000-0000-4000-8000-00000000000a';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

const halves = (b: unknown = { algorithm: 'item2vec' }): CreateExperimentInput['variants'] => [
  { key: 'control', weight: 0.5, strategy: { algorithm: 'item2vec' } },
  { key: 'treatment', weight: 0.5, strategy: b },
];

async function setup() {
  const ports = createFakePorts();
  const shops = new ShopService(ports.shops, ports.clock.now);
  const experiments = new ExperimentService(ports.experiments, shops, ports.models, ports.clock.now, ports.changes);
  const a = (await ports.tenants.create('A')).id;
  const b = (await ports.tenants.create('B')).id;
  const secret: Principal = { kind: 'key', tenantId: a, keyId: KEY_ID, keyKind: 'SECRET' };
  const otherSecret: Principal = { kind: 'key', tenantId: b, keyId: KEY_ID, keyKind: 'SECRET' };
  const shop = await shops.create(secret, { handle: 'main', name: 'Main' });
  const sister = await shops.create(secret, { handle: 'sister', name: 'Sister' });
  const otherShop = await shops.create(otherSecret, { handle: 'main', name: 'Theirs' });
  const draft = (placement = 'pdp-similar', shopId = shop.id, variants = halves()) =>
    experiments.create(secret, { shopId, name: `Test ${placement}`, placement, variants });
  return { ports, shops, experiments, a, b, secret, otherSecret, shop, sister, otherShop, draft };
}

describe('ExperimentService.create', () => {
  it('creates a DRAFT with trimmed name, placement and keys', async () => {
    const { ports, experiments, secret, shop, a } = await setup();
    const e = await experiments.create(secret, {
      shopId: shop.id,
      name: '  Similar items  ',
      placement: ' pdp-similar ',
      variants: [
        { key: ' control ', weight: 0.25, strategy: { algorithm: 'item2vec' } },
        { key: 'pop', weight: 0.75, strategy: { algorithm: 'popularity', params: { halfLifeDays: 7 } } },
      ],
    });
    expect(e).toEqual({
      id: e.id,
      tenantId: a,
      shopId: shop.id,
      name: 'Similar items',
      placement: 'pdp-similar',
      status: 'DRAFT',
      variants: [
        { key: 'control', weight: 0.25, strategy: { algorithm: 'item2vec' } },
        { key: 'pop', weight: 0.75, strategy: { algorithm: 'popularity', params: { halfLifeDays: 7 } } },
      ],
      createdAt: ports.clock.date(),
      startedAt: null,
      stoppedAt: null,
    });
  });

  it('refuses weights that do not sum to 1, fewer than two variants and duplicate keys', async () => {
    const { experiments, secret, shop } = await setup();
    const create = (variants: CreateExperimentInput['variants']) =>
      experiments.create(secret, { shopId: shop.id, name: 'x', placement: 'p', variants });
    const item2vec = { algorithm: 'item2vec' };
    await expect(
      create([
        { key: 'a', weight: 0.5, strategy: item2vec },
        { key: 'b', weight: 0.4, strategy: item2vec },
      ]),
    ).rejects.toMatchObject({
      code: ErrorCode.BadUserInput,
      field: 'input.variants',
      message: 'input.variants: variants weights must sum to 1 (got 0.9)',
    });
    await expect(create([{ key: 'a', weight: 1, strategy: item2vec }])).rejects.toMatchObject({
      field: 'input.variants',
      message: /at least 2 variants/,
    });
    await expect(
      create([
        { key: 'a', weight: 0.5, strategy: item2vec },
        { key: ' a', weight: 0.5, strategy: item2vec },
      ]),
    ).rejects.toMatchObject({ message: /variants\[1\]\.key duplicates variants\[0\]\.key/ });
    await expect(
      create([
        { key: 'a', weight: 0.1, strategy: item2vec },
        { key: 'b', weight: 0.2, strategy: item2vec },
        { key: 'c', weight: 0.7, strategy: item2vec },
      ]),
    ).resolves.toMatchObject({ status: 'DRAFT' });
  });

  it('refuses a bad name or placement naming the field', async () => {
    const { experiments, secret, shop } = await setup();
    const base = { shopId: shop.id, name: 'ok', placement: 'ok', variants: halves() };
    for (const [input, field] of [
      [{ ...base, name: '  ' }, 'input.name'],
      [{ ...base, name: 'n'.repeat(201) }, 'input.name'],
      [{ ...base, placement: 'PDP' }, 'input.placement'],
      [{ ...base, placement: '-pdp' }, 'input.placement'],
      [{ ...base, placement: 'p'.repeat(65) }, 'input.placement'],
    ] as const) {
      await expect(experiments.create(secret, input)).rejects.toMatchObject({ code: ErrorCode.BadUserInput, field });
    }
  });

  it('checks each strategy, naming the variant and the field', async () => {
    const { experiments, secret, shop } = await setup();
    const create = (strategy: unknown) =>
      experiments.create(secret, { shopId: shop.id, name: 'x', placement: 'p', variants: halves(strategy) });
    await expect(create('item2vec')).rejects.toMatchObject({ field: 'input.variants[1].strategy' });
    await expect(create(null)).rejects.toMatchObject({ field: 'input.variants[1].strategy' });
    await expect(create({ algorithm: 'bert' })).rejects.toMatchObject({
      field: 'input.variants[1].strategy.algorithm',
      message: `input.variants[1].strategy.algorithm: must be one of ${STRATEGY_ALGORITHMS.join(', ')}`,
    });
    await expect(create({ algorithm: 'item-knn', k: 5 })).rejects.toMatchObject({
      field: 'input.variants[1].strategy',
      message: 'input.variants[1].strategy: unknown field(s) k',
    });
    await expect(create({ algorithm: 'item-knn', params: [5] })).rejects.toMatchObject({
      field: 'input.variants[1].strategy.params',
    });
  });

  it('pins a model version of the same shop, and refuses one of a sister shop, another tenant or none', async () => {
    const { ports, experiments, secret, shop, sister, otherShop, a, b } = await setup();
    const own = ports.models.add(a, shop.id);
    const sisters = ports.models.add(a, sister.id);
    const theirs = ports.models.add(b, otherShop.id);
    const pinned = await experiments.create(secret, {
      shopId: shop.id,
      name: 'Pinned',
      placement: 'p',
      variants: halves({ algorithm: 'item2vec', modelVersionId: own.id }),
    });
    expect(pinned.variants[1]?.strategy).toEqual({ algorithm: 'item2vec', modelVersionId: own.id });
    for (const modelVersionId of [sisters.id, theirs.id, MISSING_ID, 'latest', 7]) {
      await expect(
        experiments.create(secret, {
          shopId: shop.id,
          name: 'Pinned',
          placement: 'p',
          variants: halves({ algorithm: 'item2vec', modelVersionId }),
        }),
      ).rejects.toMatchObject({
        code: ErrorCode.BadUserInput,
        field: 'input.variants[1].strategy.modelVersionId',
        message: `input.variants[1].strategy.modelVersionId: no model version ${JSON.stringify(modelVersionId)} in this shop`,
      });
    }
  });

  it("needs a secret key and one of the caller's shops", async () => {
    const { experiments, secret, otherShop, a } = await setup();
    const publishable: Principal = { kind: 'key', tenantId: a, keyId: KEY_ID, keyKind: 'PUBLISHABLE' };
    const input = { shopId: otherShop.id, name: 'x', placement: 'p', variants: halves() };
    await expect(experiments.create(publishable, input)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(experiments.create(secret, input)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});

describe('ExperimentService.start and stop', () => {
  it('starts a DRAFT at the injected time and stops it later', async () => {
    const { ports, experiments, secret, draft } = await setup();
    const e = await draft();
    ports.clock.advance(10_000);
    const started = await experiments.start(secret, e.id);
    expect(started).toMatchObject({ status: 'RUNNING', startedAt: ports.clock.date(), stoppedAt: null });
    ports.clock.advance(10_000);
    const stopped = await experiments.stop(secret, e.id);
    expect(stopped).toMatchObject({ status: 'STOPPED', startedAt: started.startedAt, stoppedAt: ports.clock.date() });
  });

  it('allows one running experiment per shop and placement, naming the one in the way', async () => {
    const { experiments, secret, draft, sister } = await setup();
    const first = await draft('pdp-similar');
    const second = await draft('pdp-similar');
    await experiments.start(secret, first.id);
    await expect(experiments.start(secret, second.id)).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: `experiment "Test pdp-similar" (${first.id}) is already running on placement pdp-similar; stop it first`,
    });
    expect((await experiments.get(secret, second.id)).status).toBe('DRAFT');
    // Another placement, or the same placement of another shop, does not conflict.
    await expect(experiments.start(secret, (await draft('cart')).id)).resolves.toMatchObject({ status: 'RUNNING' });
    await expect(experiments.start(secret, (await draft('pdp-similar', sister.id)).id)).resolves.toMatchObject({
      status: 'RUNNING',
    });
    await experiments.stop(secret, first.id);
    await expect(experiments.start(secret, second.id)).resolves.toMatchObject({ status: 'RUNNING' });
  });

  it('starts only a DRAFT and stops only a RUNNING experiment', async () => {
    const { experiments, secret, draft } = await setup();
    const e = await draft();
    await expect(experiments.stop(secret, e.id)).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: `experiment ${e.id} is DRAFT; only a RUNNING experiment can stop`,
    });
    await experiments.start(secret, e.id);
    await expect(experiments.start(secret, e.id)).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: `experiment ${e.id} is RUNNING; only a DRAFT can start`,
    });
    await experiments.stop(secret, e.id);
    await expect(experiments.start(secret, e.id)).rejects.toMatchObject({ message: /is STOPPED; only a DRAFT/ });
  });

  it('answers a repeated stop with the experiment as first stopped (a retry is safe)', async () => {
    const { ports, experiments, secret, draft } = await setup();
    const e = await draft();
    await experiments.start(secret, e.id);
    const stopped = await experiments.stop(secret, e.id);
    ports.clock.advance(60_000);
    expect(await experiments.stop(secret, e.id)).toEqual(stopped);
  });

  it('announces each start and stop, asking for baselines when an arm serves popularity or item-kNN', async () => {
    const { ports, experiments, secret, draft, shop, a } = await setup();
    const plain = await draft('a');
    await experiments.start(secret, plain.id);
    const knn = await draft('b', shop.id, halves({ algorithm: 'item-knn' }));
    await expect(experiments.start(secret, plain.id)).rejects.toMatchObject({ code: ErrorCode.Conflict });
    await experiments.start(secret, knn.id);
    await experiments.stop(secret, knn.id);
    const change = (needsBaselines: boolean) => ({
      kind: 'experiment-changed',
      tenantId: a,
      shopId: shop.id,
      needsBaselines,
    });
    expect(ports.changes.published).toEqual([change(false), change(true), change(false)]);
  });

  it("answers NOT_FOUND for another tenant's experiment, a missing and a malformed id, changing nothing", async () => {
    const { experiments, otherSecret, secret, draft } = await setup();
    const mine = await draft();
    for (const id of [mine.id, MISSING_ID, 'exp-1']) {
      const notFound = { code: ErrorCode.NotFound, message: `experiment ${JSON.stringify(id)} not found` };
      await expect(experiments.get(otherSecret, id)).rejects.toMatchObject(notFound);
      await expect(experiments.start(otherSecret, id)).rejects.toMatchObject(notFound);
      await expect(experiments.stop(otherSecret, id)).rejects.toMatchObject(notFound);
      await expect(experiments.updateVariants(otherSecret, id, halves())).rejects.toMatchObject(notFound);
    }
    expect((await experiments.get(secret, mine.id)).status).toBe('DRAFT');
  });
});

describe('ExperimentService.updateVariants', () => {
  const reweighted: CreateExperimentInput['variants'] = [
    { key: 'control', weight: 0.8, strategy: { algorithm: 'item2vec' } },
    { key: 'treatment', weight: 0.2, strategy: { algorithm: 'popularity' } },
  ];

  it('replaces the variants of a DRAFT, validated with `variants` as the field', async () => {
    const { experiments, secret, draft } = await setup();
    const e = await draft();
    const after = await experiments.updateVariants(secret, e.id, reweighted);
    expect(after.variants.map((v: Variant) => [v.key, v.weight, v.strategy.algorithm])).toEqual([
      ['control', 0.8, 'item2vec'],
      ['treatment', 0.2, 'popularity'],
    ]);
    await expect(
      experiments.updateVariants(secret, e.id, [{ key: 'solo', weight: 1, strategy: {} }]),
    ).rejects.toMatchObject({ code: ErrorCode.BadUserInput, field: 'variants' });
  });

  it('freezes the variants once started, and after stopping', async () => {
    const { experiments, secret, draft } = await setup();
    const e = await draft();
    await experiments.start(secret, e.id);
    await expect(experiments.updateVariants(secret, e.id, reweighted)).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: `experiment ${e.id} is RUNNING: its variants cannot change (visitors would switch variants)`,
    });
    await experiments.stop(secret, e.id);
    await expect(experiments.updateVariants(secret, e.id, reweighted)).rejects.toMatchObject({
      code: ErrorCode.Conflict,
    });
    expect((await experiments.get(secret, e.id)).variants).toEqual(e.variants);
  });

  it('says CONFLICT and changes nothing when the experiment starts between the check and the write', async () => {
    const { ports, shops, secret, draft } = await setup();
    const e = await draft();
    // A repository whose row is started by another request just before this update reaches it.
    const racing = new FakeExperimentRepository(ports.db);
    const update = racing.updateVariants.bind(racing);
    racing.updateVariants = async (tenantId, id, variants) => {
      await racing.start(tenantId, id, ports.clock.date());
      return update(tenantId, id, variants);
    };
    const experiments = new ExperimentService(racing, shops, ports.models, ports.clock.now);
    await expect(experiments.updateVariants(secret, e.id, reweighted)).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: `experiment ${e.id} started meanwhile: its variants were not changed`,
    });
    expect((await experiments.get(secret, e.id)).variants).toEqual(e.variants);
  });
});

describe('ExperimentService.list', () => {
  it("lists one shop's experiments, newest first", async () => {
    const { ports, experiments, secret, draft, shop, sister } = await setup();
    const older = await draft('a');
    ports.clock.advance(1);
    const newer = await draft('b');
    await draft('c', sister.id);
    expect((await experiments.list(secret, shop.id)).map((e) => e.id)).toEqual([newer.id, older.id]);
  });
});
