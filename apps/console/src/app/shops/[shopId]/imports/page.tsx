// Imports: upload a file, and the shop's imports with their counts.
import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '../../../../components/auto-refresh.tsx';
import { LocalTime } from '../../../../components/local-time.tsx';
import { Empty, ErrorMessage, StatusBadge } from '../../../../components/messages.tsx';
import { UploadForm } from '../../../../components/upload-form.tsx';
import { load } from '../../../../lib/api.ts';
import { formatInteger } from '../../../../lib/format.ts';
import { viewerLocale } from '../../../../lib/locale.ts';
import { importsPage } from '../../../../lib/operations.ts';

export const metadata: Metadata = { title: 'Imports' };

export default async function ImportsPage({ params }: { readonly params: Promise<{ shopId: string }> }) {
  const { shopId } = await params;
  const locale = await viewerLocale();
  const r = await load(importsPage, { shopId });
  const jobs = r.ok ? (r.data.shop?.importJobs ?? []) : [];
  return (
    <>
      <div className="panel">
        <h3 style={{ marginTop: 0 }}>Import a file</h3>
        <UploadForm shopId={shopId} />
        <p className="small muted" style={{ marginBottom: 0 }}>
          Items need <code>sku</code> and <code>title</code>; events need <code>eventId</code>, <code>sessionId</code>,{' '}
          <code>type</code> and <code>occurredAt</code>. Bad rows are reported by line number and the rest is imported.
        </p>
      </div>
      <div className="row">
        <h2>Imports</h2>
        <AutoRefresh active={jobs.some((j) => j.status === 'RUNNING')} intervalMs={2000} />
      </div>
      {!r.ok ? (
        <ErrorMessage error={r.error} title="Imports could not be loaded" />
      ) : jobs.length === 0 ? (
        <Empty>No imports yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="imports">
            <thead>
              <tr>
                <th>Started</th>
                <th>Kind</th>
                <th>Status</th>
                <th className="num">Rows</th>
                <th className="num">Accepted</th>
                <th className="num hide-narrow">Duplicates</th>
                <th className="num">Rejected</th>
                <th className="hide-narrow">Source</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link href={`/shops/${shopId}/imports/${j.id}`}>
                      <LocalTime iso={j.startedAt} />
                    </Link>
                  </td>
                  <td>{j.kind.toLowerCase()}</td>
                  <td>
                    <StatusBadge status={j.status} />
                  </td>
                  <td className="num">{formatInteger(j.rowsRead, locale)}</td>
                  <td className="num">{formatInteger(j.accepted, locale)}</td>
                  <td className="num hide-narrow">{formatInteger(j.duplicates, locale)}</td>
                  <td className="num">
                    {j.rejected > 0 ? (
                      <Link href={`/shops/${shopId}/imports/${j.id}`}>{formatInteger(j.rejected, locale)}</Link>
                    ) : (
                      '0'
                    )}
                  </td>
                  <td className="hide-narrow small">
                    {j.source ?? <span className="muted">—</span>} <span className="muted">{j.format}</span>
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
