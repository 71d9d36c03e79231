// One import: its counts, its message, and the row errors by line number.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AutoRefresh } from '../../../../../components/auto-refresh.tsx';
import { LocalTime } from '../../../../../components/local-time.tsx';
import { ErrorMessage, StatusBadge } from '../../../../../components/messages.tsx';
import { load } from '../../../../../lib/api.ts';
import { durationBetween, formatDuration, formatInteger } from '../../../../../lib/format.ts';
import { viewerLocale } from '../../../../../lib/locale.ts';
import { importJobPage } from '../../../../../lib/operations.ts';

export const metadata: Metadata = { title: 'Import' };

export default async function ImportJobPage({
  params,
}: {
  readonly params: Promise<{ shopId: string; jobId: string }>;
}) {
  const { shopId, jobId } = await params;
  const locale = await viewerLocale();
  const r = await load(importJobPage, { id: jobId });
  if (!r.ok) return <ErrorMessage error={r.error} title="The import could not be loaded" />;
  const job = r.data.importJob;
  if (!job || job.shop.id !== shopId) notFound();
  const stats: Array<[string, number]> = [
    ['rows read', job.rowsRead],
    ['accepted', job.accepted],
    ['duplicates', job.duplicates],
    ['rejected', job.rejected],
    ['skipped', job.skipped],
  ];
  return (
    <>
      <p>
        <Link href={`/shops/${shopId}/imports`}>← Imports</Link>
      </p>
      <div className="panel">
        <div className="row">
          <h2 style={{ margin: 0 }}>
            {job.kind === 'ITEMS' ? 'Items' : 'Events'} import <StatusBadge status={job.status} />
          </h2>
          <AutoRefresh active={job.status === 'RUNNING'} />
        </div>
        <div className="small muted">
          {job.source ?? 'upload'} ({job.format}) · started <LocalTime iso={job.startedAt} />
          {job.finishedAt
            ? ` · took ${formatDuration(durationBetween(job.startedAt, job.finishedAt, Date.now()), locale)}`
            : ''}
        </div>
        <div className="stats" style={{ marginTop: 12 }}>
          {stats.map(([label, value]) => (
            <div className="stat" key={label}>
              <div className="value">{formatInteger(value, locale)}</div>
              <div className="label">{label}</div>
            </div>
          ))}
        </div>
        {job.message ? (
          <div className={`notice ${job.status === 'FAILED' ? 'error' : 'info'}`}>{job.message}</div>
        ) : null}
      </div>
      <h2>Row errors</h2>
      {job.errors.length === 0 ? (
        <div className="empty panel">No row errors.</div>
      ) : (
        <>
          {job.rejected > job.errors.length ? (
            <p className="small muted">
              The first {formatInteger(job.errors.length, locale)} of {formatInteger(job.rejected, locale)} rejected
              rows.
            </p>
          ) : null}
          <div className="table-wrap">
            <table data-testid="row-errors">
              <thead>
                <tr>
                  <th className="num">Line</th>
                  <th>Field</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {job.errors.map((e, i) => (
                  <tr key={`${e.index}-${i}`}>
                    <td className="num">{formatInteger(e.index, locale)}</td>
                    <td className="mono">{e.field ?? '—'}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
