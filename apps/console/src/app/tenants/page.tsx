// Operator: every tenant with its shops, and creating a tenant (its keys are shown once).
import type { Metadata } from 'next';
import { ActionForm } from '../../components/action-form.tsx';
import { LocalTime } from '../../components/local-time.tsx';
import { Empty, ErrorMessage } from '../../components/messages.tsx';
import { load } from '../../lib/api.ts';
import { formatInteger } from '../../lib/format.ts';
import { viewerLocale } from '../../lib/locale.ts';
import { tenantsPage } from '../../lib/operations.ts';
import { requireOperatorSession } from '../../lib/session.ts';
import { createTenantAction } from '../actions.ts';

export const metadata: Metadata = { title: 'Tenants' };

export default async function TenantsPage({
  searchParams,
}: {
  readonly searchParams: Promise<{ tenantOnly?: string }>;
}) {
  await requireOperatorSession();
  const { tenantOnly } = await searchParams;
  const locale = await viewerLocale();
  const r = await load(tenantsPage, {});
  return (
    <>
      <h1>Tenants</h1>
      <p className="muted">Every brand group on this Shopspace installation.</p>
      {tenantOnly ? (
        <div className="notice info">
          The operator token manages tenants only. To work on a tenant’s shops, sign in with its secret key.
        </div>
      ) : null}
      <div className="panel">
        <h3 style={{ marginTop: 0 }}>New tenant</h3>
        <ActionForm
          action={createTenantAction}
          submitLabel="Create tenant"
          pendingLabel="Creating…"
          resetOnSuccess
          testId="create-tenant"
        >
          <label>
            Name
            <input name="name" required maxLength={200} placeholder="Demo Retail Group" />
          </label>
        </ActionForm>
      </div>
      {!r.ok ? (
        <ErrorMessage error={r.error} title="Tenants could not be loaded" />
      ) : r.data.tenants.length === 0 ? (
        <Empty>No tenants yet. Create the first one above.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Shops</th>
                <th className="num">Items</th>
                <th className="num">Events</th>
                <th className="hide-narrow">Created</th>
              </tr>
            </thead>
            <tbody>
              {r.data.tenants.map((t) => (
                <tr key={t.id}>
                  <td>
                    <strong>{t.name}</strong>
                    <div className="small muted mono">{t.id}</div>
                  </td>
                  <td>
                    {t.shops.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      t.shops.map((s) => s.handle).join(', ')
                    )}
                  </td>
                  <td className="num">
                    {formatInteger(
                      t.shops.reduce((n, s) => n + s.itemCount, 0),
                      locale,
                    )}
                  </td>
                  <td className="num">
                    {formatInteger(
                      t.shops.reduce((n, s) => n + s.eventCount, 0),
                      locale,
                    )}
                  </td>
                  <td className="hide-narrow">
                    <LocalTime iso={t.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
