// Experiments of a shop, and creating one (a draft; it starts from its own page).
import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '../../../../components/action-form.tsx';
import { LocalTime } from '../../../../components/local-time.tsx';
import { Empty, ErrorMessage, StatusBadge } from '../../../../components/messages.tsx';
import { load } from '../../../../lib/api.ts';
import { STRATEGIES } from '../../../../lib/forms.ts';
import { experimentsPage } from '../../../../lib/operations.ts';
import { createExperimentAction } from '../../../actions.ts';

export const metadata: Metadata = { title: 'Experiments' };

const DEFAULT_VARIANTS = [
  { key: 'control', weight: '0.5', algorithm: 'popularity' },
  { key: 'model', weight: '0.5', algorithm: 'served' },
  { key: '', weight: '', algorithm: 'item-knn' },
];

const strategyText = (s: unknown): string => {
  const o = (s ?? {}) as { algorithm?: unknown; modelVersionId?: unknown };
  return `${String(o.algorithm ?? '?')}${typeof o.modelVersionId === 'string' ? ` @${o.modelVersionId.slice(0, 8)}` : ''}`;
};

export default async function ExperimentsPage({ params }: { readonly params: Promise<{ shopId: string }> }) {
  const { shopId } = await params;
  const r = await load(experimentsPage, { shopId });
  return (
    <>
      {!r.ok ? (
        <ErrorMessage error={r.error} title="Experiments could not be loaded" />
      ) : r.data.experiments.length === 0 ? (
        <Empty>No experiments yet. Create one below to compare recommendation strategies on live traffic.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="experiments">
            <thead>
              <tr>
                <th>Name</th>
                <th>Placement</th>
                <th>Status</th>
                <th className="hide-narrow">Variants</th>
                <th className="hide-narrow">Started</th>
              </tr>
            </thead>
            <tbody>
              {r.data.experiments.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link href={`/shops/${shopId}/experiments/${e.id}`}>{e.name}</Link>
                  </td>
                  <td className="mono">{e.placement}</td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td className="hide-narrow small">
                    {e.variants
                      .map((v) => `${v.key} (${Math.round(v.weight * 100)}%, ${strategyText(v.strategy)})`)
                      .join(' · ')}
                  </td>
                  <td className="hide-narrow">
                    <LocalTime iso={e.startedAt} fallback="not started" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="panel" style={{ marginTop: 16 }}>
        <h3 style={{ marginTop: 0 }}>New experiment</h3>
        <ActionForm
          action={createExperimentAction.bind(null, shopId)}
          submitLabel="Create draft"
          pendingLabel="Creating…"
          className="stack"
          testId="create-experiment"
        >
          <div className="two-col">
            <label>
              Name
              <input name="name" required placeholder="item2vec vs popularity" />
            </label>
            <label>
              Placement
              <input
                name="placement"
                required
                defaultValue="pdp-similar"
                pattern="[a-z0-9][a-z0-9-]*"
                title="lower-case letters, digits and dashes"
              />
            </label>
          </div>
          <div className="small muted">Variants (weights must add up to 1; leave a key empty to drop the row)</div>
          {DEFAULT_VARIANTS.map((v, i) => (
            <div className="inline" key={i} style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
              <label>
                Key
                <input name={`variant${i}.key`} defaultValue={v.key} size={10} />
              </label>
              <label>
                Weight
                <input
                  name={`variant${i}.weight`}
                  defaultValue={v.weight}
                  type="number"
                  step="0.05"
                  min="0"
                  max="1"
                  style={{ width: 80 }}
                />
              </label>
              <label>
                Strategy
                <select name={`variant${i}.algorithm`} defaultValue={v.algorithm}>
                  {STRATEGIES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Pinned model version (optional)
                <input name={`variant${i}.modelVersionId`} placeholder="active model" size={14} />
              </label>
            </div>
          ))}
        </ActionForm>
      </div>
    </>
  );
}
