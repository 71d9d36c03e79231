// Training: start a run, watch runs progress live, and the model versions they produced with activate /
// roll back; the response model's refits beside them.
import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '../../../../components/action-form.tsx';
import { ActivateButton } from '../../../../components/activate-button.tsx';
import { AutoRefresh } from '../../../../components/auto-refresh.tsx';
import { LocalTime } from '../../../../components/local-time.tsx';
import { Empty, ErrorMessage, StatusBadge } from '../../../../components/messages.tsx';
import { ProgressBar } from '../../../../components/progress-bar.tsx';
import { load } from '../../../../lib/api.ts';
import { formatDecimal, formatInteger, formatPercent } from '../../../../lib/format.ts';
import { viewerLocale } from '../../../../lib/locale.ts';
import { readMetrics } from '../../../../lib/metrics.ts';
import { trainingPage } from '../../../../lib/operations.ts';
import { startTrainingAction } from '../../../actions.ts';
import { ResponsePanel } from './response-panel.tsx';
import { SchedulePanel } from './schedule-panel.tsx';

export const metadata: Metadata = { title: 'Training' };

export default async function TrainingPage({ params }: { readonly params: Promise<{ shopId: string }> }) {
  const { shopId } = await params;
  const locale = await viewerLocale();
  const r = await load(trainingPage, { shopId });
  if (!r.ok) return <ErrorMessage error={r.error} title="Training runs could not be loaded" />;
  const runs = r.data.trainingRuns;
  const activeId = r.data.shop?.activeModel?.id ?? null;
  const moving = runs.some((run) => run.status === 'QUEUED' || run.status === 'RUNNING');
  const models = runs.flatMap((run) => (run.modelVersion ? [{ run, model: run.modelVersion }] : []));
  const activeCreated = models.find((m) => m.model.id === activeId)?.model.createdAt ?? null;
  return (
    <>
      <div className="panel">
        <h3 style={{ marginTop: 0 }}>Train a model</h3>
        <ActionForm
          action={startTrainingAction.bind(null, shopId)}
          submitLabel="Start training"
          pendingLabel="Starting…"
          testId="start-training"
        >
          <label>
            Algorithm
            <select name="algorithm" defaultValue="item2vec-cbow">
              <option value="item2vec-cbow">item2vec CBOW</option>
              <option value="item2vec-sg">item2vec skip-gram</option>
            </select>
          </label>
          <label>
            Dimensions
            <input name="dimensions" type="number" min={2} max={512} placeholder="64" style={{ width: 90 }} />
          </label>
          <label>
            Epochs
            <input name="epochs" type="number" min={1} max={1000} placeholder="10" style={{ width: 80 }} />
          </label>
          <label>
            Window
            <input name="window" type="number" min={0} max={100} placeholder="5" style={{ width: 80 }} />
          </label>
          <label>
            Blend with item-kNN
            <input name="blend" type="number" min={0} max={1} step={0.05} placeholder="0" style={{ width: 90 }} />
          </label>
          <label>
            Test from
            <input name="testFrom" type="date" />
          </label>
        </ActionForm>
        <p className="small muted" style={{ marginBottom: 0 }}>
          Empty fields use the API’s defaults. Starting again while a run is queued or running returns that run.
        </p>
      </div>
      <SchedulePanel shopId={shopId} />
      <ResponsePanel shopId={shopId} />

      <div className="row">
        <h2>Runs</h2>
        <AutoRefresh active={moving} />
      </div>
      {runs.length === 0 ? (
        <Empty>No training runs yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="runs">
            <thead>
              <tr>
                <th>Created</th>
                <th>Status</th>
                <th style={{ minWidth: 160 }}>Progress</th>
                <th className="num hide-narrow">NDCG@10</th>
                <th className="hide-narrow">Model</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => {
                const m = run.modelVersion ? readMetrics(run.modelVersion.metrics) : null;
                return (
                  <tr key={run.id}>
                    <td>
                      <Link href={`/shops/${shopId}/training/${run.id}`}>
                        <LocalTime iso={run.createdAt} />
                      </Link>
                    </td>
                    <td>
                      <StatusBadge status={run.status} />
                      {run.attempts > 1 ? <span className="small muted"> attempt {run.attempts}</span> : null}
                    </td>
                    <td>
                      {run.status === 'RUNNING' || run.status === 'QUEUED' ? (
                        <>
                          <ProgressBar value={run.progress} label="Training progress" />
                          <span className="small muted">{formatPercent(run.progress, locale, 0)}</span>
                        </>
                      ) : run.error ? (
                        <span className="small" style={{ color: 'var(--bad)' }}>
                          {run.error}
                        </span>
                      ) : (
                        <span className="small muted">{formatPercent(run.progress, locale, 0)}</span>
                      )}
                    </td>
                    <td className="num hide-narrow">
                      {formatDecimal(m?.rows.find((x) => x.scorer === 'served')?.figures['ndcg@10'], locale, 4)}
                    </td>
                    <td className="hide-narrow">
                      {run.modelVersion ? (
                        run.modelVersion.active ? (
                          <span className="badge good">active</span>
                        ) : (
                          <span className="badge">inactive</span>
                        )
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2>Model versions</h2>
      {models.length === 0 ? (
        <Empty>No model versions yet: a successful run produces one.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="models">
            <thead>
              <tr>
                <th>Version</th>
                <th>Created</th>
                <th className="hide-narrow">Algorithm</th>
                <th className="num">Items</th>
                <th className="num">HR@10</th>
                <th className="num">NDCG@10</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {models.map(({ run, model }) => {
                const served = readMetrics(model.metrics)?.rows.find((x) => x.scorer === 'served');
                return (
                  <tr key={model.id}>
                    <td className="mono">
                      <Link href={`/shops/${shopId}/training/${run.id}`}>{model.id.slice(0, 8)}</Link>
                    </td>
                    <td>
                      <LocalTime iso={model.createdAt} />
                    </td>
                    <td className="hide-narrow">
                      {model.algorithm}, {model.dimensions}d
                    </td>
                    <td className="num">{formatInteger(model.itemCount, locale)}</td>
                    <td className="num">{formatDecimal(served?.figures['hr@10'], locale, 4)}</td>
                    <td className="num">{formatDecimal(served?.figures['ndcg@10'], locale, 4)}</td>
                    <td>
                      {model.id === activeId ? (
                        <span className="badge good">active</span>
                      ) : (
                        <ActivateButton
                          shopId={shopId}
                          modelVersionId={model.id}
                          rollback={activeCreated !== null && model.createdAt < activeCreated}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
