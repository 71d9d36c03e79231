// The catalog: search by text and page through with cursors. The URL holds the query, the cursor and the
// cursors of the pages before it, so every page can be shared and "Previous" needs no client state.
import type { Metadata } from 'next';
import Link from 'next/link';
import { Empty, ErrorMessage } from '../../../../components/messages.tsx';
import { load } from '../../../../lib/api.ts';
import { formatInteger, formatMoney } from '../../../../lib/format.ts';
import { viewerLocale } from '../../../../lib/locale.ts';
import { catalogPage } from '../../../../lib/operations.ts';
import { catalogHref, pageSize, parseTrail } from '../../../../lib/paging.ts';

export const metadata: Metadata = { title: 'Catalog' };

export default async function CatalogPage({
  params,
  searchParams,
}: {
  readonly params: Promise<{ shopId: string }>;
  readonly searchParams: Promise<{ q?: string; after?: string; trail?: string; size?: string }>;
}) {
  const { shopId } = await params;
  const sp = await searchParams;
  const q = sp.q?.trim() || undefined;
  const size = pageSize(sp.size);
  const trail = parseTrail(sp.trail);
  const locale = await viewerLocale();
  const r = await load(catalogPage, { shopId, first: size, after: sp.after ?? null, query: q ?? null });
  const base = `/shops/${shopId}/catalog`;
  return (
    <>
      <form className="inline" method="get" action={base} role="search" style={{ marginBottom: 12 }}>
        <label>
          Search
          <input name="q" defaultValue={q ?? ''} placeholder="title or sku" type="search" />
        </label>
        <label>
          Per page
          <select name="size" defaultValue={String(size)}>
            {[25, 50, 100].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
        {q ? (
          <Link href={base} className="button secondary">
            Clear
          </Link>
        ) : null}
      </form>
      {!r.ok ? (
        <ErrorMessage error={r.error} title="The catalog could not be loaded" />
      ) : !r.data.shop ? null : r.data.shop.items.edges.length === 0 ? (
        <Empty>{q ? `No items match “${q}”.` : 'The catalog is empty. Import items on the Imports tab.'}</Empty>
      ) : (
        <>
          <div className="small muted" style={{ marginBottom: 6 }} data-testid="catalog-count">
            {formatInteger(r.data.shop.items.totalCount, locale)} items{q ? ` matching “${q}”` : ''} · page{' '}
            {trail.length + 1}
          </div>
          <div className="table-wrap">
            <table data-testid="catalog">
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>Title</th>
                  <th className="hide-narrow">Category</th>
                  <th className="hide-narrow">Brand</th>
                  <th className="num">Price</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {r.data.shop.items.edges.map(({ node }) => (
                  <tr key={node.sku}>
                    <td className="mono">
                      <Link
                        href={`/shops/${shopId}/playground?sku=${encodeURIComponent(node.sku)}&skus=${encodeURIComponent(node.sku)}`}
                      >
                        {node.sku}
                      </Link>
                    </td>
                    <td>{node.title}</td>
                    <td className="hide-narrow small">
                      {node.category.join(' › ') || <span className="muted">—</span>}
                    </td>
                    <td className="hide-narrow">{node.brand ?? <span className="muted">—</span>}</td>
                    <td className="num">{formatMoney(node.price, r.data.shop?.currency ?? 'EUR', locale)}</td>
                    <td>
                      {node.active ? (
                        <span className="badge good">active</span>
                      ) : (
                        <span className="badge">inactive</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            {trail.length > 0 ? (
              <Link
                className="button secondary"
                href={catalogHref(base, { q, size, after: trail.at(-1), trail: trail.slice(0, -1) })}
              >
                ← Previous
              </Link>
            ) : null}
            {r.data.shop.items.pageInfo.hasNextPage && r.data.shop.items.pageInfo.endCursor ? (
              <Link
                className="button secondary"
                data-testid="next-page"
                href={catalogHref(base, {
                  q,
                  size,
                  after: r.data.shop.items.pageInfo.endCursor,
                  trail: [...trail, sp.after ?? ''],
                })}
              >
                Next →
              </Link>
            ) : null}
          </div>
        </>
      )}
    </>
  );
}
