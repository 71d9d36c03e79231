// A shop at a glance: what is imported, the active model and how it compares with the baselines, recent
// runs and experiments.
import Link from 'next/link';
import { LocalTime } from '../../../components/local-time.tsx';
import { ErrorMessage, StatusBadge } from '../../../components/messages.tsx';
import { load } from '../../../lib/api.ts';
import { formatInteger, formatLift } from '../../../lib/format.ts';
import { viewerLocale } from '../../../lib/locale.ts';
import { gainOverBestBaseline, readMetrics } from '../../../lib/metrics.ts';
import { shopOverview } from '../../../lib/operations.ts';

export default async function ShopOverview({ params }: { readonly params: Promise<{ shopId: string }> }) {
  const { shopId } = await params;
  const locale = await viewerLocale();
  const r = await load(shopOverview, { shopId });
  if (!r.ok) return <ErrorMessage error={r.error} title="The shop could not be loaded" />;
  const { shop, trainingRuns, experiments } = r.data;
  if (!shop) return null;
  const base = `/shops/${shop.id}`;
  const metrics = shop.activeModel ? readMetrics(shop.activeModel.metrics) : null;
  const gain = metrics ? gainOverBestBaseline(metrics, 'ndcg@10') : null;
  const steps = [
    { done: shop.itemCount > 0, text: 'Import the catalog', href: `${base}/imports` },
    { done: shop.eventCount > 0, text: 'Import browsing events', href: `${base}/imports` },
    { done: shop.activeModel !== null, text: 'Train a model', href: `${base}/training` },
    { done: experiments.some((e) => e.status !== 'DRAFT'), text: 'Run an experiment', href: `${base}/experiments` },
  ];
  return (
    <>
      <div className="grid">
        <div className="panel">
          <h3 style={{ marginTop: 0 }}>Getting there</h3>
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            {steps.map((s) => (
              <li key={s.text}>
                <Link href={s.href}>{s.text}</Link> {s.done ? <span className="badge good">done</span> : null}
              </li>
            ))}
          </ol>
        </div>
        <div className="panel">
          <h3 style={{ marginTop: 0 }}>Active model</h3>
          {shop.activeModel ? (
            <>
              <div>
                {shop.activeModel.algorithm}, {shop.activeModel.dimensions} dimensions,{' '}
                {formatInteger(shop.activeModel.itemCount, locale)} items
              </div>
              <div className="small muted">
                since <LocalTime iso={shop.activeModel.createdAt} />
              </div>
              {gain !== null ? (
                <div style={{ marginTop: 6 }}>
                  NDCG@10 <strong>{formatLift(gain, locale)}</strong> against the best baseline
                </div>
              ) : null}
            </>
          ) : (
            <div className="muted">None yet: train one.</div>
          )}
        </div>
        <div className="panel">
          <h3 style={{ marginTop: 0 }}>Recent</h3>
          {trainingRuns.length === 0 && shop.importJobs.length === 0 ? <div className="muted">Nothing yet.</div> : null}
          {shop.importJobs.map((j) => (
            <div key={j.id}>
              <Link href={`${base}/imports/${j.id}`}>Import {j.kind.toLowerCase()}</Link>{' '}
              <StatusBadge status={j.status} />{' '}
              <span className="small muted">{formatInteger(j.accepted, locale)} rows</span>
            </div>
          ))}
          {trainingRuns.map((t) => (
            <div key={t.id}>
              <Link href={`${base}/training/${t.id}`}>Training run</Link> <StatusBadge status={t.status} />{' '}
              <span className="small muted">
                <LocalTime iso={t.createdAt} />
              </span>
            </div>
          ))}
          {experiments.slice(0, 3).map((e) => (
            <div key={e.id}>
              <Link href={`${base}/experiments/${e.id}`}>{e.name}</Link> <StatusBadge status={e.status} />
            </div>
          ))}
        </div>
      </div>
    </>
  );
}
