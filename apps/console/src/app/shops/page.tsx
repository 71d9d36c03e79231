// A tenant's shops: counts, last import, active model; and creating a shop.
import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '../../components/action-form.tsx';
import { LocalTime } from '../../components/local-time.tsx';
import { Empty, ErrorMessage, StatusBadge } from '../../components/messages.tsx';
import { load } from '../../lib/api.ts';
import { formatInteger } from '../../lib/format.ts';
import { viewerLocale } from '../../lib/locale.ts';
import { shopsPage } from '../../lib/operations.ts';
import { requireTenantSession } from '../../lib/session.ts';
import { createShopAction } from '../actions.ts';

export const metadata: Metadata = { title: 'Shops' };

export default async function ShopsPage() {
  const session = await requireTenantSession();
  const locale = await viewerLocale();
  const r = await load(shopsPage, {});
  return (
    <>
      <h1>Shops</h1>
      <p className="muted">{session.tenantName}</p>
      {!r.ok ? (
        <ErrorMessage error={r.error} title="Shops could not be loaded" />
      ) : r.data.shops.length === 0 ? (
        <Empty>No shops yet. Create one below, then import its catalog and events.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="shops">
            <thead>
              <tr>
                <th>Shop</th>
                <th className="num">Items</th>
                <th className="num">Events</th>
                <th>Last import</th>
                <th>Active model</th>
              </tr>
            </thead>
            <tbody>
              {r.data.shops.map((s) => {
                const last = s.importJobs[0];
                return (
                  <tr key={s.id}>
                    <td>
                      <Link href={`/shops/${s.id}`}>
                        <strong>{s.name}</strong>
                      </Link>{' '}
                      <span className="badge">{s.handle}</span> <span className="small muted">{s.currency}</span>
                    </td>
                    <td className="num">{formatInteger(s.itemCount, locale)}</td>
                    <td className="num">{formatInteger(s.eventCount, locale)}</td>
                    <td>
                      {last ? (
                        <>
                          <StatusBadge status={last.status} /> {last.kind.toLowerCase()}{' '}
                          <span className="small muted">
                            <LocalTime iso={last.finishedAt ?? last.startedAt} />
                          </span>
                        </>
                      ) : (
                        <span className="muted">never</span>
                      )}
                    </td>
                    <td>
                      {s.activeModel ? (
                        <>
                          <span className="badge good">{s.activeModel.algorithm}</span>{' '}
                          <span className="small muted">
                            <LocalTime iso={s.activeModel.createdAt} />
                          </span>
                        </>
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="panel" style={{ marginTop: 16 }}>
        <h3 style={{ marginTop: 0 }}>New shop</h3>
        <ActionForm
          action={createShopAction}
          submitLabel="Create shop"
          pendingLabel="Creating…"
          resetOnSuccess
          testId="create-shop"
        >
          <label>
            Handle
            <input
              name="handle"
              required
              pattern="[a-z0-9][a-z0-9-]*"
              title="lower-case letters, digits and dashes"
              placeholder="uk"
            />
          </label>
          <label>
            Name
            <input name="name" placeholder="United Kingdom" />
          </label>
          <label>
            Currency
            <input name="currency" defaultValue="EUR" maxLength={3} size={4} />
          </label>
        </ActionForm>
      </div>
    </>
  );
}
