// Small builders for tenants, shops and keys through the public API, so tests read as scenarios.

import { TEST_OPERATOR_TOKEN, type TestApi } from './api.ts';

export interface TenantFixture {
  readonly id: string;
  readonly secretKey: string;
  readonly publishableKey: string;
}

export async function createTenant(api: TestApi, name: string): Promise<TenantFixture> {
  const r = await api.gql(
    TEST_OPERATOR_TOKEN,
    'mutation($n:String!){createTenant(name:$n){tenant{id} secretKey publishableKey}}',
    {
      n: name,
    },
  );
  if (r.errors) throw new Error(`createTenant failed: ${JSON.stringify(r.errors)}`);
  const p = r.data?.['createTenant'] as { tenant: { id: string }; secretKey: string; publishableKey: string };
  return { id: p.tenant.id, secretKey: p.secretKey, publishableKey: p.publishableKey };
}

export async function createShop(api: TestApi, secretKey: string, handle: string, currency = 'GBP'): Promise<string> {
  const r = await api.gql(secretKey, 'mutation($i:CreateShopInput!){createShop(input:$i){id}}', {
    i: { handle, name: `Shop ${handle}`, currency },
  });
  if (r.errors) throw new Error(`createShop failed: ${JSON.stringify(r.errors)}`);
  return (r.data?.['createShop'] as { id: string }).id;
}
