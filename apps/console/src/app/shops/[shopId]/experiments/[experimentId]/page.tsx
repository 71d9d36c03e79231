// One experiment: start / stop, the verdict in plain words, results per variant, and CTR over time.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionForm } from '../../../../../components/action-form.tsx';
import { AutoRefresh } from '../../../../../components/auto-refresh.tsx';
import { CtrChart } from '../../../../../components/ctr-chart.tsx';
import { LocalTime } from '../../../../../components/local-time.tsx';
import { ErrorMessage, NotAvailable, StatusBadge } from '../../../../../components/messages.tsx';
import { load, query } from '../../../../../lib/api.ts';
import { formatInteger, formatLift, formatPValue, formatPercent } from '../../../../../lib/format.ts';
import { viewerLocale } from '../../../../../lib/locale.ts';
import { experimentPage, experimentTimeline } from '../../../../../lib/operations.ts';
import { experimentVerdict, findControl } from '../../../../../lib/verdict.ts';
import { startExperimentAction, stopExperimentAction } from '../../../../actions.ts';

export const metadata: Metadata = { title: 'Experiment' };

const TONE = { good: 'ok', bad: 'error', warning: 'warning', neutral: 'info' } as const;

export default async function ExperimentPage({
  params,
}: {
  readonly params: Promise<{ shopId: string; experimentId: string }>;
}) {
  const { shopId, experimentId } = await params;
  const locale = await viewerLocale();
  const [r, timeline] = await Promise.all([
    load(experimentPage, { id: experimentId }),
    query(experimentTimeline, { id: experimentId }),
  ]);
  if (!r.ok) return <ErrorMessage error={r.error} title="The experiment could not be loaded" />;
  const e = r.data.experiment;
  if (!e || e.shop.id !== shopId) notFound();
  const fixed = new Map(
    timeline.ok ? (timeline.data.experiment?.results ?? []).map((x) => [x.key, x.fixedHorizonPValue]) : [],
  );
  const daily = timeline.ok ? (timeline.data.experiment?.daily ?? []) : [];
  // The first variant is the control when the API reports no lift for any (no results yet).
  const control = findControl(e.results, e.variants[0]?.key);
  const verdict = experimentVerdict(
    { status: e.status, results: e.results, ...(control ? { controlKey: control.key } : {}) },
    locale,
  );
  const byKey = new Map(e.results.map((x) => [x.key, x]));
  return (
    <>
      <p>
        <Link href={`/shops/${shopId}/experiments`}>← Experiments</Link>
      </p>
      <div className="panel">
        <div className="row">
          <div>
            <h2 style={{ margin: 0 }} data-testid="experiment-name">
              {e.name} <StatusBadge status={e.status} />
            </h2>
            <div className="small muted">
              placement <code>{e.placement}</code>
              {e.startedAt ? (
                <>
                  {' '}
                  · started <LocalTime iso={e.startedAt} />
                </>
              ) : null}
              {e.stoppedAt ? (
                <>
                  {' '}
                  · stopped <LocalTime iso={e.stoppedAt} />
                </>
              ) : null}
            </div>
          </div>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <AutoRefresh active={e.status === 'RUNNING'} intervalMs={5000} />
            {e.status === 'DRAFT' ? (
              <ActionForm
                action={startExperimentAction.bind(null, shopId, e.id)}
                submitLabel="Start experiment"
                pendingLabel="Starting…"
                testId="start-experiment"
              />
            ) : null}
            {e.status === 'RUNNING' ? (
              <ActionForm
                action={stopExperimentAction.bind(null, shopId, e.id)}
                submitLabel="Stop experiment"
                pendingLabel="Stopping…"
                buttonClass="danger"
                confirm="Stop the experiment? It cannot be restarted."
                testId="stop-experiment"
              />
            ) : null}
          </div>
        </div>
        <div className={`notice ${TONE[verdict.tone]} verdict`} data-testid="verdict" data-kind={verdict.kind}>
          {verdict.headline}
        </div>
        {verdict.details.length > 0 ? (
          <ul className="small" style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {verdict.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : null}
      </div>

      <h2>Variants</h2>
      <div className="table-wrap">
        <table data-testid="results">
          <thead>
            <tr>
              <th>Variant</th>
              <th className="hide-narrow">Strategy</th>
              <th className="num">Traffic</th>
              <th className="num">Impressions</th>
              <th className="num">Clicks</th>
              <th className="num">CTR (95% interval)</th>
              <th className="num">Lift</th>
              <th className="num" title="always-valid (mSPRT): may be read at any time">
                p (always valid)
              </th>
              <th className="num hide-narrow" title="classic z-test: valid only at a horizon fixed in advance">
                p (fixed horizon)
              </th>
            </tr>
          </thead>
          <tbody>
            {e.variants.map((v) => {
              const res = byKey.get(v.key);
              const isControl = control?.key === v.key;
              const strategy = (v.strategy ?? {}) as { algorithm?: string; modelVersionId?: string };
              return (
                <tr key={v.key}>
                  <td>
                    <strong>{v.key}</strong> {isControl ? <span className="badge">control</span> : null}
                  </td>
                  <td className="hide-narrow small">
                    {strategy.algorithm ?? '?'}
                    {strategy.modelVersionId ? (
                      <span className="mono"> @{strategy.modelVersionId.slice(0, 8)}</span>
                    ) : null}
                  </td>
                  <td className="num">{formatPercent(v.weight, locale, 0)}</td>
                  <td className="num">{formatInteger(res?.impressions, locale)}</td>
                  <td className="num">{formatInteger(res?.clicks, locale)}</td>
                  <td className="num">
                    {res ? (
                      <>
                        {formatPercent(res.ctr, locale)}{' '}
                        <span className="small muted">
                          ({formatPercent(res.ctrLow, locale)}–{formatPercent(res.ctrHigh, locale)})
                        </span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="num">{isControl ? '—' : formatLift(res?.liftVsControl, locale)}</td>
                  <td className="num">{isControl ? '—' : formatPValue(res?.pValue, locale)}</td>
                  <td className="num hide-narrow">
                    {isControl ? '—' : formatPValue(fixed.get(v.key) ?? null, locale)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>Click-through rate over time</h2>
      <div className="panel">
        {!timeline.ok ? (
          timeline.error.code === 'NOT_SUPPORTED' ? (
            <NotAvailable>The daily CTR chart</NotAvailable>
          ) : (
            <ErrorMessage error={timeline.error} title="The daily results could not be loaded" />
          )
        ) : daily.length === 0 ? (
          <div className="empty">
            {e.status === 'DRAFT' ? 'The chart fills in once the experiment runs.' : 'No impressions recorded yet.'}
          </div>
        ) : (
          <CtrChart points={daily} locale={locale} />
        )}
      </div>
    </>
  );
}
