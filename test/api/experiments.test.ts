// Experiments over the real API: validation naming the field, one running experiment per placement, the
// DRAFT → RUNNING → STOPPED life cycle, and tenancy.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShop, createTenant, startTestApi, type TenantFixture, type TestApi } from '@shopspace/testing';

let api: TestApi;
let t: TenantFixture;
let other: TenantFixture;
let shop: string;
let otherShop: string;

const CREATE = `mutation($i:CreateExperimentInput!){createExperiment(input:$i){id name placement status variants{key weight strategy} results{key} startedAt stoppedAt shop{id}}}`;
const twoArms = (shopId: string, placement = 'pdp-similar') => ({
  shopId,
  name: 'item2vec vs popularity',
  placement,
  variants: [
    { key: 'control', weight: 0.5, strategy: { algorithm: 'popularity' } },
    { key: 'item2vec', weight: 0.5, strategy: { algorithm: 'item2vec', params: { recencyDecay: 0.2 } } },
  ],
});

beforeAll(async () => {
  api = await startTestApi('experiments');
  t = await createTenant(api, 'Experiment Group');
  other = await createTenant(api, 'Other Group');
  shop = await createShop(api, t.secretKey, 'uk');
  otherShop = await createShop(api, other.secretKey, 'uk');
});
afterAll(async () => api?.close());

