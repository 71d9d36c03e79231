// A shop's frame: its name, counts and active model, and tabs for its pages.
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { ErrorMessage } from '../../../components/messages.tsx';
import { NavLink } from '../../../components/nav-link.tsx';
import { load } from '../../../lib/api.ts';
import { formatInteger } from '../../../lib/format.ts';
import { viewerLocale } from '../../../lib/locale.ts';
import { shopHeader } from '../../../lib/operations.ts';
import { requireTenantSession } from '../../../lib/session.ts';

export default async function ShopLayout({
  children,
  params,
}: {
  readonly children: ReactNode;
  readonly params: Promise<{ shopId: string }>;
}) {
  await requireTenantSession();
  const { shopId } = await params;
  const locale = await viewerLocale();
  const r = await load(shopHeader, { id: shopId });
  if (!r.ok) return <ErrorMessage error={r.error} title="The shop could not be loaded" />;
  const shop = r.data.shop;
  if (!shop) notFound();
  const base = `/shops/${shop.id}`;
  return (
    <>
      <div className="row">
        <div>
          <h1 data-testid="shop-name">
            {shop.name} <span className="badge">{shop.handle}</span>
          </h1>
          <div className="small muted">
            {formatInteger(shop.itemCount, locale)} items · {formatInteger(shop.eventCount, locale)} events ·{' '}
            {shop.currency}
            {' · '}
            {shop.activeModel ? (
              <>
                active model <code>{shop.activeModel.id.slice(0, 8)}</code> ({shop.activeModel.algorithm},{' '}
                {formatInteger(shop.activeModel.itemCount, locale)} items)
              </>
            ) : (
              'no active model yet'
            )}
          </div>
        </div>
      </div>
      <nav className="tabs" aria-label="Shop">
        <NavLink href={base} exact>
          Overview
        </NavLink>
        <NavLink href={`${base}/catalog`}>Catalog</NavLink>
        <NavLink href={`${base}/imports`}>Imports</NavLink>
        <NavLink href={`${base}/training`}>Training &amp; models</NavLink>
        <NavLink href={`${base}/experiments`}>Experiments</NavLink>
        <NavLink href={`${base}/playground`}>Playground</NavLink>
        <NavLink href={`${base}/map`}>Embedding map</NavLink>
      </nav>
      {children}
    </>
  );
}
