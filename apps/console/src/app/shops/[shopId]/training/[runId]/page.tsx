// One training run: live progress while it runs; then its held-out figures against the baselines and its
// model version with activate / roll back.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionForm } from '../../../../../components/action-form.tsx';
import { ActivateButton } from '../../../../../components/activate-button.tsx';
import { AutoRefresh } from '../../../../../components/auto-refresh.tsx';
import { LocalTime } from '../../../../../components/local-time.tsx';
import { ErrorMessage, StatusBadge } from '../../../../../components/messages.tsx';
import { MetricsChart } from '../../../../../components/metrics-chart.tsx';
import { ProgressBar } from '../../../../../components/progress-bar.tsx';
import { load } from '../../../../../lib/api.ts';
import {
  durationBetween,
  formatDecimal,
  formatDuration,
  formatInteger,
  formatLift,
  formatPercent,
} from '../../../../../lib/format.ts';
import { viewerLocale } from '../../../../../lib/locale.ts';
import { MEASURES, choiceSentence, gainOverBestBaseline, readMetrics } from '../../../../../lib/metrics.ts';
import { trainingRunPage } from '../../../../../lib/operations.ts';
import { cancelTrainingAction } from '../../../../actions.ts';

export const metadata: Metadata = { title: 'Training run' };

export default async function TrainingRunPage({
  params,
}: {
  readonly params: Promise<{ shopId: string; runId: string }>;
}) {
  const { shopId, runId } = await params;
  const locale = await viewerLocale();
  const r = await load(trainingRunPage, { id: runId });
  if (!r.ok) return <ErrorMessage error={r.error} title="The training run could not be loaded" />;
  const run = r.data.trainingRun;
  if (!run || run.shop.id !== shopId) notFound();
  const moving = run.status === 'QUEUED' || run.status === 'RUNNING';
  const metrics = readMetrics(run.metrics);
  const config = (run.config ?? {}) as Record<string, unknown>;
  return (
    <>
      <p>
        <Link href={`/shops/${shopId}/training`}>← Training</Link>
      </p>
      <div className="panel" data-testid="run">
        <div className="row">
          <h2 style={{ margin: 0 }}>
            Training run <StatusBadge status={run.status} />
          </h2>
          <AutoRefresh active={moving} />
        </div>
        <div className="small muted">
          created <LocalTime iso={run.createdAt} />
          {run.startedAt ? (
            <>
              {' '}
              · {moving ? 'running for' : 'took'}{' '}
              {formatDuration(durationBetween(run.startedAt, run.finishedAt, Date.now()), locale)}
            </>
          ) : null}
          {run.attempts > 1 ? ` · attempt ${run.attempts}` : ''}
        </div>
        <div style={{ display: 'flex', gap: 12, alignItems: 'center', marginTop: 12 }}>
          <div style={{ flex: 1 }}>
            <ProgressBar value={run.progress} label="Training progress" />
          </div>
          <strong data-testid="run-progress">{formatPercent(run.progress, locale, 0)}</strong>
          {moving ? (
            <ActionForm
              action={cancelTrainingAction.bind(null, shopId, run.id)}
              submitLabel="Cancel"
              pendingLabel="Cancelling…"
              buttonClass="danger"
            />
          ) : null}
        </div>
        {run.error ? <div className="notice error">{run.error}</div> : null}
        <details style={{ marginTop: 10 }}>
          <summary className="small muted">Configuration</summary>
          <div className="small mono">
            {Object.entries(config).map(([k, v]) => (
              <div key={k}>
                {k}: {JSON.stringify(v)}
              </div>
            ))}
          </div>
        </details>
      </div>

      {run.modelVersion ? (
        <div className="panel">
          <div className="row">
            <div>
              <h3 style={{ margin: 0 }}>
                Model version <code>{run.modelVersion.id.slice(0, 8)}</code>{' '}
                {run.modelVersion.active ? (
                  <span className="badge good">active</span>
                ) : (
                  <span className="badge">inactive</span>
                )}
              </h3>
              <div className="small muted">
                {run.modelVersion.algorithm}, {run.modelVersion.dimensions} dimensions,{' '}
                {formatInteger(run.modelVersion.itemCount, locale)} items
              </div>
            </div>
            {run.modelVersion.active ? null : (
              <ActivateButton shopId={shopId} modelVersionId={run.modelVersion.id} rollback={false} />
            )}
          </div>
        </div>
      ) : null}

      {metrics ? (
        <>
          <h2>Held-out evaluation</h2>
          {metrics.choice ? (
            <p data-testid="choice">
              <strong>{choiceSentence(metrics.choice)}</strong>
              {metrics.choice.validationCases !== null ? (
                <span className="small muted">
                  {' '}
                  Chosen on {formatInteger(metrics.choice.validationCases, locale)} validation cases carved from the end
                  of the training period; the test figures below were not used to choose.
                </span>
              ) : null}
            </p>
          ) : null}
          <p className="small muted">
            Leave-last-out next-item ranking on {formatInteger(metrics.cases, locale)} test sessions
            {metrics.split?.testFrom ? (
              <>
                {' '}
                from <LocalTime iso={metrics.split.testFrom} />
              </>
            ) : null}
            . Higher is better.
            {(() => {
              const g = gainOverBestBaseline(metrics, 'ndcg@10');
              return g === null ? null : (
                <>
                  {' '}
                  The served model’s NDCG@10 is <strong>{formatLift(g, locale)}</strong> against the best single
                  generator.
                </>
              );
            })()}
          </p>
          <div className="two-col">
            <div className="table-wrap">
              <table data-testid="metrics">
                <thead>
                  <tr>
                    <th>Scorer</th>
                    {MEASURES.map((m) => (
                      <th key={m} className="num">
                        {m.toUpperCase()}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {metrics.rows.map((row) => (
                    <tr key={row.scorer}>
                      <td>{row.label}</td>
                      {MEASURES.map((m) => (
                        <td key={m} className="num">
                          {formatDecimal(row.figures[m], locale, 4)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="panel" style={{ margin: 0 }}>
              <MetricsChart rows={metrics.rows.slice(0, 6)} locale={locale} />
            </div>
          </div>
        </>
      ) : null}
    </>
  );
}