describe('experiments', () => {
  it('creates a draft with its variants', async () => {
    const r = await api.gql(t.secretKey, CREATE, { i: twoArms(shop) });
    expect(r.errors).toBeUndefined();
    expect(r.data?.['createExperiment']).toMatchObject({
      name: 'item2vec vs popularity',
      placement: 'pdp-similar',
      status: 'DRAFT',
      results: [{ key: 'control' }, { key: 'item2vec' }],
      startedAt: null,
      shop: { id: shop },
      variants: [
        { key: 'control', weight: 0.5, strategy: { algorithm: 'popularity' } },
        { key: 'item2vec', weight: 0.5, strategy: { algorithm: 'item2vec', params: { recencyDecay: 0.2 } } },
      ],
    });
  });

  it('refuses bad variants naming the field, and stores nothing', async () => {
    const before = (await api.gql(t.secretKey, `{experiments(shopId:"${shop}"){id}}`)).data?.['experiments'].length;
    const weights = await api.gql(t.secretKey, CREATE, {
      i: {
        ...twoArms(shop),
        variants: [
          { key: 'a', weight: 0.5, strategy: { algorithm: 'popularity' } },
          { key: 'b', weight: 0.4, strategy: { algorithm: 'item2vec' } },
        ],
      },
    });
    expect(api.code(weights)).toBe('BAD_USER_INPUT');
    expect(weights.errors?.[0]?.message).toMatch(/^input\.variants: .*weight/);
    const algorithm = await api.gql(t.secretKey, CREATE, {
      i: {
        ...twoArms(shop),
        variants: [
          { key: 'a', weight: 0.5, strategy: { algorithm: 'magic' } },
          { key: 'b', weight: 0.5, strategy: { algorithm: 'item2vec' } },
        ],
      },
    });
    expect(algorithm.errors?.[0]?.message).toMatch(
      /^input\.variants\[0\]\.strategy\.algorithm: must be one of served, ranker, item2vec, item-knn, session-knn, popularity/,
    );
    const model = await api.gql(t.secretKey, CREATE, {
      i: {
        ...twoArms(shop),
        variants: [
          {
            key: 'a',
            weight: 0.5,
            strategy: { algorithm: 'item2vec', modelVersionId: '01234567-89ab-7def-8123-456789abcdef' },
          },
          { key: 'b', weight: 0.5, strategy: { algorithm: 'popularity' } },
        ],
      },
    });
    expect(model.errors?.[0]?.message).toMatch(/^input\.variants\[0\]\.strategy\.modelVersionId: no model version/);
    const placement = await api.gql(t.secretKey, CREATE, { i: twoArms(shop, 'PDP Similar!') });
    expect(placement.errors?.[0]?.message).toMatch(/^input\.placement:/);
    const after = (await api.gql(t.secretKey, `{experiments(shopId:"${shop}"){id}}`)).data?.['experiments'].length;
    expect(after).toBe(before);
  });

  it('runs at most one experiment per placement, and stops', async () => {
    const a = (await api.gql(t.secretKey, CREATE, { i: twoArms(shop, 'cart-next') })).data?.['createExperiment'].id;
    const b = (await api.gql(t.secretKey, CREATE, { i: twoArms(shop, 'cart-next') })).data?.['createExperiment'].id;
    const c = (await api.gql(t.secretKey, CREATE, { i: twoArms(shop, 'autocomplete') })).data?.['createExperiment'].id;
    const [ra, rb] = await Promise.all([
      api.gql(t.secretKey, `mutation{startExperiment(id:"${a}"){status startedAt}}`),
      api.gql(t.secretKey, `mutation{startExperiment(id:"${b}"){status}}`),
    ]);
    const codes = [api.code(ra), api.code(rb)].sort();
    expect(codes).toEqual(['CONFLICT', null].sort());
    expect(
      (await api.gql(t.secretKey, `mutation{startExperiment(id:"${c}"){status}}`)).data?.['startExperiment'],
    ).toEqual({ status: 'RUNNING' });
    const winner = api.code(ra) === null ? a : b;
    const stop = await api.gql(t.secretKey, `mutation{stopExperiment(id:"${winner}"){status stoppedAt}}`);
    expect(stop.data?.['stopExperiment'].status).toBe('STOPPED');
    expect(api.code(await api.gql(t.secretKey, `mutation{startExperiment(id:"${winner}"){status}}`))).toBe('CONFLICT');
    const loser = winner === a ? b : a;
    expect(
      (await api.gql(t.secretKey, `mutation{startExperiment(id:"${loser}"){status}}`)).data?.['startExperiment'],
    ).toEqual({ status: 'RUNNING' });
  });

  it('lets a draft’s variants change, and freezes them once the experiment runs', async () => {
    const id = (await api.gql(t.secretKey, CREATE, { i: twoArms(shop, 'search-results') })).data?.['createExperiment']
      .id;
    const UPDATE = `mutation($id:ID!,$v:[ExperimentVariantInput!]!){updateExperimentVariants(id:$id,variants:$v){variants{key weight}}}`;
    const v = [
      { key: 'control', weight: 0.8, strategy: { algorithm: 'popularity' } },
      { key: 'knn', weight: 0.2, strategy: { algorithm: 'item-knn' } },
    ];
    const ok = await api.gql(t.secretKey, UPDATE, { id, v });
    expect(ok.data?.['updateExperimentVariants'].variants).toEqual([
      { key: 'control', weight: 0.8 },
      { key: 'knn', weight: 0.2 },
    ]);
    await api.gql(t.secretKey, `mutation{startExperiment(id:"${id}"){status}}`);
    const frozen = await api.gql(t.secretKey, UPDATE, {
      id,
      v: [
        { ...v[0], weight: 0.5 },
        { ...v[1], weight: 0.5 },
      ],
    });
    expect(api.code(frozen)).toBe('CONFLICT');
    expect(frozen.errors?.[0]?.message).toMatch(/RUNNING: its variants cannot change/);
    const after = await api.gql(t.secretKey, `{experiment(id:"${id}"){variants{weight}}}`);
    expect(after.data?.['experiment'].variants).toEqual([{ weight: 0.8 }, { weight: 0.2 }]);
  });

  it('hides another tenant’s experiments and shops, and refuses a publishable key', async () => {
    const mine = (await api.gql(t.secretKey, CREATE, { i: twoArms(shop, 'hidden') })).data?.['createExperiment'].id;
    for (const q of [
      `{experiment(id:"${mine}"){id}}`,
      `mutation{startExperiment(id:"${mine}"){id}}`,
      `mutation{stopExperiment(id:"${mine}"){id}}`,
    ]) {
      expect(api.code(await api.gql(other.secretKey, q))).toBe('NOT_FOUND');
    }
    expect(api.code(await api.gql(other.secretKey, `{experiments(shopId:"${shop}"){id}}`))).toBe('NOT_FOUND');
    expect(api.code(await api.gql(t.secretKey, CREATE, { i: twoArms(otherShop) }))).toBe('NOT_FOUND');
    expect(api.code(await api.gql(t.publishableKey, CREATE, { i: twoArms(shop) }))).toBe('FORBIDDEN');
    expect(api.code(await api.gql(t.publishableKey, `{experiment(id:"${mine}"){id}}`))).toBe('FORBIDDEN');
    const still = await api.gql(t.secretKey, `{experiment(id:"${mine}"){status}}`);
    expect(still.data?.['experiment']).toEqual({ status: 'DRAFT' });
  });
});
