// Alignment of a tenant's shops: start a run, follow it, and check twin examples side by side (an item of
// shop A, its nearest item in shop B, the score). Built against the contract; parts the API does not serve
// yet say so instead of failing.
import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '../../components/action-form.tsx';
import { AutoRefresh } from '../../components/auto-refresh.tsx';
import { LocalTime } from '../../components/local-time.tsx';
import { Empty, ErrorMessage, NotAvailable, StatusBadge } from '../../components/messages.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { load, query } from '../../lib/api.ts';
import { formatDecimal, formatPercent, type Locale } from '../../lib/format.ts';
import { viewerLocale } from '../../lib/locale.ts';
import { alignmentRun, alignmentRuns, sessionItems, shopList, twinExamples } from '../../lib/operations.ts';
import { requireTenantSession } from '../../lib/session.ts';
import { startAlignmentAction } from '../actions.ts';

export const metadata: Metadata = { title: 'Alignment' };

export default async function AlignmentPage({
  searchParams,
}: {
  readonly searchParams: Promise<{ run?: string; from?: string; to?: string }>;
}) {
  await requireTenantSession();
  const sp = await searchParams;
  const locale = await viewerLocale();
  const [shops, runs, run] = await Promise.all([
    load(shopList, {}),
    query(alignmentRuns, {}),
    sp.run ? query(alignmentRun, { id: sp.run }) : null,
  ]);
  const shopRows = shops.ok ? shops.data.shops : [];
  const current = run?.ok ? run.data.alignmentRun : null;
  const pair = current && current.shops.length >= 2 ? [current.shops[0]!.id, current.shops[1]!.id] : null;
  const from = sp.from ?? pair?.[0];
  const to = sp.to ?? pair?.[1];
  let twins: Array<{
    sku: string;
    title: string;
    twin: { sku: string; title: string; score: number } | null;
    error: string | null;
  }> = [];
  if (from && to && current?.status === 'SUCCEEDED') {
    const sample = await query(sessionItems, { shopId: from, first: 10, query: null });
    const items = sample.ok ? (sample.data.shop?.items.edges ?? []).map((e) => e.node) : [];
    twins = await Promise.all(
      items.map(async (item) => {
        const t = await query(twinExamples, { shopId: from, toShopId: to, sku: item.sku });
        const best = t.ok ? t.data.twins.items[0] : undefined;
        return {
          sku: item.sku,
          title: item.title,
          twin: best ? { sku: best.item.sku, title: best.item.title, score: best.score } : null,
          error: t.ok ? null : t.error.message,
        };
      }),
    );
  }
  const handle = (id: string) => shopRows.find((s) => s.id === id)?.handle ?? id.slice(0, 8);
  return (
    <>
      <h1>Alignment</h1>
      <p className="muted">
        Aligning the shops’ item spaces lets one shop’s sessions find twins and recommendations in another.
      </p>
      <div className="panel">
        <h3 style={{ marginTop: 0 }}>Align shops</h3>
        {shopRows.length < 2 ? (
          <div className="muted">Alignment needs at least two shops with trained models.</div>
        ) : (
          <ActionForm action={startAlignmentAction} submitLabel="Start alignment" pendingLabel="Starting…">
            {shopRows.map((s) => (
              <label key={s.id} style={{ display: 'flex', gap: 6, alignItems: 'center', color: 'var(--text)' }}>
                <input type="checkbox" name="shopId" value={s.id} defaultChecked /> {s.handle}
              </label>
            ))}
          </ActionForm>
        )}
      </div>

      {run ? (
        !run.ok ? (
          <ErrorMessage error={run.error} title="The alignment run could not be loaded" />
        ) : current ? (
          <div className="panel">
            <div className="row">
              <h3 style={{ margin: 0 }}>
                Run <code>{current.id.slice(0, 8)}</code> <StatusBadge status={current.status} />
              </h3>
              <AutoRefresh active={current.status === 'QUEUED' || current.status === 'RUNNING'} />
            </div>
            <div className="small muted">shops {current.shops.map((s) => s.handle).join(', ')}</div>
            <div style={{ marginTop: 8 }}>
              <ProgressBar value={current.progress} label="Alignment progress" />{' '}
              {formatPercent(current.progress, locale, 0)}
            </div>
            {current.error ? <div className="notice error">{current.error}</div> : null}
            {current.metrics ? <AlignmentMetrics metrics={current.metrics} handle={handle} locale={locale} /> : null}
          </div>
        ) : (
          <Empty>No such alignment run.</Empty>
        )
      ) : null}

      {twins.length > 0 && from && to ? (
        <>
          <h2>
            Twins: {handle(from)} → {handle(to)}
          </h2>
          <div className="table-wrap">
            <table data-testid="twins">
              <thead>
                <tr>
                  <th>In {handle(from)}</th>
                  <th>Nearest in {handle(to)}</th>
                  <th className="num">Score</th>
                </tr>
              </thead>
              <tbody>
                {twins.map((t) => (
                  <tr key={t.sku}>
                    <td>
                      <span className="mono">{t.sku}</span> {t.title}
                    </td>
                    <td>
                      {t.twin ? (
                        <>
                          <span className="mono">{t.twin.sku}</span> {t.twin.title}
                        </>
                      ) : (
                        <span className="muted">{t.error ?? 'no twin'}</span>
                      )}
                    </td>
                    <td className="num">{t.twin ? formatDecimal(t.twin.score, locale, 3) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <h2>Runs</h2>
      {!runs.ok ? (
        runs.error.code === 'NOT_SUPPORTED' ? (
          <NotAvailable>The list of alignment runs</NotAvailable>
        ) : (
          <ErrorMessage error={runs.error} title="Alignment runs could not be loaded" />
        )
      ) : runs.data.alignmentRuns.length === 0 ? (
        <Empty>No alignment runs yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Created</th>
                <th>Shops</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.alignmentRuns.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link href={`/alignment?run=${a.id}`}>
                      <LocalTime iso={a.createdAt} />
                    </Link>
                  </td>
                  <td>{a.shops.map((s) => s.handle).join(', ')}</td>
                  <td>
                    <StatusBadge status={a.status} /> {formatPercent(a.progress, locale, 0)}
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

interface StepRow {
  shopId: string;
  phase: string;
  iteration: number;
  anchors: number;
  meanCsls: number;
  changed: number;
  interactionPairs: number;
}

/** The run's steps as a table: how many anchors each step induced and their mean CSLS, per shop. */
function AlignmentMetrics({
  metrics,
  handle,
  locale,
}: {
  readonly metrics: unknown;
  readonly handle: (id: string) => string;
  readonly locale: Locale;
}) {
  const m = (metrics ?? {}) as {
    steps?: StepRow[];
    shops?: Array<{ shopId: string; items: number; coldStart: boolean; placedFromFeatures: number }>;
    coldStartHoldoutCosine?: number | null;
  };
  return (
    <div style={{ marginTop: 12 }}>
      {m.shops ? (
        <div className="small muted" data-testid="alignment-shops">
          {m.shops
            .map(
              (s) =>
                `${handle(s.shopId)}: ${formatDecimal(s.items, locale, 0)} items` +
                (s.coldStart
                  ? ' (placed from its catalog: no trained model)'
                  : s.placedFromFeatures > 0
                    ? `, ${formatDecimal(s.placedFromFeatures, locale, 0)} placed from features`
                    : ''),
            )
            .join(' · ')}
          {m.coldStartHoldoutCosine != null
            ? ` · feature placement cosine on held-out items ${formatDecimal(m.coldStartHoldoutCosine, locale, 3)}`
            : ''}
        </div>
      ) : null}
      {m.steps && m.steps.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="alignment-steps">
            <thead>
              <tr>
                <th>Shop</th>
                <th>Step</th>
                <th className="num">Anchors</th>
                <th className="num">Mean CSLS</th>
                <th className="num">Changed</th>
                <th className="num">Shopper pairs</th>
              </tr>
            </thead>
            <tbody>
              {m.steps.map((s, i) => (
                <tr key={i}>
                  <td>{handle(s.shopId)}</td>
                  <td>
                    {s.phase} {s.iteration}
                  </td>
                  <td className="num">{formatDecimal(s.anchors, locale, 0)}</td>
                  <td className="num">{formatDecimal(s.meanCsls, locale, 3)}</td>
                  <td className="num">{formatDecimal(s.changed, locale, 0)}</td>
                  <td className="num">{formatDecimal(s.interactionPairs, locale, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
