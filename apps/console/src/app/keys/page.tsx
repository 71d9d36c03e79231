// The tenant's API keys: create (the secret is shown once), revoke.
import type { Metadata } from 'next';
import { ActionForm } from '../../components/action-form.tsx';
import { LocalTime } from '../../components/local-time.tsx';
import { Empty, ErrorMessage } from '../../components/messages.tsx';
import { load } from '../../lib/api.ts';
import { apiKeysPage } from '../../lib/operations.ts';
import { requireTenantSession } from '../../lib/session.ts';
import { createApiKeyAction, revokeApiKeyAction } from '../actions.ts';

export const metadata: Metadata = { title: 'API keys' };

export default async function KeysPage() {
  await requireTenantSession();
  const r = await load(apiKeysPage, {});
  return (
    <>
      <h1>API keys</h1>
      <p className="muted">
        Secret keys (<code>sk_…</code>) do everything for this tenant and belong on servers; publishable keys (
        <code>pk_…</code>) only read recommendations and track, and are safe in a browser.
      </p>
      <div className="panel">
        <h3 style={{ marginTop: 0 }}>New key</h3>
        <ActionForm
          action={createApiKeyAction}
          submitLabel="Create key"
          pendingLabel="Creating…"
          resetOnSuccess
          testId="create-key"
        >
          <label>
            Kind
            <select name="kind" defaultValue="SECRET">
              <option value="SECRET">Secret</option>
              <option value="PUBLISHABLE">Publishable</option>
            </select>
          </label>
          <label>
            Label
            <input name="label" maxLength={100} placeholder="storefront, importer…" />
          </label>
        </ActionForm>
      </div>
      {!r.ok ? (
        <ErrorMessage error={r.error} title="Keys could not be loaded" />
      ) : r.data.apiKeys.length === 0 ? (
        <Empty>No keys.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="keys">
            <thead>
              <tr>
                <th>Key</th>
                <th>Kind</th>
                <th>Label</th>
                <th className="hide-narrow">Created</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {r.data.apiKeys.map((k) => (
                <tr key={k.id}>
                  <td className="mono">{k.prefix}…</td>
                  <td>
                    <span className={`badge ${k.kind === 'SECRET' ? 'warn' : 'info'}`}>{k.kind.toLowerCase()}</span>
                  </td>
                  <td>{k.label ?? <span className="muted">—</span>}</td>
                  <td className="hide-narrow">
                    <LocalTime iso={k.createdAt} />
                  </td>
                  <td>
                    <LocalTime iso={k.lastUsedAt} fallback="never" />
                  </td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge bad">
                        revoked <LocalTime iso={k.revokedAt} />
                      </span>
                    ) : (
                      <ActionForm
                        action={revokeApiKeyAction.bind(null, k.id)}
                        submitLabel="Revoke"
                        pendingLabel="Revoking…"
                        buttonClass="danger"
                        confirm={`Revoke ${k.prefix}…? Clients using it stop working at once.`}
                      />
                    )}
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
