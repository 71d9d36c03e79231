// Query depth and cost limits refuse expensive queries before any resolver runs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, startTestApi, type TenantFixture, type TestApi } from '@shopspace/testing';

let api: TestApi;
let t: TenantFixture;

beforeAll(async () => {
  api = await startTestApi('limits');
  t = await createTenant(api, 'Limits Group');
});
afterAll(async () => api?.close());

describe('query limits', () => {
  it('refuses a query deeper than 10 levels', async () => {
    const deep = '{tenants{shops{importJobs{shop{importJobs{shop{importJobs{shop{importJobs{shop{id}}}}}}}}}}}';
    const r = await api.gql(t.secretKey, deep);
    expect(api.code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/query depth 11 exceeds the limit of 10/);
  });

  it('refuses a query whose pages multiply past the cost limit', async () => {
    const costly =
      '{shops{items(first:200){edges{node{sku title}}}} tenants{shops{items(first:200){edges{node{sku title description}}}}}}';
    const r = await api.gql(t.secretKey, costly);
    expect(api.code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/query cost \d+ exceeds the limit/);
  });

  it('lets an ordinary console query through', async () => {
    const r = await api.gql(t.secretKey, '{shops{id items(first:50){totalCount edges{node{sku title}}}}}');
    expect(r.errors).toBeUndefined();
  });

  it('maps GraphQL syntax errors to BAD_USER_INPUT', async () => {
    const r = await api.gql(t.secretKey, '{shops{');
    expect(api.code(r)).toBe('BAD_USER_INPUT');
  });
});

describe('server timing', () => {
  it('says how long the API took with each GraphQL answer', async () => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.secretKey}` },
      body: JSON.stringify({ query: '{ shops { id } }' }),
    });
    const timing = /^app;dur=(\d+\.\d{2})$/.exec(res.headers.get('server-timing') ?? '');
    expect(timing).not.toBeNull();
    expect(Number(timing?.[1])).toBeGreaterThan(0);
  });
});
