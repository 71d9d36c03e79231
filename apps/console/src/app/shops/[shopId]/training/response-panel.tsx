// The training page's response panel: the shop's response model refits (GLMix on its tracked clicks) with their
// held-out AUC against the global-only model, which one serves the `response` strategies, and actions to refit
// now or daily.
import { ActionForm } from '../../../../components/action-form.tsx';
import { LocalTime } from '../../../../components/local-time.tsx';
import { Empty, ErrorMessage } from '../../../../components/messages.tsx';
import { load } from '../../../../lib/api.ts';
import { formatDecimal, formatInteger } from '../../../../lib/format.ts';
import { viewerLocale } from '../../../../lib/locale.ts';
import { responseModels } from '../../../../lib/response-operations.ts';
import { refitResponseAction, scheduleResponseAction } from '../../../actions.ts';

export async function ResponsePanel({ shopId }: { readonly shopId: string }) {
  const locale = await viewerLocale();
  const r = await load(responseModels, { shopId });
  if (!r.ok) return <ErrorMessage error={r.error} title="The response models could not be loaded" />;
  const models = r.data.responseModels;
  const next = r.data.responseRefitNextRun;
  return (
    <div className="panel" data-testid="response-models">
      <h3 style={{ marginTop: 0 }}>Response model (learns from tracked clicks)</h3>
      <p className="small muted">
        GLMix on the shop’s tracked impressions and clicks, over the active model’s ranker features: per-item and
        per-shopper click propensities on top of a global part. Experiments serve it as{' '}
        <span className="mono">response</span> (or <span className="mono">response-global</span> without the per-item
        and per-shopper parts). A refit serves only when its held-out AUC is no worse than the active one’s.{' '}
        {next ? (
          <>
            Next scheduled refit <LocalTime iso={next} />.
          </>
        ) : (
          'No schedule yet.'
        )}
      </p>
      {models.length === 0 ? (
        <Empty>No refit yet: the shop needs tracked clicks on lists served by its active model.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Refit</th>
                <th className="num">AUC full</th>
                <th className="num">AUC global-only</th>
                <th className="num hide-narrow">AUC of active</th>
                <th className="num hide-narrow">Examples</th>
                <th className="num hide-narrow">Clicks</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id}>
                  <td>
                    <LocalTime iso={m.createdAt} />
                  </td>
                  <td className="num">{formatDecimal(m.aucFull, locale, 4)}</td>
                  <td className="num">{formatDecimal(m.aucGlobal, locale, 4)}</td>
                  <td className="num hide-narrow">{formatDecimal(m.aucActive, locale, 4)}</td>
                  <td className="num hide-narrow">{formatInteger(m.examples, locale)}</td>
                  <td className="num hide-narrow">{formatInteger(m.clicks, locale)}</td>
                  <td>
                    {m.active ? (
                      <span className="badge good">active</span>
                    ) : m.rejectedReason ? (
                      <span className="small muted">{m.rejectedReason}</span>
                    ) : (
                      <span className="badge">superseded</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row">
        <ActionForm
          action={refitResponseAction.bind(null, shopId)}
          submitLabel="Refit now"
          pendingLabel="Queueing…"
          testId="refit-response"
        />
        <ActionForm
          action={scheduleResponseAction.bind(null, shopId)}
          submitLabel="Refit daily (03:30 UTC)"
          pendingLabel="Saving…"
          testId="schedule-response"
        />
      </div>
    </div>
  );
}
