// Recommendations playground: build a session from skus (typed or picked from a search), and see what the
// API answers for next items, similar items and (with a second shop) cross-shop items, with reasons.
// Everything lives in the URL, so a session can be shared.
import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorMessage } from '../../../../components/messages.tsx';
import { load, query } from '../../../../lib/api.ts';
import { formatDecimal, formatMoney } from '../../../../lib/format.ts';
import { viewerLocale } from '../../../../lib/locale.ts';
import type { Result } from '../../../../lib/api.ts';
import type { Locale } from '../../../../lib/format.ts';
import {
  crossShopPlayground,
  sessionItems,
  sessionPlayground,
  shopHeader,
  shopList,
  similarPlayground,
} from '../../../../lib/operations.ts';
import type { SessionPlaygroundQuery } from '../../../../generated/graphql.ts';

export const metadata: Metadata = { title: 'Playground' };

type List = SessionPlaygroundQuery['sessionRecommendations'];

const pick = <T, U>(r: Result<T> | null, f: (d: T) => U): Result<U> | null =>
  r === null ? null : r.ok ? { ok: true, data: f(r.data) } : r;

const parseSkus = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .slice(0, 50);

function href(
  shopId: string,
  p: { skus: string[]; sku?: string | undefined; to?: string | undefined; find?: string | undefined },
): string {
  const q = new URLSearchParams();
  if (p.skus.length > 0) q.set('skus', p.skus.join(','));
  if (p.sku) q.set('sku', p.sku);
  if (p.to) q.set('to', p.to);
  if (p.find) q.set('find', p.find);
  return `/shops/${shopId}/playground?${q.toString()}`;
}

function Answer({
  title,
  r,
  currency,
  locale,
  testId,
}: {
  readonly title: string;
  readonly r: Result<List> | null;
  readonly currency: string;
  readonly locale: Locale;
  readonly testId: string;
}) {
  return (
    <div className="panel" data-testid={testId}>
      <h3 style={{ marginTop: 0 }}>{title}</h3>
      {r === null ? (
        <div className="muted">Add skus to the session to ask.</div>
      ) : !r.ok ? (
        <ErrorMessage error={r.error} title="No answer" />
      ) : r.data.items.length === 0 ? (
        <div className="muted">No recommendations.</div>
      ) : (
        <>
          <div className="small muted">
            model {r.data.modelVersionId ? <code>{r.data.modelVersionId.slice(0, 8)}</code> : 'none'}
            {r.data.variant ? ` · variant ${r.data.variant}` : ''} · request{' '}
            <code title={r.data.requestId}>…{r.data.requestId.slice(-8)}</code>
          </div>
          <ol style={{ paddingLeft: 20, margin: '8px 0 0' }}>
            {r.data.items.map((x) => (
              <li key={x.item.sku} style={{ marginBottom: 4 }}>
                <span className="mono">{x.item.sku}</span> {x.item.title}{' '}
                <span className="small muted">
                  {formatMoney(x.item.price, currency, locale)} · score {formatDecimal(x.score, locale, 3)}
                </span>
                {x.reason ? <div className="small muted">{x.reason}</div> : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

export default async function PlaygroundPage({
  params,
  searchParams,
}: {
  readonly params: Promise<{ shopId: string }>;
  readonly searchParams: Promise<{ skus?: string; sku?: string; to?: string; find?: string }>;
}) {
  const { shopId } = await params;
  const sp = await searchParams;
  const locale = await viewerLocale();
  const skus = parseSkus(sp.skus);
  const sku = sp.sku?.trim() || skus.at(-1);
  const to = sp.to?.trim() || undefined;
  const find = sp.find?.trim() || undefined;
  const [header, shops, next, similar, cross, found] = await Promise.all([
    load(shopHeader, { id: shopId }),
    query(shopList, {}),
    skus.length > 0 ? query(sessionPlayground, { shopId, skus, first: 10 }) : null,
    sku ? query(similarPlayground, { shopId, sku, first: 10 }) : null,
    to && skus.length > 0 ? query(crossShopPlayground, { fromShopId: shopId, toShopId: to, skus, first: 10 }) : null,
    query(sessionItems, { shopId, first: 12, query: find ?? null }),
  ]);
  const currency = header.ok ? (header.data.shop?.currency ?? 'EUR') : 'EUR';
  const others = shops.ok ? shops.data.shops.filter((s) => s.id !== shopId) : [];
  return (
    <>
      <form className="inline panel" method="get" action={`/shops/${shopId}/playground`} data-testid="playground-form">
        <label style={{ flex: '2 1 320px' }}>
          Session skus, oldest first
          <input name="skus" defaultValue={skus.join(', ')} placeholder="85123A, 71053" />
        </label>
        <label style={{ flex: '1 1 140px' }}>
          Similar to sku
          <input name="sku" defaultValue={sp.sku ?? ''} placeholder={skus.at(-1) ?? 'last in session'} />
        </label>
        {others.length > 0 ? (
          <label>
            Cross-shop into
            <select name="to" defaultValue={to ?? ''}>
              <option value="">—</option>
              {others.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.handle}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit">Recommend</button>
        {skus.length > 0 ? (
          <Link className="button secondary" href={`/shops/${shopId}/playground`}>
            Clear
          </Link>
        ) : null}
      </form>

      <div className="two-col">
        <Answer
          title="Next items for this session"
          r={pick(next, (d) => d.sessionRecommendations)}
          currency={currency}
          locale={locale}
          testId="next-items"
        />
        <Answer
          title={sku ? `Similar to ${sku}` : 'Similar items'}
          r={pick(similar, (d) => d.similarItems)}
          currency={currency}
          locale={locale}
          testId="similar-items"
        />
      </div>
      {to ? (
        <Answer
          title="Cross-shop"
          r={pick(cross, (d) => d.crossShopRecommendations)}
          currency={currency}
          locale={locale}
          testId="cross-shop"
        />
      ) : null}

      <div className="panel">
        <h3 style={{ marginTop: 0 }}>Pick items</h3>
        <form className="inline" method="get" action={`/shops/${shopId}/playground`}>
          {skus.length > 0 ? <input type="hidden" name="skus" value={skus.join(',')} /> : null}
          {to ? <input type="hidden" name="to" value={to} /> : null}
          <label>
            Search the catalog
            <input name="find" type="search" defaultValue={find ?? ''} placeholder="mug, lantern…" />
          </label>
          <button type="submit" className="secondary">
            Find
          </button>
        </form>
        {!found.ok ? (
          <ErrorMessage error={found.error} title="Search failed" />
        ) : (
          <ul style={{ paddingLeft: 18 }}>
            {(found.data.shop?.items.edges ?? []).map(({ node }) => (
              <li key={node.sku}>
                <Link href={href(shopId, { skus: [...skus.filter((s) => s !== node.sku), node.sku], to, find })}>
                  + add
                </Link>{' '}
                <span className="mono">{node.sku}</span> {node.title}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
