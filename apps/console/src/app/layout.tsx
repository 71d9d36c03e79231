// The console's frame: a sidebar for a signed-in session, nothing but the page for the sign-in screen.
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { NavLink } from '../components/nav-link.tsx';
import { currentSession } from '../lib/session.ts';
import { signOut } from './actions.ts';
import './globals.css';

export const metadata: Metadata = { title: { default: 'Shopspace console', template: '%s · Shopspace' } };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { readonly children: ReactNode }) {
  const session = await currentSession();
  return (
    <html lang="en">
      <body>
        {session ? (
          <div className="shell">
            <nav className="sidebar" aria-label="Main">
              <div className="brand">Shopspace</div>
              {session.role === 'operator' ? (
                <>
                  <NavLink href="/tenants">Tenants</NavLink>
                  {/* A route handler, not a page: a plain link, so the dashboard loads as its own document. */}
                  <a className="nav-link" href="/queues" data-testid="queues-link">
                    Job queues
                  </a>
                </>
              ) : (
                <>
                  <NavLink href="/shops">Shops</NavLink>
                  <NavLink href="/keys">API keys</NavLink>
                  <NavLink href="/alignment">Alignment</NavLink>
                </>
              )}
              <div className="who">
                <span data-testid="who">{session.role === 'operator' ? 'Operator' : session.tenantName}</span>
                <form action={signOut}>
                  <button type="submit" className="secondary">
                    Sign out
                  </button>
                </form>
              </div>
            </nav>
            <main className="main">{children}</main>
          </div>
        ) : (
          <main>{children}</main>
        )}
      </body>
    </html>
  );
}
